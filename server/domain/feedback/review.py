"""Facilitators read a closed card's comments and choose which the group sees.

Closing or revealing a card never shows a comment to members or the display: wording can be
hostile, or name its author, so a facilitator reads first. Counts need no review.
"""

from __future__ import annotations

from typing import Annotated

import msgspec

from ..document import Card, Group, Tally
from ..refusal import CONFLICT, INVALID, NOT_FOUND, Refused, Unchanged
from ..registry import FACILITATORS, Actor, command
from .cards import card_of
from .view import readable

MAX_CHOICE = 64


class Choice(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    card_id: str
    question_id: str
    # Positions in the question's `comments` as facilitators see them (their order never changes
    # once the card is closed).
    comments: Annotated[list[int], msgspec.Meta(min_length=1, max_length=MAX_CHOICE)]


def _tally(doc: Group, args: Choice) -> Tally:
    card: Card = card_of(doc.feedback, args.card_id)
    index = next((i for i, q in enumerate(card.questions) if q.id == args.question_id), None)
    if index is None:
        raise Refused(NOT_FOUND, "That question is not on this card.")
    if card.status == "open":
        raise Refused(CONFLICT, "Comments can be shown once the prompt has closed.")
    if not readable(card, index):
        raise Refused(CONFLICT, "Too few people answered this question for its comments to be shown.")
    tally = card.tallies[index]
    if any(not 0 <= i < len(tally.comments) for i in args.comments):
        raise Refused(INVALID, "There is no such comment on this question.")
    return tally


@command("feedback.comments_show", roles=FACILITATORS, args=Choice)
def show(doc: Group, args: Choice, actor: Actor, now: int) -> None:
    """Show these comments of a closed card to members and the display (once it is revealed)."""
    tally = _tally(doc, args)
    chosen = sorted(set(tally.shown) | set(args.comments))
    if chosen == tally.shown:
        raise Unchanged()
    tally.shown = chosen


@command("feedback.comments_hide", roles=FACILITATORS, args=Choice)
def hide(doc: Group, args: Choice, actor: Actor, now: int) -> None:
    """Take these comments off members' and the display's screens (facilitators keep them)."""
    tally = _tally(doc, args)
    chosen = sorted(set(tally.shown) - set(args.comments))
    if chosen == tally.shown:
        raise Unchanged()
    tally.shown = chosen
