"""Self-report commands in the pure domain: who may send what, the last answers count, safety
and deterioration signals for facilitators only, and views that say nothing to anyone else."""

from __future__ import annotations

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.domain import Actor, Refused, Unchanged, apply, encode, private_view, shared_view
from server.domain.document import DEFAULT_CRISIS_TEXT, MAX_SIGNALS
from tests.support.course_kit import member
from tests.support.domain_kit import FAC
from tests.support.selfreport_kit import CALM_PHQ9, Course, gad7, phq9


def encode_view(view: dict) -> bytes:
    return msgspec.json.encode(view)


def code_of(course: Course, name: str, actor: Actor, **args) -> str:
    with pytest.raises(Refused) as err:
        course(name, actor, **args)
    return err.value.code


def signals(course: Course, kind: str | None = None) -> list[dict]:
    """The facilitators' inbox (unacknowledged signals, and this session's)."""
    inbox = shared_view(course.doc, "facilitator")["signals"]
    return [s for s in inbox if kind is None or s["kind"] == kind]


def raised(course: Course, kind: str) -> list:
    """Every signal of `kind` the group keeps, acknowledged or not."""
    return [s for s in course.doc.signals.items if s.kind == kind]


def test_only_members_answer_and_only_facilitators_choose() -> None:
    course = Course(instruments="both")
    args = {"instrument": "phq9", "answers": CALM_PHQ9}
    assert code_of(course, "selfreport.submit", FAC, **args) == "forbidden"
    assert code_of(course, "selfreport.submit", Actor("display"), **args) == "forbidden"
    assert code_of(course, "selfreport.settings", member(1), show_own=True) == "forbidden"
    assert code_of(course, "selfreport.settings", Actor("display"), show_own=True) == "forbidden"
    course.submit(1, "phq9", CALM_PHQ9)


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ({"instrument": "bdi", "answers": CALM_PHQ9}, "invalid"),
        ({"instrument": "phq9", "answers": [0] * 8}, "invalid"),
        ({"instrument": "gad7", "answers": [0] * 9}, "invalid"),
        ({"instrument": "phq9", "answers": [0] * 10}, "invalid"),
        ({"instrument": "phq9", "answers": [0, 0, 0, 0, 4, 0, 0, 0, 0]}, "invalid"),
        ({"instrument": "phq9", "answers": [0, 0, 0, 0, -1, 0, 0, 0, 0]}, "invalid"),
        ({"instrument": "phq9", "answers": [0, 0, 0, 0, "2", 0, 0, 0, 0]}, "invalid"),
        ({"instrument": "phq9", "answers": [0, 0, 0, 0, True, 0, 0, 0, 0]}, "invalid"),
        ({"instrument": "phq9", "answers": [0, 0, 0, 0, 1.5, 0, 0, 0, 0]}, "invalid"),
        ({"instrument": "phq9"}, "invalid"),
        ({"instrument": "phq9", "answers": CALM_PHQ9, "member": "m2"}, "invalid"),
    ],
)
def test_bad_answers_are_refused_and_change_nothing(args: dict, code: str) -> None:
    course = Course(instruments="both")
    before = encode(course.doc)
    assert code_of(course, "selfreport.submit", member(1), **args) == code
    assert encode(course.doc) == before


def test_a_questionnaire_the_group_does_not_ask_is_refused() -> None:
    course = Course()
    assert code_of(course, "selfreport.submit", member(1), instrument="phq9", answers=CALM_PHQ9) == "conflict"
    course("selfreport.settings", instruments="gad7")
    with pytest.raises(Refused) as err:
        course.submit(1, "phq9", CALM_PHQ9)
    assert err.value.code == "conflict" and "PHQ-9" in err.value.message
    course.submit(1, "gad7", gad7(3))


@pytest.mark.parametrize(
    "args",
    [
        {"instruments": "bdi"},
        {"opens_before": -1},
        {"opens_before": 7 * 24 * 60 + 1},
        {"crisis_text": "x" * 281},
        {"crisis_text": "call\x00me"},
        {"crisis_number": "9" * 41},
        {"show_own": "yes"},
        {"colour": "red"},
    ],
)
def test_bad_settings_are_refused(args: dict) -> None:
    course = Course()
    assert code_of(course, "selfreport.settings", FAC, **args) == "invalid"
    assert course.doc.selfreport is None


def test_settings_change_only_what_is_given() -> None:
    course = Course()
    with pytest.raises(Unchanged):
        apply(course.doc, "selfreport.settings", {"instruments": "none"}, FAC, course.now)
    crisis = {"crisis_text": "  Call   Dana at the clinic. ", "crisis_number": "988"}
    course("selfreport.settings", instruments="both", **crisis)
    course("selfreport.settings", show_own=True)
    view = shared_view(course.doc, "facilitator")["selfreport"]["settings"]
    assert view == {
        "instruments": "both",
        "opens_before": 24 * 60,
        "show_own": True,
        "crisis_text": "Call Dana at the clinic.",
        "crisis_number": "988",
        "default_crisis_text": DEFAULT_CRISIS_TEXT,
    }
    with pytest.raises(Unchanged):
        apply(course.doc, "selfreport.settings", {"show_own": True}, FAC, course.now)
    course("selfreport.settings", crisis_text="", crisis_number=None)
    assert course.doc.selfreport.settings.crisis_text is None
    assert course.doc.selfreport.settings.crisis_number is None


