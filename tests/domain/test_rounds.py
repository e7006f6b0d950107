"""Rounds over the pure domain: order, rotation, shares, passes, absent members."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.domain import Refused, Unchanged, shared_view
from server.domain.document import MIN_SHARE_MS
from tests.support.floor_kit import FAC, Room, member

NAMES = ["Ann", "Bo", "Cy", "Di", "Eve", "Fay", "Gus", "Hal", "Ida", "Jo", "Kim", "Lu"]


@given(
    size=st.integers(min_value=1, max_value=12),
    week=st.integers(min_value=1, max_value=16),
    data=st.data(),
)
@settings(max_examples=60, deadline=None)
def test_a_round_visits_each_present_member_once_in_rotated_roster_order(
    size: int, week: int, data: st.DataObject
) -> None:
    room = Room(NAMES[:size], session=week)
    ids = [m.id for m in room.doc.members]
    present = data.draw(st.lists(st.sampled_from(ids), min_size=1, unique=True), label="present")
    room.goto("round")
    room("round.start", present=present)
    spoke: list[str] = []
    while room.turn_id is not None:
        assert room.speaker is not None
        spoke.append(room.speaker)
        room.tick(data.draw(st.integers(min_value=0, max_value=300_000), label="talk"))
        if data.draw(st.booleans(), label="pass"):
            by_self = data.draw(st.booleans(), label="by self")
            room("round.pass", member(room.speaker) if by_self else FAC, turn_id=room.turn_id)
        else:
            room("floor.next", turn_id=room.turn_id)
    start = (week - 1) % size
    rotated = ids[start:] + ids[:start]
    assert spoke == [m for m in rotated if m in present]


def test_the_first_speaker_rotates_week_by_week() -> None:
    firsts = []
    for week in range(1, 5):
        room = Room(["Ann", "Bo", "Cy"], session=week)
        room.goto("round")
        room("round.start")
        firsts.append(room.speaker)
    assert firsts == ["m1", "m2", "m3", "m1"]


def test_each_share_is_the_remaining_time_over_the_members_present() -> None:
    room = Room(["Ann", "Bo", "Cy", "Di", "Eve"])
    room.goto("round")  # the 15-minute check-in round
    room.tick(60_000)  # a minute of it already gone
    room("round.start", present=["m1", "m2", "m3", "m4"])
    turn = room.doc.floor.turn
    assert turn is not None and turn.share_ms == (15 - 1) * 60_000 // 4
    # Ann passes at once: the three still to come share what is left of the segment.
    room.tick(10_000)
    room("round.pass", member("m1"), turn_id=turn.id)
    turn = room.doc.floor.turn
    assert turn is not None and turn.member == "m2"
    assert turn.share_ms == (14 * 60_000 - 10_000) // 3


def test_a_share_is_never_below_a_minute_in_overtime() -> None:
    room = Room(["Ann", "Bo"])
    room.goto("round")
    room.tick(20 * 60_000)
    room("round.start")
    assert room.doc.floor.turn is not None and room.doc.floor.turn.share_ms == MIN_SHARE_MS


def test_a_pass_leaves_no_mark_and_an_absent_member_is_skipped_until_here() -> None:
    room = Room(["Ann", "Bo", "Cy"])
    room.goto("round")
    room("round.start", present=["m1", "m3"])
    assert room.speaker == "m1"
    room("round.pass", member("m1"), turn_id=room.turn_id)
    assert room.speaker == "m3"  # Bo is away: skipped, still to come
    rnd = room.doc.floor.round
    assert rnd is not None and "m2" not in rnd.visited
    # Bo arrives; the console says so with the next advance.
    room("floor.next", turn_id=room.turn_id, present=["m1", "m2", "m3"])
    assert room.speaker == "m2"
    room("floor.next", turn_id=room.turn_id)
    assert room.speaker is None
    # Nothing anywhere says that Ann passed: the round only knows she was visited.
    assert "pass" not in str(room.doc.floor).lower()


def test_a_member_may_pass_only_on_their_own_round_turn() -> None:
    room = Room(["Ann", "Bo"])
    room.goto("round")
    room("round.start")
    with pytest.raises(Refused) as refused:
        room("round.pass", member("m2"), turn_id=room.turn_id)
    assert refused.value.code == "forbidden"
    with pytest.raises(Refused) as refused:
        room("round.pass", member("m1"), turn_id=room.turn_id, present=["m1"])
    assert refused.value.code == "forbidden"


def test_starting_a_round_twice_starts_it_once() -> None:
    room = Room(["Ann", "Bo"])
    room.goto("round")
    room("round.start")
    with pytest.raises(Unchanged):
        room("round.start")
    room("round.stop", segment_id=room.doc.floor.round.segment_id if room.doc.floor.round else "")
    assert room.doc.floor.round is None and room.speaker is None


def test_automatic_advance_only_when_on_and_the_share_has_run_out() -> None:
    room = Room(["Ann", "Bo"])
    room.goto("round")
    room("round.start")
    turn = room.doc.floor.turn
    assert turn is not None and turn.share_ms is not None
    with pytest.raises(Refused, match="off"):
        room("floor.next", turn_id=turn.id, auto=True)
    room("floor.settings", auto_advance=True)
    room.tick(turn.share_ms - 5_000)
    with pytest.raises(Refused, match="time left"):
        room("floor.next", turn_id=turn.id, auto=True)
    room.tick(5_000)
    room("floor.next", turn_id=turn.id, auto=True)
    assert room.speaker == "m2"
    # The other facilitator's console sent the same advance: it is a no-op.
    with pytest.raises(Unchanged):
        room("floor.next", turn_id=turn.id, auto=True)


def to_come(room: Room) -> list[str]:
    return shared_view(room.doc, "member")["floor"]["round"]["to_come"]


def test_a_late_arrival_recorded_present_speaks_after_everyone_still_to_speak() -> None:
    room = Room(["Ann", "Bo", "Cy", "Di", "Eve"])
    room.goto("round")
    room("round.start", present=["m2", "m3", "m4"])  # Ann and Eve are not here yet
    assert room.speaker == "m2" and to_come(room) == ["m3", "m4"]
    # Ann's page opens: the server records her present. First in the roster, she still waits
    # for those who were here before her.
    room("attendance.mark", session=1, member_ids=["m1"])
    assert to_come(room) == ["m3", "m4", "m1"]
    room("floor.next", turn_id=room.turn_id)
    # Eve is on Zoom only: the console says she is here with its next advance.
    room("floor.next", turn_id=room.turn_id, present=["m1", "m2", "m3", "m4", "m5"])
    assert room.speaker == "m4" and to_come(room) == ["m1", "m5"]
    spoke = [room.speaker]
    while room.turn_id is not None:
        room("round.pass", member(room.speaker or ""), turn_id=room.turn_id)
        spoke.append(room.speaker)
    assert spoke == ["m4", "m1", "m5", None]


def test_a_member_who_had_their_turn_is_not_called_again_when_they_come_back() -> None:
    room = Room(["Ann", "Bo", "Cy"])
    room.goto("round")
    room("round.start", present=["m1", "m2", "m3"])
    room("floor.next", turn_id=room.turn_id, present=["m2", "m3"])  # Ann spoke, then left
    room("attendance.mark", session=1, member_ids=["m1"])  # and came back
    assert room.speaker == "m2" and to_come(room) == ["m3"]
    # Already recorded and already in the room: nothing to do.
    with pytest.raises(Unchanged):
        room("attendance.mark", session=1, member_ids=["m1"])


def test_an_arrival_outside_a_running_round_only_records_attendance() -> None:
    room = Room(["Ann", "Bo"])
    room.goto("round")
    room("round.start", present=["m2"])
    room("floor.next", turn_id=room.turn_id)  # Bo spoke: the round is over but stays
    room.goto("discussion")
    room("attendance.mark", session=1, member_ids=["m1"])
    assert room.doc.floor.round is not None and room.doc.floor.round.present == ["m2"]
    assert room.doc.course.attendance[-1].members == ["m1"]


def test_marking_someone_absent_does_not_move_them_in_the_round() -> None:
    room = Room(["Ann", "Bo", "Cy"])
    room("attendance.mark", session=1, member_ids=["m2"])  # Bo's page was open at the start
    room.goto("round")
    room("round.start", present=["m1", "m2", "m3"])
    room("attendance.mark", session=1, member_ids=["m2"], present=False)  # a correction
    assert to_come(room) == ["m2", "m3"]
    assert room.doc.course.attendance[-1].members == []


def test_a_speaker_done_early_hands_the_round_on_and_a_facilitators_end_frees_the_floor() -> None:
    room = Room(["Ann", "Bo", "Cy"])
    room.goto("round")
    room("round.start")
    room.tick(MIN_SHARE_MS)
    room("turn.end", member("m1"), turn_id=room.turn_id)  # Ann: "I'm done"
    assert room.speaker == "m2"
    assert room.doc.floor.ledger[-1].ms == {"m1": MIN_SHARE_MS}
    room("turn.end", FAC, turn_id=room.turn_id)
    assert room.speaker is None
    rnd = room.doc.floor.round
    assert rnd is not None and rnd.visited == ["m1", "m2"]
    room("floor.next", turn_id=None)
    assert room.speaker == "m3"
