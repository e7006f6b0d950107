"""Editing the agenda template and the live session's plan."""

import pytest

from server.domain import Refused, Unchanged, apply
from server.domain.clock.agenda import REFERENCE_AGENDA
from tests.support.domain_kit import FAC, MIN, T0, group, started


def titles(segments) -> list[str]:
    return [s.title for s in segments]


def test_template_edits_before_a_session() -> None:
    doc = apply(group(), "agenda.add", {"title": "Break", "minutes": 10, "at": 2}, FAC, T0)
    assert titles(doc.template)[2] == "Break"
    new_id = doc.template[2].id
    doc = apply(doc, "agenda.rename", {"segment_id": new_id, "title": "Stretch"}, FAC, T0)
    doc = apply(doc, "agenda.set_minutes", {"segment_id": new_id, "minutes": 7}, FAC, T0)
    doc = apply(doc, "agenda.move", {"segment_id": new_id, "to_index": 0}, FAC, T0)
    assert doc.template[0].title == "Stretch" and doc.template[0].duration_ms == 7 * MIN
    doc = apply(doc, "agenda.remove", {"segment_id": new_id}, FAC, T0)
    assert titles(doc.template) == [s.title for s in REFERENCE_AGENDA]


def test_new_segment_ids_are_unique() -> None:
    doc = group()
    for i in range(5):
        doc = apply(doc, "agenda.add", {"title": f"Extra {i}", "minutes": 1}, FAC, T0)
    ids = [s.id for s in doc.template]
    assert len(ids) == len(set(ids))


def test_live_edits_touch_the_session_not_the_template() -> None:
    doc = apply(started(), "agenda.add", {"title": "Group discussion", "minutes": 25}, FAC, T0)
    assert doc.session is not None
    assert doc.session.segments[-1].title == "Group discussion"
    assert "Group discussion" not in titles(doc.template)
    doc = apply(doc, "agenda.add", {"title": "Template only", "minutes": 5, "scope": "template"}, FAC, T0)
    assert "Template only" in titles(doc.template)


def test_started_segments_cannot_be_removed_or_moved() -> None:
    doc = apply(started(), "segment.next", {"from_index": 0}, FAC, T0 + MIN)
    assert doc.session is not None
    past, current = doc.session.segments[0].id, doc.session.segments[1].id
    for seg_id in (past, current):
        with pytest.raises(Refused) as exc:
            apply(doc, "agenda.remove", {"segment_id": seg_id}, FAC, T0)
        assert exc.value.code == "conflict"
    later = doc.session.segments[3].id
    with pytest.raises(Refused):
        apply(doc, "agenda.move", {"segment_id": later, "to_index": 0}, FAC, T0)
    # The running segment may be re-timed and renamed.
    doc = apply(doc, "agenda.set_minutes", {"segment_id": current, "minutes": 20}, FAC, T0)
    assert doc.session is not None and doc.session.segments[1].duration_ms == 20 * MIN


def test_moving_to_the_same_place_is_a_no_op() -> None:
    doc = group()
    with pytest.raises(Unchanged):
        apply(doc, "agenda.move", {"segment_id": doc.template[1].id, "to_index": 1}, FAC, T0)


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("agenda.add", {"title": "X", "minutes": -5}),
        ("agenda.add", {"title": "X", "minutes": 0}),
        ("agenda.add", {"title": "X", "minutes": 241}),
        ("agenda.add", {"title": "", "minutes": 5}),
        ("agenda.add", {"title": "   ", "minutes": 5}),
        ("agenda.add", {"title": "x" * 81, "minutes": 5}),
        ("agenda.add", {"title": "x" * 5_000_000, "minutes": 5}),
        ("agenda.add", {"title": "bell\x07", "minutes": 5}),
        ("agenda.add", {"title": "X", "minutes": "5"}),
        ("agenda.add", {"title": "X", "minutes": 5.5}),
        ("agenda.add", {"title": "X", "minutes": True}),
        ("agenda.add", {"title": "X", "minutes": 5, "colour": "red"}),
        ("agenda.add", {"title": "X", "minutes": 5, "kind": "party"}),
        ("agenda.add", {"title": "X", "minutes": 5, "at": 99}),
        ("agenda.add", {"minutes": 5}),
        ("agenda.set_minutes", {"segment_id": "s1", "minutes": -1}),
        ("agenda.move", {"segment_id": "s1", "to_index": 40}),
    ],
)
def test_bad_agenda_input_is_invalid(name: str, args: dict) -> None:
    doc = group()
    with pytest.raises(Refused) as exc:
        apply(doc, name, args, FAC, T0)
    assert exc.value.code == "invalid"


def test_unknown_segment_is_not_found() -> None:
    with pytest.raises(Refused) as exc:
        apply(group(), "agenda.remove", {"segment_id": "nope"}, FAC, T0)
    assert exc.value.code == "not_found"


def test_ten_thousand_segments_are_refused_long_before() -> None:
    doc = group()
    refused = None
    for i in range(10_000):
        try:
            doc = apply(doc, "agenda.add", {"title": f"S{i}", "minutes": 1}, FAC, T0)
        except Refused as exc:
            refused = exc
            break
    assert refused is not None and refused.code == "invalid"
    assert len(doc.template) == 30


def test_homework_is_a_kind_of_its_own_and_runs_its_turns_as_a_round() -> None:
    homework = [s for s in REFERENCE_AGENDA if s.kind == "homework"]
    assert [s.title for s in homework] == ["Homework setting"]
    # A homework segment under any title, in any language: the kind says what it is.
    doc = apply(
        started(),
        "agenda.add",
        {"title": "Práctica entre sesiones", "minutes": 5, "kind": "homework"},
        FAC,
        T0,
    )
    assert doc.session is not None and doc.session.segments[-1].kind == "homework"
    last = len(doc.session.segments) - 1
    doc = apply(doc, "segment.goto", {"from_index": 0, "to_index": last}, FAC, T0)
    doc = apply(doc, "round.start", {}, FAC, T0)
    assert doc.floor.round is not None and doc.floor.round.segment_id == doc.session.segments[-1].id
    assert doc.floor.turn is not None and doc.floor.turn.kind == "round"
