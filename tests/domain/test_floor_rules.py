"""The floor over the pure domain, one rule at a time: queue, floor, pauses, ledger, spotlight."""

from __future__ import annotations

import pytest

from server.domain import Refused, Unchanged, private_view, shared_view
from server.domain.clock.agenda import SegmentSpec
from tests.support.floor_kit import FAC, Room, member

MIN = 60_000


def test_hands_queue_in_order_and_the_floor_takes_the_first(room: Room) -> None:
    for mid in ("m3", "m1", "m2"):
        room("hand.raise", member(mid))
    assert room.doc.floor.queue == ["m3", "m1", "m2"]
    with pytest.raises(Unchanged):
        room("hand.raise", member("m1"))  # a second click keeps her place
    room("floor.next", turn_id=None)
    assert room.speaker == "m3" and room.doc.floor.queue == ["m1", "m2"]
    with pytest.raises(Unchanged):
        room("hand.raise", member("m3"))  # the speaker is never also queued


def test_a_member_lowers_only_their_own_hand(room: Room) -> None:
    room("hand.raise", member("m1"))
    with pytest.raises(Refused) as refused:
        room("hand.lower", member("m2"), member="m1")
    assert refused.value.code == "forbidden"
    room("hand.lower", member("m1"))
    assert room.doc.floor.queue == []


def test_facilitator_moves_removes_and_lowers_all(room: Room) -> None:
    for mid in ("m1", "m2", "m3", "m4"):
        room("hand.raise", FAC, member=mid)
    room("hand.move", member="m4", to_index=0)  # to the top
    room("hand.move", member="m1", to_index=2)  # down one
    assert room.doc.floor.queue == ["m4", "m2", "m1", "m3"]
    with pytest.raises(Unchanged):
        room("hand.move", member="m1", to_index=2)  # the same click twice moves once
    with pytest.raises(Refused) as refused:
        room("hand.move", member="m1", to_index=4)
    assert refused.value.code == "invalid"
    room("hand.lower", member="m2")
    room("hand.lower_all")
    assert room.doc.floor.queue == []
    with pytest.raises(Refused) as refused:
        room("hand.move", member="m1", to_index=0)
    assert refused.value.code == "not_found"


def test_least_heard_first_orders_the_queue_by_floor_time(room: Room) -> None:
    for mid, talk in (("m1", 5 * MIN), ("m2", 1 * MIN), ("m3", 3 * MIN)):
        room("floor.give", member=mid, turn_id=room.turn_id)
        room.tick(talk)
    room("turn.end", turn_id=room.turn_id)
    for mid in ("m1", "m3", "m2", "m4"):
        room("hand.raise", member(mid))
    assert room.doc.floor.queue == ["m1", "m3", "m2", "m4"]
    room("floor.settings", least_heard_first=True)
    assert room.doc.floor.queue == ["m4", "m2", "m3", "m1"]
    room("hand.lower_all")
    for mid in ("m1", "m3", "m4", "m2"):
        room("hand.raise", member(mid))
    assert room.doc.floor.queue == ["m4", "m2", "m3", "m1"]


def test_give_floor_to_anyone_and_the_race_of_two_clicks(room: Room) -> None:
    room("hand.raise", member("m1"))
    room("hand.raise", member("m2"))
    room("floor.give", member="m4", turn_id=None)  # hand not raised: still may speak
    first = room.turn_id
    room("floor.next", turn_id=first)
    assert room.speaker == "m1"
    with pytest.raises(Unchanged):
        room("floor.next", turn_id=first)  # the co-facilitator's click, a moment later
    with pytest.raises(Unchanged):
        room("floor.give", member="m3", turn_id=first)
    assert room.speaker == "m1" and room.doc.floor.queue == ["m2"]


def test_next_with_nobody_waiting(room: Room) -> None:
    with pytest.raises(Refused) as refused:
        room("floor.next", turn_id=None)
    assert refused.value.code == "conflict"
    room("floor.give", member="m1", turn_id=None)
    room("floor.next", turn_id=room.turn_id)  # ends the turn
    assert room.speaker is None


