"""Weeks and phases, carry-over from week to week, and retention: pure, with hypothesis."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from server.domain import Refused, private_view, shared_view
from server.domain.course.rules import phase, phase_lengths
from server.domain.document import Goal
from server.domain.retention import DAY_MS, deletes_at, due, last_met, tombstone
from tests.support.course_kit import WEEK, end_week, member, run, start_week
from tests.support.domain_kit import FAC, MIN, T0, group


@given(st.integers(min_value=1, max_value=52))
def test_phases_run_initial_then_middle_then_termination(planned: int) -> None:
    phases = [phase(n, planned) for n in range(1, planned + 1)]
    order = {"initial": 0, "middle": 1, "termination": 2}
    assert phases == sorted(phases, key=order.__getitem__)
    assert phases[0] == "initial"
    initial, termination = phase_lengths(planned)
    assert phases.count("initial") == initial and phases.count("termination") == termination
    if planned >= 6:
        assert phases[:3] == ["initial"] * 3
        assert phases.count("termination") == (4 if planned >= 12 else 3)
    if planned >= 2:
        assert phases[-1] == "termination"


def test_phases_of_the_usual_courses() -> None:
    assert [phase(n, 8) for n in range(1, 9)] == ["initial"] * 3 + ["middle"] * 2 + ["termination"] * 3
    assert [phase(n, 16) for n in range(1, 17)] == ["initial"] * 3 + ["middle"] * 9 + ["termination"] * 4
    assert [phase(n, 4) for n in range(1, 5)] == ["initial"] * 2 + ["termination"] * 2


def test_the_week_says_session_n_of_m() -> None:
    doc = group(sessions=8)
    assert shared_view(doc, "member")["course"]["week"] == {
        "number": 0,
        "planned": 8,
        "phase": None,
        "live": False,
        "next": 1,
        "next_phase": "initial",
    }
    for n in range(1, 5):
        doc = end_week(start_week(doc, n, T0 + n * WEEK), n, T0 + n * WEEK + 90 * MIN)
    week = shared_view(doc, "display")["course"]["week"]
    assert (week["number"], week["phase"], week["next"], week["next_phase"]) == (4, "middle", 5, "middle")


# One week of a course: who writes homework, who acknowledges, whether goals change.
week_plans = st.lists(
    st.fixed_dictionaries(
        {
            "homework": st.dictionaries(
                st.sampled_from(["m1", "m2", "m3"]), st.text("abc ", min_size=1, max_size=8)
            ),
            "after_end": st.booleans(),
            "goal": st.none() | st.sampled_from(["grief", "dispute", "isolation", "role_transition"]),
            "ack": st.sets(st.sampled_from(["m1", "m2", "m3"])),
        }
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=40, deadline=None)
@given(week_plans)
def test_everything_carries_from_week_to_week(plans) -> None:
    """Starting a week keeps roster, agreements, acknowledgements, goals and all homework, and
    each member's "last week" is the latest homework they set before this session."""
    doc = group(sessions=len(plans))
    written: dict[tuple[str, int], str] = {}
    for n, plan in enumerate(plans, start=1):
        now = T0 + n * WEEK
        before = (doc.members, doc.course.agreements, doc.course.goals, list(doc.course.homework))
        doc = start_week(doc, n, now)
        assert (doc.members, doc.course.agreements, doc.course.goals, doc.course.homework) == before
        for m in ("m1", "m2", "m3"):
            earlier = [s for (who, s) in written if who == m and s < n]
            last = private_view(doc, m)["course"]["homework"]["last"]
            if earlier:
                assert last is not None and last["session"] == max(earlier)
                assert last["text"] == " ".join(written[(m, max(earlier))].split())
            else:
                assert last is None
        if plan["after_end"]:
            doc = end_week(doc, n, now + 90 * MIN)
        for m, text in plan["homework"].items():
            try:
                doc = run(doc, "homework.set", {"text": text}, member(int(m[1])), now + 95 * MIN)
            except Refused:
                assert not text.strip()
                continue
            written[(m, n)] = text
        for m in sorted(plan["ack"] - set(doc.course.agreements.acks)):
            doc = run(doc, "agreements.ack", {"revision": 1}, member(int(m[1])), now)
        if plan["goal"] and plan["goal"] not in (doc.course.goals.get("m1") or Goal()).areas:
            doc = run(doc, "goal.set", {"member_id": "m1", "areas": [plan["goal"]]}, FAC, now)
        if not plan["after_end"]:
            doc = end_week(doc, n, now + 90 * MIN)
    history = [(h.member, h.session) for h in doc.course.homework]
    assert len(history) == len(set(history)) == len(written)


@given(
    created=st.integers(0, 10**12),
    started=st.none() | st.integers(0, 10**9),
    length=st.none() | st.integers(0, 10**8),
    days=st.integers(1, 3650),
    later=st.integers(0, 4000 * DAY_MS),
)
def test_a_group_is_due_exactly_days_after_it_last_met(created, started, length, days, later) -> None:
    doc = group()
    doc.created_at = created
    if started is not None:
        doc = start_week(doc, 1, created + started)
        if length is not None:
            doc = end_week(doc, 1, created + started + length)
    met = last_met(doc)
    assert met >= doc.created_at
    now = met + later
    assert due(doc, now, days) == (later >= days * DAY_MS)
    assert deletes_at(doc, days) == met + days * DAY_MS
    assert not due(doc, met + days * DAY_MS - 1, days)


def test_a_running_session_counts_from_its_start_and_a_later_week_postpones_deletion() -> None:
    doc = start_week(group(), 1, T0)
    assert last_met(doc) == T0
    doc = end_week(doc, 1, T0 + 90 * MIN)
    assert due(doc, T0 + 90 * MIN + 30 * DAY_MS, 30)
    doc = start_week(doc, 2, T0 + 20 * DAY_MS)
    doc = end_week(doc, 2, T0 + 20 * DAY_MS + 90 * MIN)
    assert not due(doc, T0 + 90 * MIN + 30 * DAY_MS, 30)


def test_a_tombstone_keeps_nothing_anyone_wrote() -> None:
    doc = start_week(group(), 1, T0)
    doc = run(doc, "homework.set", {"text": "call my sister"}, member(1))
    doc = run(doc, "signal.send", {"kind": "moment", "note": "hard day"}, member(1))
    dead = tombstone(doc, T0 + 1)
    assert dead.version == doc.version + 1 and dead.deleted_at == T0 + 1
    text = repr(dead)
    for word in ("call my sister", "hard day", "Member 1", "Tuesday"):
        assert word not in text
    assert dead.credentials == [] and dead.course.homework == [] and dead.signals.items == []
