"""Agreements, goals, homework and attendance in the pure domain."""

from __future__ import annotations

import pytest

from server.domain import Refused, Unchanged, apply, private_view, shared_view
from server.domain.document import DEFAULT_AGREEMENTS, MAX_AGREEMENT, MAX_GOAL, MAX_HOMEWORK
from tests.support.course_kit import WEEK, end_week, member, run, start_week
from tests.support.domain_kit import DISPLAY, FAC, MEM, T0, group, started


def refused(code: str, doc, name, args, actor, now=T0) -> None:
    with pytest.raises(Refused) as err:
        apply(doc, name, args, actor, now)
    assert err.value.code == code, err.value.message


# ---- agreements -----------------------------------------------------------------------------


def test_a_new_group_has_the_default_agreements() -> None:
    doc = group()
    assert doc.course.agreements.items == list(DEFAULT_AGREEMENTS)
    assert shared_view(doc, "member")["course"]["agreements"]["items"][0] == "Show up on time."


def test_editing_agreements_bumps_the_revision_and_asks_members_again() -> None:
    doc = run(group(), "agreements.ack", {"revision": 1}, MEM)
    assert private_view(doc, "m1")["course"]["agreements_ack"] == 1
    doc = run(doc, "agreements.set", {"items": ["Be kind.", "  Be   on time. "]}, FAC)
    assert doc.course.agreements.items == ["Be kind.", "Be on time."]
    assert doc.course.agreements.revision == 2
    # The member acknowledged revision 1; the page sees 1 != 2 and shows them again.
    assert private_view(doc, "m1")["course"]["agreements_ack"] == 1
    refused("conflict", doc, "agreements.ack", {"revision": 1}, MEM)
    doc = run(doc, "agreements.ack", {"revision": 2}, MEM)
    with pytest.raises(Unchanged):
        apply(doc, "agreements.ack", {"revision": 2}, MEM, T0)
    doc = run(doc, "agreements.reset", {}, FAC)
    assert doc.course.agreements.items == list(DEFAULT_AGREEMENTS)


@pytest.mark.parametrize(
    "items",
    [[], ["x"] * 13, ["x" * (MAX_AGREEMENT + 1)], ["ok", "   "], ["bell\x07"], "not a list", [1]],
)
def test_bad_agreements_are_refused(items) -> None:
    refused("invalid", group(), "agreements.set", {"items": items}, FAC)


def test_only_facilitators_see_who_acknowledged_and_the_display_only_when_shown() -> None:
    doc = run(group(), "agreements.ack", {"revision": 1}, MEM)
    assert shared_view(doc, "facilitator")["course"]["agreements"]["acks"] == {"m1": 1}
    assert "acks" not in shared_view(doc, "member")["course"]["agreements"]
    assert shared_view(doc, "display")["course"]["agreements"] is None
    doc = run(doc, "agreements.show", {"shown": True}, FAC)
    assert shared_view(doc, "display")["course"]["agreements"] == {
        "items": list(DEFAULT_AGREEMENTS),
        "builtin": [0, 1, 2, 3],
    }


# ---- goals ------------------------------------------------------------------------------------


def test_a_goal_is_the_members_own_until_a_facilitator_shares_it() -> None:
    doc = run(group(), "goal.set", {"member_id": "m1", "areas": ["isolation"], "text": "making friends"}, FAC)
    goal = {"areas": ["isolation"], "text": "making friends", "shared": False}
    assert private_view(doc, "m1")["course"]["goal"] == goal
    assert private_view(doc, "m2")["course"]["goal"] is None
    assert shared_view(doc, "member")["course"]["goals"] == {}
    assert shared_view(doc, "facilitator")["course"]["goals"] == {"m1": goal}
    doc = run(doc, "goal.share", {"member_id": "m1", "shared": True}, FAC)
    assert shared_view(doc, "member")["course"]["goals"]["m1"]["text"] == "making friends"
    assert "goals" not in shared_view(doc, "display")["course"]
    # Re-recording keeps the sharing choice.
    doc = run(doc, "goal.set", {"member_id": "m1", "areas": ["isolation", "grief"], "text": "friends"}, FAC)
    assert doc.course.goals["m1"].shared is True


@pytest.mark.parametrize(
    "args",
    [
        {"member_id": "m1", "areas": ["grief", "dispute", "isolation"]},
        {"member_id": "m1", "areas": ["happiness"]},
        {"member_id": "m1", "areas": [], "text": ""},
        {"member_id": "m1", "areas": ["grief"], "text": "x" * (MAX_GOAL + 1)},
    ],
)
def test_bad_goals_are_refused(args) -> None:
    refused("invalid", group(), "goal.set", args, FAC)


def test_a_goal_for_nobody_is_not_found() -> None:
    refused("not_found", group(), "goal.set", {"member_id": "m9", "areas": ["grief"]}, FAC)


# ---- homework ---------------------------------------------------------------------------------


def test_homework_needs_a_session() -> None:
    refused("conflict", group(), "homework.set", {"text": "call my sister"}, MEM)


