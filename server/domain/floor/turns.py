"""Giving, ending, pausing, resuming and timing turns, and the floor's settings.

Every command that moves the floor names the turn it ends (`turn_id`, null when nobody holds
the floor): "give the floor to next" clicked twice, or by two facilitators at once, moves the
floor exactly once, because the second click names a turn that has already ended.
"""

from __future__ import annotations

import msgspec

from .. import limits
from ..course.rules import check_member
from ..document import AUTO_EARLY_MS, MAX_TURN_MINUTES, MEMBER, Group, Turn
from ..refusal import CONFLICT, FORBIDDEN, INVALID, Refused, Unchanged
from ..registry import FACILITATORS, PARTICIPANTS, Actor, command
from ..session.live import live_session
from .rules import (
    active_round,
    check_members,
    close_turn,
    expect_turn,
    give_next,
    give_to,
    mark_present,
    next_in_round,
    sort_least_heard,
)
from .timing import adjusted_share, held, run, stop


class Give(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    member: str
    turn_id: str | None


class Next(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    turn_id: str | None
    # Who is in the room, as the console sees it; a round skips the others. Omitted: everyone.
    present: list[str] | None = None
    # Sent by a console when a round share has run out and automatic advance is on.
    auto: bool = False


class TurnRef(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    turn_id: str


class Adjust(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    turn_id: str
    delta_ms: int


class Settings(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    least_heard_first: bool | msgspec.UnsetType = msgspec.UNSET
    auto_advance: bool | msgspec.UnsetType = msgspec.UNSET
    show_own_floor_time: bool | msgspec.UnsetType = msgspec.field(
        default=msgspec.UNSET, name="show_own_airtime"
    )
    hand_turn_minutes: int | msgspec.UnsetType | None = msgspec.UNSET
    pause_turn_with_segment: bool | msgspec.UnsetType = msgspec.UNSET


def note_present(doc: Group, present: list[str] | None) -> None:
    """Record who the facilitator says is in the room, for the round in progress."""
    rnd = active_round(doc)
    if present is not None:
        members = check_members(doc, present)
        if rnd is not None:
            mark_present(rnd, members, doc.floor.turn.member if doc.floor.turn else None)


def check_auto(doc: Group, now: int) -> None:
    """An automatic advance is honoured only when it is on and the round share has run out."""
    turn = doc.floor.turn
    if not doc.floor.settings.auto_advance:
        raise Refused(CONFLICT, "Automatic advance is off.")
    if turn is None or turn.kind != "round" or turn.share_ms is None:
        raise Refused(CONFLICT, "Only a round turn advances by itself.")
    if held(turn, now) < turn.share_ms - AUTO_EARLY_MS:
        raise Refused(CONFLICT, "This turn still has time left.")


@command("floor.next", roles=FACILITATORS, args=Next, changes=("floor",))
def next_(doc: Group, args: Next, actor: Actor, now: int) -> None:
    """End turn `turn_id` and give the floor to the next: in the round, the in-depth turns, or the queue."""
    live_session(doc)
    note_present(doc, args.present)
    expect_turn(doc.floor, args.turn_id)
    if args.auto:
        check_auto(doc, now)
    ended = close_turn(doc, now)
    if give_next(doc, now) is None and ended is None:
        raise Refused(CONFLICT, "Nobody is waiting for the floor.")


@command("floor.give", roles=FACILITATORS, args=Give, changes=("floor",))
def give(doc: Group, args: Give, actor: Actor, now: int) -> None:
    """End turn `turn_id` and give the floor to `member`, hand raised or not."""
    live_session(doc)
    check_member(doc, args.member)
    expect_turn(doc.floor, args.turn_id)
    if doc.floor.turn is not None and doc.floor.turn.member == args.member:
        raise Unchanged()
    close_turn(doc, now)
    give_to(doc, args.member, now)


def _the_turn(doc: Group, turn_id: str) -> Turn:
    turn = doc.floor.turn
    if turn is None or turn.id != turn_id:
        raise Unchanged()  # that turn has already ended
    return turn


def _own_turn(doc: Group, actor: Actor, turn_id: str) -> None:
    turn = _the_turn(doc, turn_id)
    if actor.role == MEMBER and turn.member != actor.member:
        raise Refused(FORBIDDEN, "Only the speaker or a facilitator can end this turn.")


@command("turn.end", roles=PARTICIPANTS, args=TurnRef, changes=("floor",))
def end(doc: Group, args: TurnRef, actor: Actor, now: int) -> None:
    """End turn `turn_id`; the floor is free. A member may end their own turn."""
    _own_turn(doc, actor, args.turn_id)
    ended = close_turn(doc, now)
    # A speaker who is done with their round share hands on, as a pass does: the round
    # would otherwise wait for a facilitator's click. A facilitator's end leaves the floor free.
    if actor.role == MEMBER and ended is not None and ended.kind == "round":
        next_in_round(doc, now)


@command("turn.pause", roles=FACILITATORS, args=TurnRef, changes=("floor",))
def pause(doc: Group, args: TurnRef, actor: Actor, now: int) -> None:
    """Pause turn `turn_id`: its time stops, and no floor time is counted while paused."""
    turn = _the_turn(doc, args.turn_id)
    if turn.run_started_at is None and not turn.paused_with_segment:
        raise Unchanged()
    # Paused by hand, also when the clock had already stopped it: it stays paused on resume.
    stop(turn, now)


@command("turn.resume", roles=FACILITATORS, args=TurnRef, changes=("floor",))
def resume(doc: Group, args: TurnRef, actor: Actor, now: int) -> None:
    """Resume the paused turn `turn_id`."""
    turn = _the_turn(doc, args.turn_id)
    if turn.run_started_at is not None:
        raise Unchanged()
    run(turn, now)


@command("turn.adjust", roles=FACILITATORS, args=Adjust, changes=("floor",))
def adjust(doc: Group, args: Adjust, actor: Actor, now: int) -> None:
    """Give the speaker of turn `turn_id` more (+) or less (-) time: `delta_ms` on the turn's share."""
    if args.delta_ms == 0 or abs(args.delta_ms) > limits.MAX_ADJUST_MS:
        raise Refused(INVALID, "Give or take up to 60 minutes at a time.")
    turn = _the_turn(doc, args.turn_id)
    turn.share_ms = adjusted_share(turn, args.delta_ms, now)


@command("floor.settings", roles=FACILITATORS, args=Settings, changes=("floor",))
def settings(doc: Group, args: Settings, actor: Actor, now: int) -> None:
    """Change how the floor works (queue order, automatic advance, own floor time, turn limits)."""
    current = doc.floor.settings
    before = msgspec.structs.asdict(current)
    if not isinstance(args.hand_turn_minutes, msgspec.UnsetType):
        minutes = args.hand_turn_minutes
        if minutes is not None and not 1 <= minutes <= MAX_TURN_MINUTES:
            raise Refused(INVALID, "A turn lasts between 1 and {max} minutes.", max=MAX_TURN_MINUTES)
        current.hand_turn_ms = None if minutes is None else minutes * 60_000
    if not isinstance(args.least_heard_first, msgspec.UnsetType):
        current.least_heard_first = args.least_heard_first
    if not isinstance(args.auto_advance, msgspec.UnsetType):
        current.auto_advance = args.auto_advance
    if not isinstance(args.show_own_floor_time, msgspec.UnsetType):
        current.show_own_floor_time = args.show_own_floor_time
    if not isinstance(args.pause_turn_with_segment, msgspec.UnsetType):
        current.pause_turn_with_segment = args.pause_turn_with_segment
    if msgspec.structs.asdict(current) == before:
        raise Unchanged()
    if current.least_heard_first and not before["least_heard_first"]:
        sort_least_heard(doc)  # turning it on reorders those already waiting, once
