"""The window before each session: when members may answer, and for which session."""

from __future__ import annotations

import json

import pytest

from server.domain import Refused, decode, encode, load, shared_view, tombstone
from server.domain.selfreport.window import window
from tests.support.domain_kit import MIN, T0
from tests.support.selfreport_kit import CALM_PHQ9, HOUR, WEEK, Course


def refused(course: Course, who: int = 1) -> str:
    with pytest.raises(Refused) as err:
        course.submit(who, "phq9", CALM_PHQ9)
    assert err.value.code == "conflict"
    return err.value.message


def test_without_a_schedule_it_opens_when_the_previous_session_ends() -> None:
    course = Course(instruments="phq9")
    # Session 1: open from the group's creation.
    assert window(course.doc) == (1, T0, None)
    course.submit(1, "phq9", CALM_PHQ9)
    course.start(1)
    course.tick(3 * MIN)
    course.submit(2, "phq9", CALM_PHQ9)  # still grounding: still open
    course.leave_grounding()
    left = course.now
    assert window(course.doc) == (1, T0, left)
    assert "closed" in refused(course, 3)
    course.tick(90 * MIN)
    course.end()
    ended = course.now
    assert window(course.doc) == (2, ended, None)
    course.submit(3, "phq9", CALM_PHQ9)
    assert [(r.member, r.session) for r in course.doc.selfreport.reports] == [("m1", 1), ("m2", 1), ("m3", 2)]


def test_going_back_to_grounding_does_not_reopen_it() -> None:
    course = Course(instruments="phq9")
    course.start(1)
    course.tick(MIN)
    course.leave_grounding()
    course("segment.prev", from_index=1)
    assert course.doc.session.current == 0
    assert "closed" in refused(course)
    course("segment.goto", from_index=0, to_index=3)
    assert window(course.doc).closes_at == course.doc.session.first_segment_ended_at


def test_with_a_schedule_it_opens_the_chosen_time_before_the_session() -> None:
    course = Course(instruments="both", opens_before=6 * 60)
    course.week(1)
    session_2 = course.now + 24 * HOUR
    course("session.schedule", number=2, at=session_2)
    assert window(course.doc).opens_at == session_2 - 6 * HOUR
    assert "not open yet" in refused(course)
    course.now = session_2 - 6 * HOUR - 1
    assert "not open yet" in refused(course)
    course.tick(1)
    course.submit(1, "phq9", CALM_PHQ9)
    # Later than planned is fine: it stays open until the session leaves grounding.
    course.now = session_2 + HOUR
    course.submit(2, "gad7", [0] * 7)


def test_it_never_opens_before_the_previous_session_ended() -> None:
    course = Course(instruments="phq9", opens_before=7 * 24 * 60)
    course.start(1)
    course.tick(90 * MIN)
    course.end()
    ended = course.now
    course("session.schedule", number=2, at=ended + 2 * HOUR)
    assert window(course.doc).opens_at == ended


def test_a_session_that_ends_in_its_first_segment_hands_over_to_the_next() -> None:
    course = Course(instruments="phq9", sessions=2)
    course.start(1)
    course.tick(MIN)
    course.end()
    assert window(course.doc) == (2, course.now, None)
    course.week(2)
    assert window(course.doc) is None
    assert "course has ended" in refused(course)


def test_a_schedule_changes_only_sessions_still_to_come() -> None:
    course = Course()
    course("session.schedule", number=3, at=T0 + 2 * WEEK)
    course.start(1)
    for number, at, code in [
        (1, T0 + WEEK, "conflict"),
        (0, T0 + WEEK, "invalid"),
        (9, T0 + WEEK, "invalid"),
        (2, T0 - 2 * 24 * HOUR, "invalid"),
        (2, T0 + 3 * 366 * 24 * HOUR, "invalid"),
    ]:
        with pytest.raises(Refused) as err:
            course("session.schedule", number=number, at=at)
        assert err.value.code == code, (number, at)
    course("session.schedule", number=2, at=T0 + WEEK)
    for role in ("facilitator", "member", "display"):
        assert shared_view(course.doc, role)["course"]["week"]["next_at"] == T0 + WEEK
    assert shared_view(course.doc, "facilitator")["course"]["schedule"] == [
        {"number": 2, "at": T0 + WEEK},
        {"number": 3, "at": T0 + 2 * WEEK},
    ]
    course("session.schedule", number=2, at=None)
    assert shared_view(course.doc, "member")["course"]["week"]["next_at"] is None


def test_a_format_1_session_past_grounding_keeps_its_window_closed() -> None:
    course = Course(instruments="phq9")
    course.start(1)
    course.tick(5 * MIN)
    course.leave_grounding()
    raw = json.loads(encode(course.doc))
    del raw["format"], raw["selfreport"], raw["course"]["schedule"], raw["session"]["first_segment_ended_at"]
    migrated, upgraded = load(json.dumps(raw))
    assert upgraded and migrated.selfreport is None and migrated.course.schedule == []
    assert migrated.session.first_segment_ended_at == migrated.session.started_at + 5 * MIN
    # A session still in its first segment keeps it open.
    raw["session"]["current"] = 0
    for seg in raw["session"]["segments"]:
        seg["elapsed_ms"] = 0
    assert decode(json.dumps(raw)).session.first_segment_ended_at is None


def test_deleting_the_group_keeps_no_answer_score_or_schedule() -> None:
    course = Course(instruments="phq9", crisis_text="Call Dana")
    course("session.schedule", number=2, at=T0 + WEEK)
    course.submit(1, "phq9", [3, 3, 3, 3, 3, 3, 3, 3, 2])
    dead = tombstone(course.doc, course.now)
    assert dead.selfreport is None and dead.course.schedule == [] and dead.signals.items == []
    assert "Call Dana" not in repr(dead)
