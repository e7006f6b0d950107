"""Group agreements: facilitators edit them; each member acknowledges the wording they read."""

from __future__ import annotations

from typing import Annotated

import msgspec

from ..document import DEFAULT_AGREEMENTS, MAX_AGREEMENT, MAX_AGREEMENTS, Ack, Group
from ..refusal import CONFLICT, INVALID, Phrase, Refused, Unchanged
from ..registry import FACILITATORS, MEMBERS, Actor, NoArgs, command
from .rules import text

# Longer lists are refused by the handler with a sentence, not by the schema with a trace.
Items = Annotated[list[str], msgspec.Meta(max_length=64)]


class SetItems(msgspec.Struct, forbid_unknown_fields=True):
    items: Items


class Show(msgspec.Struct, forbid_unknown_fields=True):
    shown: bool


class Revision(msgspec.Struct, forbid_unknown_fields=True):
    revision: int


def _replace(doc: Group, items: list[str]) -> None:
    agreements = doc.course.agreements
    if items == agreements.items:
        raise Unchanged()
    agreements.items = items
    agreements.revision += 1


@command("agreements.set", roles=FACILITATORS, args=SetItems)
def set_items(doc: Group, args: SetItems, actor: Actor, now: int) -> None:
    """Replace the group agreements (1-12 items); members are asked to read them again."""
    if not 1 <= len(args.items) <= MAX_AGREEMENTS:
        raise Refused(INVALID, "Write between 1 and {max} agreements.", max=MAX_AGREEMENTS)
    _replace(doc, [text(item, field=Phrase("agreement"), limit=MAX_AGREEMENT) for item in args.items])


@command("agreements.reset", roles=FACILITATORS)
def reset(doc: Group, args: NoArgs, actor: Actor, now: int) -> None:
    """Go back to the default agreements."""
    _replace(doc, list(DEFAULT_AGREEMENTS))


@command("agreements.show", roles=FACILITATORS, args=Show)
def show(doc: Group, args: Show, actor: Actor, now: int) -> None:
    """Show (or hide) the agreements on the display view."""
    if doc.course.agreements.shown == args.shown:
        raise Unchanged()
    doc.course.agreements.shown = args.shown


@command("agreements.ack", roles=MEMBERS, args=Revision, changes=("course",))
def ack(doc: Group, args: Revision, actor: Actor, now: int) -> None:
    """Acknowledge the agreements as read, naming the revision read."""
    assert actor.member is not None
    agreements = doc.course.agreements
    if args.revision != agreements.revision:
        raise Refused(CONFLICT, "The agreements were just changed; please read them again.")
    mine = agreements.acks.get(actor.member)
    if mine is not None and mine.revision == args.revision:
        raise Unchanged()
    agreements.acks[actor.member] = Ack(revision=args.revision, at=now)
