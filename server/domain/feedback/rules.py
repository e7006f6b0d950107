"""Lookups over the feedback part of the document: answer labels, and which card is which."""

from __future__ import annotations

from ..document import AGREE_LABELS, COMMENT_MIN_GROUP, MIN_K, YESNO_LABELS, Card, Feedback, Group, Kind


def labels(kind: Kind, options: list[str]) -> list[str]:
    if kind == "agree":
        return list(AGREE_LABELS)
    if kind == "yesno":
        return list(YESNO_LABELS)
    if kind == "choice":
        return list(options)
    return []


def find_card(fb: Feedback, card_id: str) -> Card | None:
    return next((c for c in fb.cards if c.id == card_id), None)


def current_card(fb: Feedback) -> Card | None:
    """The card members and the display are shown: the latest, if open or revealed."""
    if not fb.cards:
        return None
    card = fb.cards[-1]
    return card if card.status == "open" or card.revealed else None


def open_card(fb: Feedback) -> Card | None:
    return next((c for c in fb.cards if c.status == "open"), None)


def comment_threshold(k: int, members: int) -> int | None:
    """The fewest answers to a question for its comments to be read: one more than counts need.
    None in a group smaller than COMMENT_MIN_GROUP, where comments are never shown."""
    return None if members < COMMENT_MIN_GROUP else max(k, MIN_K) + 1


def answering_ended(before: Group, after: Group) -> bool:
    """Did a card that was open in `before` close in `after`? (Its history can then be erased.)"""
    was_open = {c.id for c in before.feedback.cards if c.status == "open"}
    return any(c.id in was_open and c.status == "closed" for c in after.feedback.cards)