def test_answers_may_be_resent_and_the_last_ones_count() -> None:
    course = Course(instruments="phq9")
    course.submit(1, "phq9", phq9(12))
    first = course.doc.selfreport.reports[0].at
    with pytest.raises(Unchanged):
        args = {"instrument": "phq9", "answers": phq9(12)}
        apply(course.doc, "selfreport.submit", args, member(1), course.now)
    course.tick(60_000)
    course.submit(1, "phq9", phq9(7))
    reports = course.doc.selfreport.reports
    assert len(reports) == 1 and reports[0].answers == phq9(7) and reports[0].at == first + 60_000
    latest = shared_view(course.doc, "facilitator")["selfreport"]["members"]["m1"]["phq9"]["latest"]
    assert (latest["score"], latest["band"]) == (7, "mild")


def test_item_9_above_0_raises_one_safety_signal_per_answer() -> None:
    course = Course(instruments="phq9")
    course.submit(1, "phq9", phq9(3, item9=1))
    [alert] = signals(course, "safety")
    assert (alert["member"], alert["answer"], alert["instrument"], alert["session"]) == ("m1", 1, "phq9", 1)
    assert alert["acknowledged_at"] is None
    # Resent with item 9 the same: no second signal.
    course.submit(1, "phq9", phq9(4, item9=1))
    assert len(signals(course, "safety")) == 1
    # A different answer while nobody has looked: the same signal says the new answer.
    course.submit(1, "phq9", phq9(4, item9=3))
    assert [(s["id"], s["answer"]) for s in signals(course, "safety")] == [(alert["id"], 3)]
    course("signal.ack", signal_id=alert["id"])
    course.submit(1, "phq9", phq9(5, item9=3))
    assert len(raised(course, "safety")) == 1 and signals(course, "safety") == []
    course.submit(1, "phq9", phq9(5, item9=2))
    assert [s.answer for s in raised(course, "safety")] == [3, 2]
    assert [s["answer"] for s in signals(course, "safety")] == [2]
    # Back to 0: the new one stays until acknowledged.
    course.submit(1, "phq9", phq9(5, item9=0))
    assert [s["answer"] for s in signals(course, "safety")] == [2]


def test_no_safety_signal_for_item_9_at_0_skipped_or_on_the_gad7() -> None:
    course = Course(instruments="both")
    course.submit(1, "phq9", phq9(24, item9=0))
    course.submit(2, "phq9", [*phq9(20)[:8], None])
    course.submit(3, "gad7", gad7(21))
    assert signals(course) == []


def test_a_safety_signal_is_never_refused_for_want_of_room() -> None:
    course = Course(instruments="phq9")
    for _ in range(MAX_SIGNALS):
        course("signal.send", member(2), kind="moment")
    course.submit(1, "phq9", phq9(0, item9=2))
    assert len(signals(course, "safety")) == 1 and len(course.doc.signals.items) == MAX_SIGNALS + 1


def test_a_reliable_rise_since_last_week_raises_a_quieter_note() -> None:
    course = Course(instruments="both")
    course.submit(1, "phq9", phq9(5))
    course.submit(1, "gad7", gad7(5))
    course.week(1)
    course.submit(1, "phq9", phq9(9))  # +4: not reliable
    course.submit(1, "gad7", gad7(9))  # +4: reliable on the GAD-7
    notes = signals(course, "deterioration")
    assert [(s["instrument"], s["change"], s["score"]) for s in notes] == [("gad7", 4, 9)]
    course.submit(1, "phq9", phq9(10))  # +5
    notes = signals(course, "deterioration")
    assert [(s["instrument"], s["change"], s["session"], s["member"]) for s in notes] == [
        ("gad7", 4, 2, "m1"),
        ("phq9", 5, 2, "m1"),
    ]
    # The last answers count: resent lower, the unacknowledged note goes away.
    course.submit(1, "phq9", phq9(6))
    assert [s["instrument"] for s in signals(course, "deterioration")] == ["gad7"]
    assert signals(course, "safety") == []


def test_members_never_see_self_report_signals_even_about_themselves() -> None:
    course = Course(instruments="phq9")
    course.submit(1, "phq9", phq9(6, item9=2))
    course.week(1)
    course.submit(1, "phq9", phq9(24, item9=3))
    assert {s["kind"] for s in signals(course)} == {"safety", "deterioration"}
    assert private_view(course.doc, "m1")["signals"] == []
    course("signal.send", member(1), kind="moment")
    assert [s["kind"] for s in private_view(course.doc, "m1")["signals"]] == ["moment"]


