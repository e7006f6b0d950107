"""Facilitators push feedback cards (one prompt or a short survey), close and reveal them.

A closed card never reopens and its results never change again, so no one can watch a
result move and tell what the latest answer was.
"""

from __future__ import annotations

import msgspec

from ..document import (
    MAX_CARDS,
    MAX_QUESTIONS,
    MAX_TITLE,
    MIN_K,
    Card,
    Feedback,
    Group,
    Hex32,
    Question,
    Tally,
)
from ..limits import MAX_MEMBERS
from ..refusal import CONFLICT, INVALID, NOT_FOUND, Phrase, Refused, Unchanged
from ..registry import FACILITATORS, Actor, command
from ..text import clean
from .builtin import TITLES
from .questions import QuestionSpec, question_from
from .rules import comment_threshold, find_card, labels, open_card


class Open(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    questions: list[QuestionSpec]
    title: str | None = None
    key: Hex32  # the card's random MAC key, supplied by the server


class CardRef(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    card_id: str


class Threshold(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    k: int


def card_of(fb: Feedback, card_id: str) -> Card:
    card = find_card(fb, card_id)
    if card is None:
        raise Refused(NOT_FOUND, "That feedback prompt does not exist.")
    return card


def close(card: Card) -> None:
    """Stop answers and forget the ballot bookkeeping: only counts and comments remain.

    What can never be shown (a closed card never reopens) is not kept either: answers to a
    question with fewer than k of them (only how many there were), and the text of comments to a
    question answered by fewer than the card's comment threshold (only how many there were).
    """
    card.status = "closed"
    card.key = None
    card.issued = {}
    card.spent = []
    for tally in card.tallies:
        if tally.answered < max(card.k, MIN_K):
            tally.counts = [0] * len(tally.counts)
            tally.comments = []
        elif card.comment_k is None or tally.answered < card.comment_k:
            tally.withheld = len(tally.comments)
            tally.comments = []


@command("feedback.open", roles=FACILITATORS, args=Open, supplied=("key",))
def open_(doc: Group, args: Open, actor: Actor, now: int) -> None:
    """Push a card of 1-8 questions (library items or written on the spot) to every member."""
    fb = doc.feedback
    current = open_card(fb)
    if current is not None:
        raise Refused(CONFLICT, "Another feedback prompt is still open. Close it first.")
    if not 1 <= len(args.questions) <= MAX_QUESTIONS:
        raise Refused(INVALID, "A feedback card has 1 to {max} questions.", max=MAX_QUESTIONS)
    if len(fb.cards) >= MAX_CARDS:
        raise Refused(CONFLICT, "This course already holds {max} feedback cards.", max=MAX_CARDS)
    questions: list[Question] = [
        question_from(spec, f"q{i + 1}", fb.library) for i, spec in enumerate(args.questions)
    ]
    default = TITLES["single"] if len(questions) == 1 else TITLES["survey"]
    title = default if not args.title or not args.title.strip() else args.title
    fb.seq += 1
    fb.cards.append(
        Card(
            id=f"c{fb.seq}",
            session=doc.session.number if doc.session else 0,
            title=clean(title, field=Phrase("title"), limit=MAX_TITLE),
            questions=questions,
            tallies=[Tally(counts=[0] * len(labels(q.kind, q.options))) for q in questions],
            k=fb.k,
            comment_k=comment_threshold(fb.k, len(doc.members)),
            key=args.key,
        )
    )


@command("feedback.close", roles=FACILITATORS, args=CardRef)
def close_(doc: Group, args: CardRef, actor: Actor, now: int) -> None:
    """Stop taking answers; counts show to facilitators if at least k people answered, and
    comments if at least the card's comment threshold did."""
    card = card_of(doc.feedback, args.card_id)
    if card.status == "closed":
        raise Unchanged()
    close(card)


@command("feedback.reveal", roles=FACILITATORS, args=CardRef)
def reveal(doc: Group, args: CardRef, actor: Actor, now: int) -> None:
    """Close the card if open and show its counts to members and the display (comments only
    once a facilitator chose them: feedback.comments_show)."""
    card = card_of(doc.feedback, args.card_id)
    if card.revealed:
        raise Unchanged()
    if card.answers < card.k:
        raise Refused(
            CONFLICT,
            "Results are shown only when at least {k} people have answered; "
            "there are too few answers to show.",
            k=card.k,
        )
    if card.status == "open":
        close(card)
    card.revealed = True


@command("feedback.hide", roles=FACILITATORS, args=CardRef)
def hide(doc: Group, args: CardRef, actor: Actor, now: int) -> None:
    """Take revealed results off members' and the display's screens (facilitators keep them)."""
    card = card_of(doc.feedback, args.card_id)
    if not card.revealed:
        raise Unchanged()
    card.revealed = False


@command("feedback.threshold", roles=FACILITATORS, args=Threshold)
def threshold(doc: Group, args: Threshold, actor: Actor, now: int) -> None:
    """Set k, the fewest answers whose results may be shown, for cards opened from now on."""
    if not MIN_K <= args.k <= MAX_MEMBERS:
        raise Refused(
            INVALID, "The threshold is between {min} and {max} answers.", min=MIN_K, max=MAX_MEMBERS
        )
    if args.k == doc.feedback.k:
        raise Unchanged()
    doc.feedback.k = args.k
