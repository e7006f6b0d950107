"""The views' inputs keep their promise: whenever two successive versions have the same inputs,
every member's private view is the same, and so is each part of each role's shared view (the hub
then keeps the encoded views and parts instead of rebuilding them)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from server.domain import (
    Actor,
    Group,
    Refused,
    Unchanged,
    apply,
    decode,
    encode,
    encode_after,
    private_inputs,
    private_view,
    same,
    same_inputs,
    shared_parts,
)
from tests.support.domain_kit import FAC, T0, group

MEMBERS = ["m1", "m2", "m3"]


def turn_id(doc: Group) -> str | None:
    return doc.floor.turn.id if doc.floor.turn else None


# (actor, command, args from the current document): what a session does, private or not.
STEPS: list[Any] = [
    (FAC, "session.start", lambda d: {"number": (d.session.number if d.session else 0) + 1}),
    (FAC, "session.end", lambda d: {"number": d.session.number if d.session else 1}),
    (FAC, "segment.next", lambda d: {"from_index": d.session.current if d.session else 0}),
    (FAC, "segment.pause", lambda d: {"index": d.session.current if d.session else 0}),
    (FAC, "segment.resume", lambda d: {"index": d.session.current if d.session else 0}),
    (FAC, "floor.next", lambda d: {"turn_id": turn_id(d)}),
    (FAC, "floor.settings", lambda d: {"show_own_airtime": not d.floor.settings.show_own_floor_time}),
    (FAC, "goal.set", lambda d: {"member_id": "m2", "areas": ["grief"], "text": f"goal {d.version}"}),
    (FAC, "agreements.set", lambda d: {"items": [f"Be kind {d.version}"]}),
    (
        FAC,
        "attendance.mark",
        lambda d: {"session": max(1, d.session.number if d.session else 1), "member_ids": ["m3"]},
    ),
    (FAC, "selfreport.settings", lambda _d: {"instruments": "phq9", "show_own": True}),
    (
        FAC,
        "agenda.rename",
        lambda d: {"segment_id": "s1", "title": f"Arriving {d.version}", "scope": "template"},
    ),
    *[(Actor("member", m), "hand.raise", lambda _d: {}) for m in MEMBERS],
    *[
        (Actor("member", m), "agreements.ack", lambda d: {"revision": d.course.agreements.revision})
        for m in MEMBERS
    ],
    *[(Actor("member", m), "homework.set", lambda d: {"text": f"walk {d.version}"}) for m in MEMBERS],
    *[(Actor("member", m), "signal.send", lambda _d: {"kind": "moment"}) for m in MEMBERS],
    *[
        (Actor("member", m), "selfreport.submit", lambda _d: {"instrument": "phq9", "answers": [1] * 9})
        for m in MEMBERS
    ],
]


def walk(picks: list[int]) -> Iterator[tuple[str, Group, Group]]:
    """(command, version before, version after) for each of the picked steps that applied."""
    doc = group(3)
    now = T0
    for i in picks:
        actor, name, args = STEPS[i]
        now += 61_000
        try:
            new = apply(doc, name, args(doc), actor, now)
        except (Refused, Unchanged):
            continue
        yield name, doc, new
        doc = new


@settings(max_examples=120, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=len(STEPS) - 1), min_size=1, max_size=40))
def test_the_same_inputs_mean_the_same_private_views(picks: list[int]) -> None:
    for name, doc, new in walk(picks):
        if same_inputs(private_inputs(doc), private_inputs(new)):
            assert [private_view(new, m) for m in MEMBERS] == [private_view(doc, m) for m in MEMBERS], name


@settings(max_examples=120, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=len(STEPS) - 1), min_size=1, max_size=40))
def test_the_same_inputs_mean_the_same_shared_parts(picks: list[int]) -> None:
    for name, doc, new in walk(picks):
        for role in ("facilitator", "member", "display"):
            for part in shared_parts(role):
                if same(part.inputs(doc), part.inputs(new)):
                    assert part.build(new, role) == part.build(doc, role), (name, role, part.key)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=len(STEPS) - 1), min_size=1, max_size=40))
def test_a_part_is_the_same_for_every_role_of_its_audience(picks: list[int]) -> None:
    """The hub builds a part once for all roles with the same `audience`: their builds must be
    equal."""
    for name, _doc, new in walk(picks):
        for role in ("facilitator", "member", "display"):
            for part in shared_parts(role):
                assert part.build(new, role) == part.build(new, part.audience(role)), (name, role, part.key)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=len(STEPS) - 1), min_size=1, max_size=40))
def test_encoding_after_the_last_version_is_the_version(picks: list[int]) -> None:
    """The journal encodes each version reusing the last one's rarely-changing parts: what it
    writes must read back as that version, whatever the steps changed in between."""
    last = None
    for name, doc, new in walk(picks):
        if last is None:
            _, last = encode_after(doc, None)
        data, last = encode_after(new, last)
        assert json.loads(data) == json.loads(encode(new)), name
        assert decode(data) == new, name
