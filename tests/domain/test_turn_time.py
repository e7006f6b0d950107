"""A turn's time (domain/floor/timing.py): giving the speaker more or less time, and turns that
pause and resume with the session clock."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.domain import Refused, Unchanged, limits, shared_view
from server.domain.floor.timing import held
from tests.support.floor_kit import Room, member

MIN = 60_000


def in_depth(room: Room) -> str:
    room.goto("spotlight")
    room("spotlight.pick", members=["m1", "m2"], replaces=[])
    room("floor.next", turn_id=None)
    assert room.turn_id is not None
    return room.turn_id


def share(room: Room) -> int | None:
    assert room.doc.floor.turn is not None
    return room.doc.floor.turn.share_ms


# --- turn.adjust -------------------------------------------------------------------------


def test_more_and_less_time_for_the_in_depth_speaker_not_the_segment(room: Room) -> None:
    tid = in_depth(room)
    segment_before = (
        room.doc.session.segments[room.doc.session.current].duration_ms if room.doc.session else 0
    )
    room.tick(3 * MIN)
    room("turn.adjust", turn_id=tid, delta_ms=5 * MIN)
    assert share(room) == 25 * MIN
    room("turn.adjust", turn_id=tid, delta_ms=-MIN)
    assert share(room) == 24 * MIN
    assert room.doc.session is not None
    assert room.doc.session.segments[room.doc.session.current].duration_ms == segment_before
    # The next in-depth turn still gets the picked length.
    room("floor.next", turn_id=tid)
    assert share(room) == 20 * MIN


def test_a_turn_without_a_limit_gets_one_from_now(room: Room) -> None:
    room("floor.give", member="m1", turn_id=None)
    tid = room.turn_id
    room.tick(3 * MIN)
    with pytest.raises(Refused) as refused:
        room("turn.adjust", turn_id=tid, delta_ms=-MIN)
    assert refused.value.code == "conflict" and "no time limit" in refused.value.message
    room("turn.adjust", turn_id=tid, delta_ms=MIN)
    assert share(room) == 4 * MIN  # one more minute from now


def test_more_time_in_overtime_counts_from_now(room: Room) -> None:
    room("floor.settings", hand_turn_minutes=2)
    room("floor.give", member="m1", turn_id=None)
    tid = room.turn_id
    room.tick(5 * MIN)  # three minutes over
    with pytest.raises(Unchanged):
        room("turn.adjust", turn_id=tid, delta_ms=-MIN)  # nothing left to take
    room("turn.adjust", turn_id=tid, delta_ms=MIN)
    assert share(room) == 6 * MIN


def test_less_time_never_goes_below_the_time_held_and_overtime_shows_after(room: Room) -> None:
    tid = in_depth(room)
    room.tick(13 * MIN)
    room("turn.adjust", turn_id=tid, delta_ms=-5 * MIN)
    assert share(room) == 15 * MIN
    room.tick(MIN)
    room("turn.adjust", turn_id=tid, delta_ms=-5 * MIN)
    assert share(room) == 14 * MIN  # not 10: fourteen minutes were already held
    with pytest.raises(Unchanged):
        room("turn.adjust", turn_id=tid, delta_ms=-MIN)
    room.tick(MIN)
    turn = room.doc.floor.turn
    assert turn is not None and turn.share_ms == 14 * MIN and held(turn, room.now) == 15 * MIN


def test_a_stale_or_repeated_adjust_names_a_turn_that_has_ended(room: Room) -> None:
    tid = in_depth(room)
    room("floor.next", turn_id=tid)
    with pytest.raises(Unchanged):
        room("turn.adjust", turn_id=tid, delta_ms=5 * MIN)
    assert share(room) == 20 * MIN


@pytest.mark.parametrize("delta", [0, limits.MAX_ADJUST_MS + 1, -limits.MAX_ADJUST_MS - 1])
def test_adjust_is_bounded(room: Room, delta: int) -> None:
    tid = in_depth(room)
    with pytest.raises(Refused) as refused:
        room("turn.adjust", turn_id=tid, delta_ms=delta)
    assert refused.value.code == "invalid"
    assert share(room) == 20 * MIN


def test_a_share_never_grows_past_the_longest_segment(room: Room) -> None:
    tid = in_depth(room)
    for _ in range(4):
        room("turn.adjust", turn_id=tid, delta_ms=limits.MAX_ADJUST_MS)
    assert share(room) == limits.MAX_SEGMENT_MS
    with pytest.raises(Unchanged):
        room("turn.adjust", turn_id=tid, delta_ms=MIN)


def test_members_may_not_adjust_even_their_own_turn(room: Room) -> None:
    room("floor.give", member="m1", turn_id=None)
    with pytest.raises(Refused) as refused:
        room("turn.adjust", member("m1"), turn_id=room.turn_id, delta_ms=MIN)
    assert refused.value.code == "forbidden"


def test_automatic_advance_waits_for_the_extended_share() -> None:
    room = Room(["Ann", "Bo"])
    room.goto("round")
    room("floor.settings", auto_advance=True)
    room("round.start")
    tid = room.turn_id
    first = share(room)
    assert first is not None
    room("turn.adjust", turn_id=tid, delta_ms=MIN)
    room.tick(first)
    with pytest.raises(Refused, match="time left"):
        room("floor.next", turn_id=tid, auto=True)
    room.tick(MIN)
    room("floor.next", turn_id=tid, auto=True)
    assert room.speaker == "m2"


@given(
    share_min=st.none() | st.integers(min_value=1, max_value=120),
    held_ms=st.integers(min_value=0, max_value=3 * 60 * MIN),
    delta=st.integers(min_value=-limits.MAX_ADJUST_MS, max_value=limits.MAX_ADJUST_MS).filter(bool),
)
@settings(max_examples=200, deadline=None)
def test_adjust_moves_the_share_the_way_asked_and_never_below_the_time_held(
    share_min: int | None, held_ms: int, delta: int
) -> None:
    room = Room(["Ann", "Bo"])
    room.goto("discussion")
    if share_min is not None:
        room("floor.settings", hand_turn_minutes=share_min)
    room("floor.give", member="m1", turn_id=None)
    room.tick(held_ms)
    before = share(room)
    try:
        room("turn.adjust", turn_id=room.turn_id, delta_ms=delta)
    except Unchanged:
        after = before
    except Refused as refused:
        assert refused.code == "conflict" and before is None and delta < 0
        return
    else:
        after = share(room)
        assert after is not None and after != before
    if delta > 0:
        assert after is not None and after >= held_ms
        assert before is None or after >= before
        # At least the minutes asked for from the planned end, or from now if past it.
        start = held_ms if before is None or before < held_ms else before
        assert after == min(start + delta, max(start, limits.MAX_SEGMENT_MS))
    else:
        assert before is not None and after is not None
        assert after <= before
        assert after >= min(before, held_ms)
        assert after == before or after == max(held_ms, before + delta)


# --- pausing with the session clock --------------------------------------------------------


def clock(room: Room, name: str) -> None:
    assert room.doc.session is not None
    room(name, index=room.doc.session.current)


def test_pausing_the_clock_pauses_the_speaker_and_resuming_resumes_them(room: Room) -> None:
    assert room.doc.floor.settings.pause_turn_with_segment  # on by default
    room("floor.give", member="m1", turn_id=None)
    room.tick(2 * MIN)
    clock(room, "segment.pause")
    turn = room.doc.floor.turn
    assert turn is not None and turn.run_started_at is None and turn.paused_with_segment
    view = shared_view(room.doc, "member")["floor"]["turn"]
    assert view["run_started_at"] is None and view["paused_with_segment"] is True
    room.tick(10 * MIN)  # a break: nobody's floor time
    clock(room, "segment.resume")
    turn = room.doc.floor.turn
    assert turn is not None and turn.run_started_at == room.now and not turn.paused_with_segment
    room.tick(MIN)
    room("turn.end", turn_id=room.turn_id)
    assert room.doc.floor.ledger[-1].ms == {"m1": 3 * MIN}


def test_a_turn_paused_by_hand_stays_paused_when_the_clock_resumes(room: Room) -> None:
    room("floor.give", member="m1", turn_id=None)
    tid = room.turn_id
    room("turn.pause", turn_id=tid)
    clock(room, "segment.pause")
    clock(room, "segment.resume")
    turn = room.doc.floor.turn
    assert turn is not None and turn.run_started_at is None and not turn.paused_with_segment
    # Paused by the clock first, then by hand as well: the hand's pause is the one that holds.
    room("turn.resume", turn_id=tid)
    clock(room, "segment.pause")
    room("turn.pause", turn_id=tid)
    with pytest.raises(Unchanged):
        room("turn.pause", turn_id=tid)
    clock(room, "segment.resume")
    assert room.doc.floor.turn is not None and room.doc.floor.turn.run_started_at is None


def test_a_facilitator_may_resume_the_turn_while_the_clock_stays_paused(room: Room) -> None:
    room("floor.give", member="m1", turn_id=None)
    clock(room, "segment.pause")
    room("turn.resume", turn_id=room.turn_id)
    room.tick(MIN)
    clock(room, "segment.resume")  # nothing to undo: the turn already runs
    room.tick(MIN)
    room("turn.end", turn_id=room.turn_id)
    assert room.doc.floor.ledger[-1].ms == {"m1": 2 * MIN}


def test_a_turn_given_while_the_clock_is_paused_starts_when_it_resumes(room: Room) -> None:
    clock(room, "segment.pause")
    room("floor.give", member="m2", turn_id=None)
    turn = room.doc.floor.turn
    assert turn is not None and turn.run_started_at is None and turn.paused_with_segment
    room.tick(5 * MIN)
    clock(room, "segment.resume")
    room.tick(MIN)
    room("turn.end", turn_id=room.turn_id)
    assert room.doc.floor.ledger[-1].ms == {"m2": MIN}


def test_with_the_setting_off_the_turn_runs_on_through_a_clock_pause(room: Room) -> None:
    room("floor.settings", pause_turn_with_segment=False)
    with pytest.raises(Unchanged):
        room("floor.settings", pause_turn_with_segment=False)
    assert shared_view(room.doc, "facilitator")["floor"]["settings"]["pause_turn_with_segment"] is False
    room("floor.give", member="m1", turn_id=None)
    clock(room, "segment.pause")
    assert room.doc.floor.turn is not None and room.doc.floor.turn.run_started_at is not None
    room.tick(MIN)
    room("turn.end", turn_id=room.turn_id)
    assert room.doc.floor.ledger[-1].ms == {"m1": MIN}


def test_moving_to_another_segment_still_ends_the_turn(room: Room) -> None:
    room("floor.give", member="m1", turn_id=None)
    clock(room, "segment.pause")
    assert room.doc.session is not None
    room("segment.next", from_index=room.doc.session.current)
    assert room.speaker is None and room.doc.session.state == "running"
