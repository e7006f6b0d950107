"""Members take a ballot for the open card and spend it on their answer.

`feedback.answer` is registered `anonymous=True` and never reads `actor.member`: the answer
is counted without anything that says who sent it (tests/domain/test_feedback.py proves the
result is the same for any sender and any arrival order).
"""

from __future__ import annotations

from bisect import insort
from typing import Annotated, Any

import msgspec

from ..document import MAX_COMMENT, MAX_QUESTIONS, Card, Group, Hex32, Hex64, Tally
from ..refusal import CONFLICT, INVALID, Phrase, Refused, Unchanged
from ..registry import MEMBERS, Actor, command
from ..text import clean
from . import ballot as ballots
from .cards import card_of

BallotText = Annotated[str, msgspec.Meta(max_length=120)]
CommentText = Annotated[str, msgspec.Meta(max_length=4 * MAX_COMMENT)]


class Take(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    card_id: str
    nonce: Hex32  # chosen at random by the member's page, which keeps it
    holder: Hex64  # set by the server from the link the page said hello with


class Answer(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    question: str
    choice: int | None = None
    comment: CommentText | None = None


class Spend(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    card_id: str
    ballot: BallotText
    answers: Annotated[list[Answer], msgspec.Meta(max_length=MAX_QUESTIONS)]


def _open(card: Card) -> str:
    if card.status != "open" or card.key is None:
        raise Refused(CONFLICT, "This prompt has closed; answers are no longer taken.")
    return card.key


def _hand_over(doc: Group, args: Take) -> dict[str, Any] | None:
    """The ballot, for the page that asked (and that page alone: the reply goes to its socket)."""
    issued = ballots.issued_to(doc, args.card_id, args.nonce, args.holder)
    return None if issued is None else {"type": "ballot", "card": args.card_id, "ballot": issued}


@command(
    "feedback.ballot", roles=MEMBERS, args=Take, supplied=("holder",), reply=_hand_over, changes=("feedback",)
)
def take(doc: Group, args: Take, actor: Actor, now: int) -> None:
    """Take this member's one ballot for the open card (the server sends it to this page only)."""
    card = card_of(doc.feedback, args.card_id)
    key = _open(card)
    slot = ballots.slot(key, args.holder)
    check = ballots.issue_check(slot, args.nonce)
    issued = card.issued.get(slot)
    if issued == check:
        raise Unchanged()  # the same page asking again: it gets the same ballot back
    if issued is not None:
        raise Refused(
            CONFLICT,
            "Your private ballot for this prompt was already given to another window or device. "
            "Answer there, or leave this one unanswered.",
        )
    card.issued[slot] = check
    card.issued = dict(sorted(card.issued.items()))  # stored in an order that says nothing


@command("feedback.answer", roles=MEMBERS, args=Spend, anonymous=True, changes=("feedback",))
def answer(doc: Group, args: Spend, actor: Actor, now: int) -> None:
    """Spend a ballot on answers to the card's questions; counted without any sender."""
    card = card_of(doc.feedback, args.card_id)
    parsed = ballots.parse(args.ballot)
    if parsed is None:
        raise Refused(INVALID, "That is not a ballot. Reload the page to get yours.")
    if parsed.group_id != doc.id:
        raise Refused(INVALID, "That ballot belongs to another group.")
    if parsed.card_id != card.id:
        raise Refused(INVALID, "That ballot belongs to another prompt.")
    key = _open(card)
    if not ballots.genuine(key, parsed):
        raise Refused(INVALID, "That ballot is not genuine, so the answer was not counted.")
    spent = ballots.spent_hash(key, parsed.nonce)
    if spent in card.spent:
        raise Refused(CONFLICT, "This ballot has already been used: each person answers once.")
    changes = _checked(card, args.answers)
    for index, choice, comment in changes:
        tally = card.tallies[index]
        tally.answered += 1
        if choice is not None:
            tally.counts[choice] += 1
        if comment is not None:
            _add_comment(tally, key, comment)
    insort(card.spent, spent)
    card.answers += 1


def _checked(card: Card, answers: list[Answer]) -> list[tuple[int, int | None, str | None]]:
    """Validate every answer before counting any, so a bad one changes nothing."""
    if not answers:
        raise Refused(INVALID, "Choose an answer first, or skip this prompt.")
    by_id = {q.id: i for i, q in enumerate(card.questions)}
    seen: set[int] = set()
    out: list[tuple[int, int | None, str | None]] = []
    for a in answers:
        index = by_id.get(a.question)
        if index is None:
            raise Refused(INVALID, "That question is not on this card.")
        if index in seen:
            raise Refused(INVALID, "Each question is answered once.")
        seen.add(index)
        q = card.questions[index]
        comment = _comment(a.comment)
        if q.kind == "text":
            if a.choice is not None or comment is None:
                raise Refused(INVALID, "Write an answer in the text box, or skip the question.")
            out.append((index, None, comment))
            continue
        if a.choice is None or not 0 <= a.choice < len(q.options):
            raise Refused(INVALID, "Choose one of the offered answers.")
        if comment is not None and not q.comment:
            raise Refused(INVALID, "This question takes no comment.")
        out.append((index, a.choice, comment))
    return out


def _comment(text: str | None) -> str | None:
    if text is None or not text.strip():
        return None
    return clean(text, field=Phrase("comment"), limit=MAX_COMMENT)


def _add_comment(tally: Tally, key: str, comment: str) -> None:
    tally.comments.append(comment)
    tally.comments.sort(key=lambda c: ballots.comment_order(key, c))
