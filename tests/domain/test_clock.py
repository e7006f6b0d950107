"""The session clock: start, pause, resume, move, adjust, and the derived times."""

import pytest

from server.domain import Refused, Unchanged, apply
from server.domain.clock.countdown import planned_end, projected_end, remaining, segment_elapsed
from tests.support.domain_kit import FAC, MIN, T0, group, started


def test_session_start_runs_first_segment() -> None:
    doc = started()
    s = doc.session
    assert s is not None and s.number == 1 and s.current == 0 and s.state == "running"
    assert remaining(s, T0 + 2 * MIN) == 3 * MIN  # grounding is 5 minutes
    assert doc.version == 2


def test_pause_stops_the_countdown_and_resume_continues() -> None:
    doc = apply(started(), "segment.pause", {"index": 0}, FAC, T0 + MIN)
    assert doc.session is not None
    assert remaining(doc.session, T0 + 10 * MIN) == 4 * MIN
    doc = apply(doc, "segment.resume", {"index": 0}, FAC, T0 + 10 * MIN)
    assert doc.session is not None
    assert remaining(doc.session, T0 + 11 * MIN) == 3 * MIN


def test_overtime_is_negative_remaining() -> None:
    doc = started()
    assert doc.session is not None
    assert remaining(doc.session, T0 + 7 * MIN) == -2 * MIN


def test_next_and_prev_keep_each_segments_time() -> None:
    doc = apply(started(), "segment.next", {"from_index": 0}, FAC, T0 + 4 * MIN)
    s = doc.session
    assert s is not None and s.current == 1 and s.segments[0].elapsed_ms == 4 * MIN
    doc = apply(doc, "segment.prev", {"from_index": 1}, FAC, T0 + 6 * MIN)
    s = doc.session
    assert s is not None and s.current == 0 and s.segments[1].elapsed_ms == 2 * MIN
    assert segment_elapsed(s, 0, T0 + 7 * MIN) == 5 * MIN


def test_stale_next_is_a_no_op_not_a_double_advance() -> None:
    doc = apply(started(), "segment.next", {"from_index": 0}, FAC, T0 + MIN)
    with pytest.raises(Unchanged):
        apply(doc, "segment.next", {"from_index": 0}, FAC, T0 + MIN + 5)


def test_next_on_the_last_segment_is_refused() -> None:
    doc = started()
    assert doc.session is not None
    last = len(doc.session.segments) - 1
    doc = apply(doc, "segment.goto", {"from_index": 0, "to_index": last}, FAC, T0)
    with pytest.raises(Refused) as exc:
        apply(doc, "segment.next", {"from_index": last}, FAC, T0)
    assert exc.value.code == "conflict"


@pytest.mark.parametrize(("delta", "expected"), [(MIN, 6 * MIN), (5 * MIN, 10 * MIN), (-MIN, 4 * MIN)])
def test_adjust_changes_the_running_segment(delta: int, expected: int) -> None:
    doc = apply(started(), "segment.adjust", {"index": 0, "delta_ms": delta}, FAC, T0)
    assert doc.session is not None and doc.session.segments[0].duration_ms == expected


def test_shortening_past_time_used_shows_overtime_and_never_goes_negative() -> None:
    doc = apply(started(), "segment.adjust", {"index": 0, "delta_ms": -60 * MIN}, FAC, T0 + 2 * MIN)
    s = doc.session
    assert s is not None and s.segments[0].duration_ms == 0
    assert remaining(s, T0 + 2 * MIN) == -2 * MIN


@pytest.mark.parametrize("delta", [0, 61 * MIN, -61 * MIN])
def test_adjust_out_of_range_is_invalid(delta: int) -> None:
    with pytest.raises(Refused) as exc:
        apply(started(), "segment.adjust", {"index": 0, "delta_ms": delta}, FAC, T0)
    assert exc.value.code == "invalid"


def test_planned_and_projected_end() -> None:
    doc = started()
    s = doc.session
    assert s is not None
    total = sum(seg.duration_ms for seg in s.segments)
    assert total == 100 * MIN  # the reference agenda runs over 90 minutes: DOMAIN.md
    assert planned_end(s) == T0 + total
    assert projected_end(s, T0) == T0 + total
    # 3 minutes over in grounding: the projection moves 3 minutes later.
    assert projected_end(s, T0 + 8 * MIN) == T0 + total + 3 * MIN
    # Grounding finished early: the projection moves earlier.
    doc = apply(doc, "segment.next", {"from_index": 0}, FAC, T0 + 2 * MIN)
    assert doc.session is not None
    assert projected_end(doc.session, T0 + 2 * MIN) == T0 + total - 3 * MIN


def test_session_end_and_next_week() -> None:
    doc = apply(started(), "session.end", {"number": 1}, FAC, T0 + 90 * MIN)
    s = doc.session
    assert s is not None and s.status == "ended" and s.ended_at == T0 + 90 * MIN
    assert s.segments[0].elapsed_ms == 90 * MIN
    with pytest.raises(Unchanged):
        apply(doc, "session.end", {"number": 1}, FAC, T0 + 91 * MIN)
    doc = apply(doc, "session.start", {"number": 2}, FAC, T0 + 7 * 24 * 60 * MIN)
    assert doc.session is not None and doc.session.number == 2


def test_session_start_twice_is_harmless_and_skipping_ahead_is_refused() -> None:
    doc = started()
    with pytest.raises(Unchanged):
        apply(doc, "session.start", {"number": 1}, FAC, T0 + 1)
    with pytest.raises(Refused) as exc:
        apply(group(), "session.start", {"number": 3}, FAC, T0)
    assert exc.value.code == "conflict"


def test_no_clock_commands_without_a_session() -> None:
    with pytest.raises(Refused) as exc:
        apply(group(), "segment.pause", {"index": 0}, FAC, T0)
    assert exc.value.code == "conflict"


def test_the_course_ends_after_its_planned_sessions() -> None:
    doc = apply(group(sessions=1), "session.start", {"number": 1}, FAC, T0)
    doc = apply(doc, "session.end", {"number": 1}, FAC, T0 + 1)
    with pytest.raises(Refused):
        apply(doc, "session.start", {"number": 2}, FAC, T0 + 2)
