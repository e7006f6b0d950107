"""Lookups over the feedback part of the document: answer labels, and which card is which."""

from __future__ import annotations

from ..document import AGREE_LABELS, YESNO_LABELS, Card, Feedback, Kind


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
