"""The hand queue: members raise and lower their own hands; facilitators order the queue.

Moves name the position they move to, so a double click or two facilitators moving the same
member at once land in the same place instead of moving twice.
"""

from __future__ import annotations

import msgspec

from ..course.rules import check_member
from ..document import Group
from ..refusal import CONFLICT, INVALID, NOT_FOUND, Refused, Unchanged
from ..registry import FACILITATORS, PARTICIPANTS, Actor, NoArgs, command
from ..session.live import live_session
from .rules import enqueue, own_member


class Who(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    # A member leaves it out (or names themselves); a facilitator names the member.
    member: str | None = None


class Move(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    member: str
    to_index: int


@command("hand.raise", roles=PARTICIPANTS, args=Who, changes=("floor",))
def raise_(doc: Group, args: Who, actor: Actor, now: int) -> None:
    """Raise a hand: the member joins the end of the queue (or by least heard, if that is on)."""
    live_session(doc)
    member = own_member(doc, actor, args.member)
    floor = doc.floor
    if member in floor.queue or (floor.turn is not None and floor.turn.member == member):
        raise Unchanged()  # already waiting, or already speaking
    enqueue(doc, member)


@command("hand.lower", roles=PARTICIPANTS, args=Who, changes=("floor",))
def lower(doc: Group, args: Who, actor: Actor, now: int) -> None:
    """Lower a hand: a member their own; a facilitator removes anyone from the queue."""
    member = own_member(doc, actor, args.member)
    if member not in doc.floor.queue:
        raise Unchanged()
    doc.floor.queue.remove(member)


@command("hand.lower_all", roles=FACILITATORS, args=NoArgs, changes=("floor",))
def lower_all(doc: Group, args: NoArgs, actor: Actor, now: int) -> None:
    """Lower every raised hand."""
    if not doc.floor.queue:
        raise Unchanged()
    doc.floor.queue.clear()


@command("hand.move", roles=FACILITATORS, args=Move, changes=("floor",))
def move(doc: Group, args: Move, actor: Actor, now: int) -> None:
    """Move a waiting member to queue position `to_index` (0 = top)."""
    check_member(doc, args.member)
    queue = doc.floor.queue
    if args.member not in queue:
        raise Refused(NOT_FOUND, "That member is no longer waiting for the floor.")
    if not 0 <= args.to_index < len(queue):
        if len(queue) == 1:
            raise Refused(CONFLICT, "Only one member is waiting.")
        raise Refused(INVALID, "Queue positions run from 0 to {last}.", last=len(queue) - 1)
    if queue.index(args.member) == args.to_index:
        raise Unchanged()
    queue.remove(args.member)
    queue.insert(args.to_index, args.member)
