"""Random commands against the pure domain: it refuses, or it moves one version forward and
keeps its invariants. The clock's total running time matches a trivial model of it."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from server.domain import COMMANDS, Group, Refused, Unchanged, apply, limits
from server.domain.clock.countdown import projected_end, remaining, segment_elapsed
from server.domain.registry import Actor
from tests.support.domain_kit import DISPLAY, FAC, MEM, T0, group

ACTORS = st.sampled_from([FAC, FAC, FAC, MEM, DISPLAY, Actor("member", "m2")])
SMALL_INT = st.integers(min_value=-3, max_value=40)
ARG_VALUES = st.one_of(
    SMALL_INT,
    st.integers(min_value=-(10**7), max_value=10**7),
    st.sampled_from(["s1", "s2", "s3", "s4", "s5", "s6", "s9", "", "x" * 90]),
    st.text(max_size=12),
    st.none(),
    st.booleans(),
    st.sampled_from(["auto", "session", "template", "lead", "round", "discussion", "spotlight"]),
)
ARG_NAMES = st.sampled_from(
    [
        "number",
        "index",
        "from_index",
        "to_index",
        "delta_ms",
        "title",
        "minutes",
        "kind",
        "at",
        "segment_id",
        "scope",
        "bogus",
    ]
)


@st.composite
def commands(draw: st.DrawFn) -> tuple[str, dict[str, Any], Actor, int]:
    name = draw(st.sampled_from([*sorted(COMMANDS), "no.such"]))
    args = draw(st.dictionaries(ARG_NAMES, ARG_VALUES, max_size=4))
    # Bias toward well-formed arguments so deep states are reached.
    if draw(st.booleans()):
        spec = COMMANDS.get(name)
        if spec is not None:
            for field in spec.args.__struct_fields__:
                args.setdefault(field, draw(_plausible(field)))
    dt = draw(st.integers(min_value=0, max_value=20 * 60_000))
    return name, args, draw(ACTORS), dt


def _plausible(field: str) -> st.SearchStrategy[Any]:
    return {
        "number": st.integers(1, 3),
        "index": st.integers(0, 6),
        "from_index": st.integers(0, 6),
        "to_index": st.integers(0, 6),
        "delta_ms": st.sampled_from([60_000, -60_000, 300_000, -300_000]),
        "title": st.sampled_from(["Break", "Check-out", "Group discussion"]),
        "minutes": st.integers(1, 30),
        "segment_id": st.sampled_from([f"s{i}" for i in range(1, 10)]),
        "scope": st.sampled_from(["auto", "session", "template"]),
        "kind": st.sampled_from(["lead", "round", "discussion", "spotlight"]),
        "at": st.none() | st.integers(0, 8),
    }.get(field, ARG_VALUES)


def check_invariants(doc: Group, now: int) -> None:
    assert len(doc.template) <= limits.MAX_SEGMENTS
    assert len({s.id for s in doc.template}) == len(doc.template)
    s = doc.session
    if s is None:
        return
    assert 0 <= s.current < len(s.segments)
    assert (s.state == "running") == (s.run_started_at is not None)
    assert s.status == "live" or s.state == "idle"
    assert len({seg.id for seg in s.segments}) == len(s.segments)
    for seg in s.segments:
        assert seg.elapsed_ms >= 0
        assert 0 <= seg.duration_ms <= limits.MAX_SEGMENT_MS
    assert remaining(s, now) == s.segments[s.current].duration_ms - segment_elapsed(s, s.current, now)
    assert projected_end(s, now) >= now or s.status == "ended"


@settings(max_examples=300, deadline=None)
@given(st.lists(commands(), min_size=1, max_size=60))
def test_random_commands_keep_the_document_sound(steps) -> None:
    doc = group()
    now = T0
    running_ms = 0  # the model: total time any segment clock of this session has run
    session_number = 0
    for name, args, actor, dt in steps:
        s = doc.session
        if s is not None and s.state == "running":
            running_ms += dt
        now += dt
        try:
            new = apply(doc, name, args, actor, now, key=None)
        except (Refused, Unchanged):
            continue
        assert new.version == doc.version + 1
        assert actor.role in COMMANDS[name].roles
        if new.session is not None and new.session.number != session_number:
            session_number = new.session.number
            running_ms = 0
        doc = new
        check_invariants(doc, now)
        if doc.session is not None:
            total = sum(segment_elapsed(doc.session, i, now) for i in range(len(doc.session.segments)))
            assert total == running_ms
