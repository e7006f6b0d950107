"""Floor mechanics shared by the turn commands: starting and closing turns, the ledger,
who comes next in a round, a spotlight or the hand queue.

Every millisecond a turn runs is added to its speaker's line in the ledger when the turn
closes, whatever closes it (a command, a segment change, the session's end).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..clock import countdown as clock
from ..course.rules import check_member
from ..document import MEMBER, MIN_SHARE_MS, Floor, FloorTime, Group, Round, Session, Turn, TurnKind
from ..refusal import CONFLICT, FORBIDDEN, Refused, Unchanged
from ..registry import Actor
from .timing import held, stop, waits_for_clock


def ledger(doc: Group) -> FloorTime:
    """This session's ledger line, created on first use."""
    floor = doc.floor
    number = doc.session.number if doc.session else 0
    if not floor.ledger or floor.ledger[-1].session != number:
        floor.ledger.append(FloorTime(session=number))
    return floor.ledger[-1]


def course_ms(floor: Floor) -> dict[str, int]:
    total: dict[str, int] = {}
    for line in floor.ledger:
        for member, ms in line.ms.items():
            total[member] = total.get(member, 0) + ms
    return total


def in_depth_counts(floor: Floor) -> dict[str, int]:
    counts: dict[str, int] = {}
    for line in floor.ledger:
        for member in line.in_depth:
            counts[member] = counts.get(member, 0) + 1
    return counts


def close_turn(doc: Group, now: int) -> Turn | None:
    """End the current turn, if any, and account its time to its speaker."""
    turn = doc.floor.turn
    if turn is None:
        return None
    line = ledger(doc)
    line.ms[turn.member] = line.ms.get(turn.member, 0) + held(turn, now)
    doc.floor.turn = None
    return turn


def open_turn(doc: Group, member: str, kind: TurnKind, share_ms: int | None, now: int) -> Turn:
    """Give `member` the floor (the previous turn must be closed); they leave the queue."""
    assert doc.session is not None and doc.floor.turn is None
    floor = doc.floor
    floor.seq += 1
    segment = doc.session.segments[doc.session.current]
    turn = Turn(
        id=f"t{floor.seq}",
        member=member,
        kind=kind,
        segment_id=segment.id,
        started_at=now,
        share_ms=share_ms,
        run_started_at=now,
    )
    floor.turn = turn
    if waits_for_clock(doc):
        stop(turn, now, with_segment=True)
    if member in floor.queue:
        floor.queue.remove(member)
    if kind == "round" and floor.round is not None:
        floor.round.visited.append(member)
    if kind == "spotlight" and floor.in_depth is not None:
        floor.in_depth.done.append(member)
        ledger(doc).in_depth.append(member)
    return turn


def expect_turn(floor: Floor, turn_id: str | None) -> None:
    """The command names the turn it ends; if that is not the current one, it is a stale twin."""
    current = floor.turn.id if floor.turn else None
    if turn_id != current:
        raise Unchanged()


def check_members(doc: Group, members: Iterable[str]) -> list[str]:
    """Known member ids, without repeats, in the order given."""
    out: list[str] = []
    for member in members:
        check_member(doc, member)
        if member not in out:
            out.append(member)
    return out


def own_member(doc: Group, actor: Actor, member: str | None) -> str:
    """The member a hand command is about: a member may only act for themselves."""
    if actor.role == MEMBER:
        assert actor.member is not None
        if member is not None and member != actor.member:
            raise Refused(FORBIDDEN, "You can only raise or lower your own hand.")
        return actor.member
    if member is None:
        raise Refused(CONFLICT, "Say which member.")
    check_member(doc, member)
    return member


def current_segment_id(session: Session) -> str:
    return session.segments[session.current].id


# --- rounds ---------------------------------------------------------------------------


def round_order(doc: Group, number: int) -> list[str]:
    """The roster, its starting member rotated by one each week."""
    ids = [m.id for m in doc.members]
    if not ids:
        return ids
    k = (number - 1) % len(ids)
    return ids[k:] + ids[:k]


def active_round(doc: Group) -> Round | None:
    rnd = doc.floor.round
    if rnd is None or doc.session is None or rnd.segment_id != current_segment_id(doc.session):
        return None
    return rnd