def test_a_member_writes_only_their_own_homework() -> None:
    doc = started()
    refused("forbidden", doc, "homework.set", {"text": "x", "member_id": "m2"}, MEM)
    refused("forbidden", doc, "homework.clear", {"member_id": "m2"}, MEM)
    doc = run(doc, "homework.set", {"text": "call my sister"}, MEM)
    doc = run(doc, "homework.set", {"text": "walk daily", "member_id": "m2"}, FAC)
    assert [(h.member, h.text, h.by) for h in doc.course.homework] == [
        ("m1", "call my sister", "member"),
        ("m2", "walk daily", "facilitator"),
    ]
    mine = private_view(doc, "m1")["course"]["homework"]
    assert mine["this"] == {"session": 1, "text": "call my sister", "by": "member"}
    assert "homework" not in shared_view(doc, "member")["course"]
    refused("invalid", doc, "homework.set", {"text": "x"}, FAC)  # a facilitator names the member
    refused("invalid", doc, "homework.set", {"text": "x" * (MAX_HOMEWORK + 1)}, MEM)
    refused("invalid", doc, "homework.set", {"text": " "}, MEM)


def test_last_weeks_homework_shows_at_the_next_check_in() -> None:
    doc = started()
    doc = run(doc, "homework.set", {"text": "call my sister"}, MEM)
    doc = end_week(doc, 1, T0 + 90 * 60_000)
    doc = run(doc, "homework.set", {"text": "call my sister on Sunday"}, MEM, T0 + 100 * 60_000)
    doc = start_week(doc, 2, T0 + WEEK)
    me = private_view(doc, "m1")["course"]["homework"]
    assert me["last"] == {"session": 1, "text": "call my sister on Sunday", "by": "member"}
    assert me["this"] is None
    fac = shared_view(doc, "facilitator")["course"]["homework"]
    assert fac["m1"]["last"]["text"] == "call my sister on Sunday"
    assert fac["m2"] == {"this": None, "last": None}


def test_attendance_is_recorded_per_session_and_can_be_corrected() -> None:
    doc = started()
    doc = run(doc, "attendance.mark", {"session": 1, "member_ids": ["m2", "m1"]}, FAC)
    assert doc.course.attendance[0].members == ["m1", "m2"]  # roster order
    with pytest.raises(Unchanged):
        apply(doc, "attendance.mark", {"session": 1, "member_ids": ["m1"]}, FAC, T0)
    doc = run(doc, "attendance.mark", {"session": 1, "member_ids": ["m1"], "present": False}, FAC)
    assert shared_view(doc, "facilitator")["course"]["attendance"] == {"session": 1, "members": ["m2"]}
    refused("conflict", doc, "attendance.mark", {"session": 2, "member_ids": ["m1"]}, FAC)
    refused("not_found", doc, "attendance.mark", {"session": 1, "member_ids": ["m7"]}, FAC)
    refused("invalid", doc, "attendance.mark", {"session": 1, "member_ids": []}, FAC)


@pytest.mark.parametrize("actor", [MEM, DISPLAY])
@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("agreements.set", {"items": ["x"]}),
        ("agreements.reset", {}),
        ("agreements.show", {"shown": True}),
        ("goal.set", {"member_id": "m1", "areas": ["grief"]}),
        ("goal.share", {"member_id": "m1", "shared": True}),
        ("goal.clear", {"member_id": "m1"}),
        ("attendance.mark", {"session": 1, "member_ids": ["m1"]}),
        ("signal.ack", {"signal_id": "g1"}),
    ],
)
def test_facilitator_course_commands_are_forbidden_to_others(actor, name, args) -> None:
    refused("forbidden", started(), name, args, actor)


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("agreements.ack", {"revision": 1}),
        ("signal.send", {"kind": "moment"}),
        ("signal.send_anonymous", {"kind": "moment"}),
    ],
)
def test_member_commands_are_forbidden_to_facilitators_and_the_display(name, args) -> None:
    for actor in (FAC, DISPLAY):
        refused("forbidden", started(), name, args, actor)


def test_homework_is_forbidden_to_the_display() -> None:
    refused("forbidden", started(), "homework.set", {"text": "x", "member_id": "m1"}, DISPLAY)
    refused("forbidden", started(), "homework.clear", {"member_id": "m1"}, DISPLAY)


def test_members_do_not_see_each_others_course() -> None:
    doc = started()
    doc = run(doc, "homework.set", {"text": "call my sister"}, member(2))
    doc = run(doc, "goal.set", {"member_id": "m2", "areas": ["grief"], "text": "mourn my mother"}, FAC)
    doc = run(doc, "agreements.ack", {"revision": 1}, member(2))
    for view in (
        private_view(doc, "m1"),
        shared_view(doc, "member"),
        shared_view(doc, "display"),
    ):
        text = repr(view)
        assert "call my sister" not in text and "mourn my mother" not in text
    assert "'acks'" not in repr(shared_view(doc, "member"))
