"""Rounds (check-in, homework): everyone in roster order, the first speaker rotating weekly.

Each share is the segment's remaining time divided by the present members still to speak.
A pass is simply the end of a round turn: nothing records that someone passed. A member who
arrives while the round runs speaks after everyone still to speak (rules.mark_present).
"""

from __future__ import annotations

import msgspec

from ..document import MEMBER, Group, Round
from ..refusal import CONFLICT, FORBIDDEN, Refused, Unchanged
from ..registry import FACILITATORS, PARTICIPANTS, Actor, command
from ..session.live import live_session
from .rules import (
    active_round,
    check_members,
    close_turn,
    current_segment_id,
    mark_present,
    next_in_round,
    round_order,
)


class Start(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    # Who is in the room, as the console sees it; omitted: everyone on the roster.
    present: list[str] | None = None


class Pass(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    turn_id: str
    present: list[str] | None = None


class Stop(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    segment_id: str


@command("round.start", roles=FACILITATORS, args=Start, changes=("floor",))
def start(doc: Group, args: Start, actor: Actor, now: int) -> None:
    """Start a round for the current segment; the first present member in order gets the floor."""
    session = live_session(doc)
    if active_round(doc) is not None:
        raise Unchanged()  # this segment's round already runs (a twin click)
    order = round_order(doc, session.number)
    present = order if args.present is None else check_members(doc, args.present)
    if not any(m in present for m in order):
        raise Refused(CONFLICT, "Nobody is marked as here, so there is no one to go round.")
    close_turn(doc, now)
    doc.floor.round = Round(segment_id=current_segment_id(session), order=order, present=list(present))
    next_in_round(doc, now)


@command("round.pass", roles=PARTICIPANTS, args=Pass, changes=("floor",))
def pass_(doc: Group, args: Pass, actor: Actor, now: int) -> None:
    """Pass on round turn `turn_id` (a member their own); the next present member gets the floor."""
    turn = doc.floor.turn
    if turn is None or turn.id != args.turn_id:
        raise Unchanged()
    if actor.role == MEMBER:
        if turn.member != actor.member:
            raise Refused(FORBIDDEN, "You can only pass on your own turn.")
        if args.present is not None:
            raise Refused(FORBIDDEN, "Only a facilitator says who is in the room.")
    if turn.kind != "round":
        raise Refused(CONFLICT, "Passing is for rounds; end the turn instead.")
    rnd = active_round(doc)
    if rnd is not None and args.present is not None:
        mark_present(rnd, check_members(doc, args.present), turn.member)
    close_turn(doc, now)
    next_in_round(doc, now)


@command("round.stop", roles=FACILITATORS, args=Stop, changes=("floor",))
def stop(doc: Group, args: Stop, actor: Actor, now: int) -> None:
    """Stop the round of segment `segment_id`; a round turn in progress ends."""
    rnd = doc.floor.round
    if rnd is None or rnd.segment_id != args.segment_id:
        raise Unchanged()
    if doc.floor.turn is not None and doc.floor.turn.kind == "round":
        close_turn(doc, now)
    doc.floor.round = None