def test_a_paused_turn_counts_no_floor_time(room: Room) -> None:
    room("floor.give", member="m1", turn_id=None)
    tid = room.turn_id
    room.tick(2 * MIN)
    room("turn.pause", turn_id=tid)
    room.tick(10 * MIN)
    with pytest.raises(Unchanged):
        room("turn.pause", turn_id=tid)
    room("turn.resume", turn_id=tid)
    room.tick(MIN)
    room("turn.end", member("m1"), turn_id=tid)  # the speaker says they are done
    assert room.doc.floor.ledger[-1].ms == {"m1": 3 * MIN}


def test_only_the_speaker_or_a_facilitator_ends_a_turn(room: Room) -> None:
    room("floor.give", member="m1", turn_id=None)
    with pytest.raises(Refused) as refused:
        room("turn.end", member("m2"), turn_id=room.turn_id)
    assert refused.value.code == "forbidden"


def test_ledger_per_session_and_per_course_and_turn_closed_by_the_clock(room: Room) -> None:
    room("floor.give", member="m1", turn_id=None)
    room.tick(4 * MIN)
    room("segment.next", from_index=room.doc.session.current if room.doc.session else 0)
    assert room.speaker is None  # leaving the segment ends its turn
    room.goto("discussion")
    room("floor.give", member="m2", turn_id=None)
    room.tick(2 * MIN)
    room("session.end", number=1)  # the session's end closes the running turn too
    room("session.start", number=2)
    room.goto("discussion")
    room("floor.give", member="m1", turn_id=None)
    room.tick(MIN)
    room("turn.end", turn_id=room.turn_id)
    lines = {line.session: line.ms for line in room.doc.floor.ledger}
    assert lines == {1: {"m1": 4 * MIN, "m2": 2 * MIN}, 2: {"m1": MIN}}
    fac = shared_view(room.doc, "facilitator")["floor"]["airtime"]
    assert fac == {"session": {"m1": MIN}, "course": {"m1": 5 * MIN, "m2": 2 * MIN}}


def test_members_see_no_airtime_and_their_own_only_when_allowed(room: Room) -> None:
    room("floor.give", member="m1", turn_id=None)
    room.tick(61_234)
    room("turn.end", turn_id=room.turn_id)
    for role in ("member", "display"):
        shared = shared_view(room.doc, role)  # type: ignore[arg-type]
        assert "airtime" not in str(shared) and "61234" not in str(shared)
    assert private_view(room.doc, "m1")["airtime"] is None
    room("floor.settings", show_own_airtime=True)
    assert private_view(room.doc, "m1")["airtime"] == {"session_ms": 61_234, "course_ms": 61_234}
    assert private_view(room.doc, "m2")["airtime"] == {"session_ms": 0, "course_ms": 0}


def test_settings_are_checked_and_a_repeat_is_a_no_op(room: Room) -> None:
    room("floor.settings", hand_turn_minutes=3)
    with pytest.raises(Unchanged):
        room("floor.settings", hand_turn_minutes=3)
    with pytest.raises(Refused) as refused:
        room("floor.settings", hand_turn_minutes=0)
    assert refused.value.code == "invalid"
    room("floor.give", member="m1", turn_id=None)
    assert room.doc.floor.turn is not None and room.doc.floor.turn.share_ms == 3 * MIN