def test_a_submit_changes_nothing_other_members_or_the_display_see() -> None:
    course = Course(instruments="both", show_own=True)
    course.submit(2, "phq9", phq9(4))
    before = {
        "member": encode_view(shared_view(course.doc, "member")),
        "display": encode_view(shared_view(course.doc, "display")),
        "m2": encode_view(private_view(course.doc, "m2")),
        "m3": encode_view(private_view(course.doc, "m3")),
    }
    fac_before = shared_view(course.doc, "facilitator")
    course.submit(1, "phq9", phq9(20, item9=3))
    course.submit(1, "gad7", gad7(15))
    after = {
        "member": encode_view(shared_view(course.doc, "member")),
        "display": encode_view(shared_view(course.doc, "display")),
        "m2": encode_view(private_view(course.doc, "m2")),
        "m3": encode_view(private_view(course.doc, "m3")),
    }
    assert after == before
    assert "selfreport" not in shared_view(course.doc, "member")
    assert "selfreport" not in shared_view(course.doc, "display")
    assert shared_view(course.doc, "facilitator") != fac_before
    assert private_view(course.doc, "m1")["selfreport"]["sent"]["phq9"]["answers"] == phq9(20, item9=3)


def test_the_facilitators_see_scores_change_and_who_is_waiting() -> None:
    course = Course(instruments="phq9")
    course.submit(1, "phq9", phq9(18))
    course.submit(2, "phq9", [*phq9(6)[:8], None])
    view = shared_view(course.doc, "facilitator")["selfreport"]
    assert (view["session"], view["asked"], view["waiting"]) == (1, ["phq9"], ["m3"])
    course.week(1)
    course.submit(1, "phq9", phq9(14))
    course.week(2)
    course.submit(1, "phq9", phq9(11))
    course.submit(3, "phq9", phq9(2))
    m1 = shared_view(course.doc, "facilitator")["selfreport"]["members"]["m1"]["phq9"]
    assert m1["series"] == [
        {"session": 1, "score": 18},
        {"session": 2, "score": 14},
        {"session": 3, "score": 11},
    ]
    assert (m1["latest"]["score"], m1["latest"]["band"]) == (11, "moderate")
    assert m1["latest"]["session"] == 3 and m1["latest"]["answers"] == phq9(11)
    assert m1["since_last"] == {"change": -3, "from_session": 2, "reliable": None}
    assert m1["since_start"] == {"change": -7, "from_session": 1, "reliable": "improved"}
    view = shared_view(course.doc, "facilitator")["selfreport"]
    assert view["waiting"] == ["m2"]
    m2 = view["members"]["m2"]["phq9"]
    assert m2["latest"]["skipped"] == 1 and m2["latest"]["score"] == 6 and m2["since_last"] is None


def test_a_member_sees_their_own_trend_only_if_allowed_and_the_crisis_text_after_item_9() -> None:
    course = Course(instruments="phq9")
    course.submit(1, "phq9", phq9(12))
    course.week(1)
    course.submit(1, "phq9", phq9(7, item9=1))
    me = private_view(course.doc, "m1")["selfreport"]
    assert me["own"] is None
    assert me["crisis"] == {"text": DEFAULT_CRISIS_TEXT, "custom": False, "number": None}
    assert me["sent"]["phq9"]["answers"] == phq9(7, item9=1) and me["session"] == 2
    course("selfreport.settings", show_own=True, crisis_text="Call Dana at the clinic.", crisis_number="988")
    me = private_view(course.doc, "m1")["selfreport"]
    assert me["own"]["phq9"] == {
        "session": 2,
        "score": 8,
        "band": "mild",
        "skipped": 0,
        "since_last": "lower",
        "since_start": "lower",
        "series": [{"session": 1, "score": 12}, {"session": 2, "score": 8}],
    }
    assert me["crisis"] == {"text": "Call Dana at the clinic.", "custom": True, "number": "988"}
    assert private_view(course.doc, "m2")["selfreport"]["crisis"] is None
    # Next week's window: nothing sent yet, so no crisis text.
    course.week(2)
    assert private_view(course.doc, "m1")["selfreport"]["crisis"] is None
    course("selfreport.settings", instruments="none")
    assert private_view(course.doc, "m1")["selfreport"] is None


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.none() | st.integers(0, 3), min_size=9, max_size=9), min_size=1, max_size=6))
def test_safety_signals_follow_item_9_whatever_is_sent(sends: list[list[int | None]]) -> None:
    course = Course(instruments="phq9")
    member_view = encode_view(shared_view(course.doc, "member"))
    positive: set[int] = set()
    for answers in sends:
        try:
            course.submit(1, "phq9", answers)
        except Unchanged:
            pass
        if answers[8]:
            positive.add(answers[8])
        alerts = signals(course, "safety")
        if answers[8]:
            assert any(s["answer"] == answers[8] for s in alerts)  # the latest answer is there
        assert bool(alerts) == bool(positive)
        assert {s["answer"] for s in alerts} <= positive
        assert all(s["member"] == "m1" for s in alerts)
        assert encode_view(shared_view(course.doc, "member")) == member_view
        assert private_view(course.doc, "m1")["signals"] == []