def mark_present(rnd: Round, present: list[str], speaker: str | None) -> None:
    """Who is in the room now. A member who was not, and has still to speak, joins at the end:
    after everyone still to speak, never ahead of those who were waiting (a late arrival)."""
    late = [
        m
        for m in rnd.order
        if m in present and m not in rnd.present and m not in rnd.visited and m != speaker
    ]
    rnd.order = [m for m in rnd.order if m not in late] + late
    rnd.present = list(present)


def round_to_come(rnd: Round, speaker: str | None) -> list[str]:
    """Present members in round order who have not had their round turn."""
    return [m for m in rnd.order if m not in rnd.visited and m != speaker and m in rnd.present]


def round_share(session: Session, waiting: int, now: int) -> int:
    """The segment's remaining time shared among the present members still to speak."""
    left = clock.remaining(session, now)
    return max(MIN_SHARE_MS, left // max(1, waiting))


def next_in_round(doc: Group, now: int) -> Turn | None:
    rnd = active_round(doc)
    if rnd is None or doc.session is None:
        return None
    waiting = round_to_come(rnd, None)
    if not waiting:
        return None
    return open_turn(doc, waiting[0], "round", round_share(doc.session, len(waiting), now), now)


# --- spotlight and queue ------------------------------------------------------------


def next_in_depth(doc: Group, now: int) -> Turn | None:
    spot = doc.floor.in_depth
    if spot is None or doc.session is None or spot.segment_id != current_segment_id(doc.session):
        return None
    waiting = [m for m in spot.picks if m not in spot.done]
    if not waiting:
        return None
    return open_turn(doc, waiting[0], "spotlight", spot.turn_ms, now)


def next_in_queue(doc: Group, now: int) -> Turn | None:
    if not doc.floor.queue:
        return None
    return open_turn(doc, doc.floor.queue[0], "hand", doc.floor.settings.hand_turn_ms, now)


def give_next(doc: Group, now: int) -> Turn | None:
    """The next speaker: a round in progress first, then the picked in-depth turns, then hands."""
    return next_in_round(doc, now) or next_in_depth(doc, now) or next_in_queue(doc, now)


def give_to(doc: Group, member: str, now: int) -> Turn:
    """Give the floor to anyone: it counts as their round or in-depth turn if one is due."""
    assert doc.session is not None
    rnd = active_round(doc)
    if rnd is not None and member in rnd.order and member not in rnd.visited:
        if member not in rnd.present:
            rnd.present.append(member)  # the facilitator says they are here after all
        waiting = round_to_come(rnd, None)
        return open_turn(doc, member, "round", round_share(doc.session, len(waiting), now), now)
    spot = doc.floor.in_depth
    if (
        spot is not None
        and spot.segment_id == current_segment_id(doc.session)
        and member in spot.picks
        and member not in spot.done
    ):
        return open_turn(doc, member, "spotlight", spot.turn_ms, now)
    return open_turn(doc, member, "hand", doc.floor.settings.hand_turn_ms, now)


# --- the least-heard-first queue --------------------------------------------------------


def heard_key(doc: Group) -> dict[str, tuple[int, int]]:
    """How much each member has been heard: this session first, then the course."""
    session = ledger(doc).ms if doc.session else {}
    course = course_ms(doc.floor)
    return {m.id: (session.get(m.id, 0), course.get(m.id, 0)) for m in doc.members}


def enqueue(doc: Group, member: str) -> None:
    queue = doc.floor.queue
    if not doc.floor.settings.least_heard_first:
        queue.append(member)
        return
    key = heard_key(doc)
    mine = key.get(member, (0, 0))
    # After everyone heard as little or less, before the first heard more: stable for ties.
    at = next((i for i, m in enumerate(queue) if key.get(m, (0, 0)) > mine), len(queue))
    queue.insert(at, member)


def sort_least_heard(doc: Group) -> None:
    key = heard_key(doc)
    doc.floor.queue.sort(key=lambda m: key.get(m, (0, 0)))


# --- hooks from the session clock -----------------------------------------------------


def begin_session(doc: Group) -> None:
    """A new week: nobody holds the floor or waits; the course ledger carries on."""
    floor = doc.floor
    floor.turn = None
    floor.queue.clear()
    floor.round = None
    floor.in_depth = None
    ledger(doc)


def segment_changed(doc: Group, now: int) -> None:
    """Leaving a segment ends its turn; its round and in-depth turns stay with it."""
    close_turn(doc, now)


def end_session(doc: Group, now: int) -> None:
    close_turn(doc, now)
    doc.floor.queue.clear()
    doc.floor.round = None
    doc.floor.in_depth = None