def test_spotlight_defaults_to_three_twenty_minute_turns_and_suggests_the_least_featured() -> None:
    room = Room(["Ann", "Bo", "Cy", "Di", "Eve"])
    with pytest.raises(Refused) as refused:
        room("spotlight.pick", members=["m1"])
    assert refused.value.code == "conflict"  # not an in-depth segment
    room.goto("spotlight")
    assert shared_view(room.doc, "facilitator")["floor"]["suggestions"][:3] == ["m1", "m2", "m3"]
    room("spotlight.pick", members=["m1", "m2", "m3"])
    assert room.doc.floor.in_depth is not None and room.doc.floor.in_depth.turn_ms == 20 * MIN
    room("floor.next", turn_id=None)
    assert room.speaker == "m1" and room.doc.floor.turn is not None
    assert room.doc.floor.turn.kind == "spotlight" and room.doc.floor.turn.share_ms == 20 * MIN
    room.tick(20 * MIN)
    room("floor.next", turn_id=room.turn_id)
    room.tick(18 * MIN)
    room("spotlight.pick", members=["m1", "m2", "m4"])  # Cy asks to go next week instead
    room("floor.next", turn_id=room.turn_id)
    assert room.speaker == "m4"
    room("session.end", number=1)
    room("session.start", number=2)
    room.goto("spotlight")
    view = shared_view(room.doc, "facilitator")["floor"]
    assert view["spotlights"] == {"m1": 1, "m2": 1, "m4": 1}
    assert view["suggestions"][:2] == ["m3", "m5"]
    with pytest.raises(Refused):
        room("spotlight.pick", members=["m1"], minutes=0)


def test_floor_commands_need_a_live_session() -> None:
    room = Room(["Ann"])
    room("session.end", number=1)
    for name, args in (("hand.raise", {"member": "m1"}), ("floor.give", {"member": "m1", "turn_id": None})):
        with pytest.raises(Refused) as refused:
            room(name, **args)
        assert refused.value.code == "conflict"


def test_a_pick_names_the_picks_it_replaces_and_a_stale_one_is_told_to_look_again() -> None:
    room = Room(["Ann", "Bo", "Cy", "Di", "Eve"])
    room.goto("spotlight")
    room("spotlight.pick", members=["m1", "m2", "m3"], replaces=[])
    before = room.doc
    # The co-facilitator's console still showed no picks, and picked others.
    with pytest.raises(Refused) as refused:
        room("spotlight.pick", members=["m4", "m5", "m1"], replaces=[])
    assert refused.value.code == "conflict"
    assert refused.value.message == "The in-depth turns were just picked by someone else; look again."
    assert room.doc is before
    # Both consoles picking the same: already so, whatever each console saw.
    with pytest.raises(Unchanged):
        room("spotlight.pick", members=["m1", "m2", "m3"], replaces=[])
    # Having looked again, it changes them; order matters (it is the order of the turns).
    with pytest.raises(Refused):
        room("spotlight.pick", members=["m4"], replaces=["m3", "m2", "m1"])
    room("spotlight.pick", members=["m3", "m2", "m4"], replaces=["m1", "m2", "m3"])
    assert room.doc.floor.in_depth is not None and room.doc.floor.in_depth.picks == ["m3", "m2", "m4"]


def test_a_pick_without_replaces_is_not_checked() -> None:
    room = Room(["Ann", "Bo", "Cy"])
    room.goto("spotlight")
    room("spotlight.pick", members=["m1"])
    room("spotlight.pick", members=["m2"])
    assert room.doc.floor.in_depth is not None and room.doc.floor.in_depth.picks == ["m2"]


def test_the_picks_of_an_earlier_segment_are_not_what_a_new_pick_replaces() -> None:
    room = Room(["Ann", "Bo"], agenda=[SegmentSpec(title="In depth", minutes=40, kind="spotlight")] * 2)
    room("spotlight.pick", members=["m1"], replaces=[])
    room("segment.next", from_index=0)
    with pytest.raises(Refused):
        room("spotlight.pick", members=["m2"], replaces=["m1"])
    room("spotlight.pick", members=["m2"], replaces=[])


@pytest.mark.parametrize("replaces", [["m1"] * 13, "m1", [1]])
def test_a_malformed_replaces_is_invalid(replaces: object) -> None:
    room = Room(["Ann"])
    room.goto("spotlight")
    with pytest.raises(Refused) as refused:
        room("spotlight.pick", members=["m1"], replaces=replaces)
    assert refused.value.code == "invalid"
