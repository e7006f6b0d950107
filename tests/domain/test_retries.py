"""The retry memory: a retried command is recognised for 10 minutes, however busy the group was."""

from __future__ import annotations

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.domain import Unchanged, apply, encode, limits
from server.domain.retries import remember, seen
from tests.support.domain_kit import FAC, MIN, T0, started

WINDOW = limits.RETRY_MEMORY_MS
ADJUST = {"index": 0, "delta_ms": MIN}


def rename(i: int) -> dict[str, object]:
    return {"segment_id": "s1", "title": f"T{i}"}


def test_a_retry_after_a_busy_stretch_is_not_applied_twice() -> None:
    doc = apply(started(), "segment.adjust", ADJUST, FAC, T0, key="the-click")
    # 200 other commands in the next 9 minutes: more than the 64 the memory once held.
    for i in range(200):
        doc = apply(doc, "agenda.rename", rename(i), FAC, T0 + i * 2_700, key=f"k{i}")
    with pytest.raises(Unchanged):
        apply(doc, "segment.adjust", ADJUST, FAC, T0 + 10 * MIN - 1, key="the-click")
    assert doc.session is not None and doc.session.segments[0].duration_ms == 6 * MIN


def test_a_key_is_forgotten_once_ten_minutes_have_passed() -> None:
    doc = apply(started(), "segment.adjust", ADJUST, FAC, T0, key="the-click")
    doc = apply(doc, "agenda.rename", rename(1), FAC, T0 + WINDOW, key="later")
    assert list(doc.recent) == ["later"]
    again = apply(doc, "segment.adjust", ADJUST, FAC, T0 + WINDOW, key="the-click")
    assert again.session is not None and again.session.segments[0].duration_ms == 7 * MIN


def test_a_flood_keeps_the_newest_keys_and_the_document_small() -> None:
    doc = started()
    flood = limits.RECENT_COMMANDS + 50
    for i in range(flood):  # keys as the server makes them: 16 hex digits
        doc = apply(doc, "agenda.rename", rename(i), FAC, T0 + i, key=f"{i:016x}")
    assert list(doc.recent) == [f"{i:016x}" for i in range(50, flood)]
    # Stored as key: time, at most 37 bytes a command, under 10 KB however busy the group.
    assert len(msgspec.json.encode(doc.recent)) <= 37 * limits.RECENT_COMMANDS + 1
    assert b'"0000000000000032":1700000000050' in encode(doc)


def test_a_refused_or_unchanged_command_is_not_remembered() -> None:
    doc = apply(started(), "segment.adjust", ADJUST, FAC, T0, key="k1")
    with pytest.raises(Unchanged):
        apply(doc, "segment.pause", {"index": 3}, FAC, T0, key="k2")  # a stale click
    assert list(doc.recent) == ["k1"]


# Instants of successive commands: mostly seconds apart, sometimes a quiet quarter hour, and
# now and then a few seconds "back in time" (another instance's clock, slightly behind).
gaps = st.lists(
    st.one_of(
        st.integers(min_value=0, max_value=5_000),
        st.integers(min_value=WINDOW - 2, max_value=WINDOW + 2),
        st.integers(min_value=-3_000, max_value=-1),
    ),
    max_size=limits.RECENT_COMMANDS + 60,
)


@given(gaps=gaps)
@settings(max_examples=60, deadline=None)
def test_every_key_of_the_last_ten_minutes_is_remembered_up_to_the_cap(gaps: list[int]) -> None:
    recent: dict[str, int] = {}
    applied: list[tuple[str, int]] = []
    now = latest = T0
    for i, gap in enumerate(gaps):
        now += gap
        # The memory's clock is the latest instant it has seen: a key once forgotten stays so.
        latest = max(latest, now)
        recent = remember(recent, f"k{i}", now)
        applied.append((f"k{i}", now))
        assert len(recent) <= limits.RECENT_COMMANDS
        assert all(latest - at < WINDOW for at in list(recent.values())[:-1])  # nothing kept past its window
        window = [key for key, at in applied if latest - at < WINDOW]
        kept = window[-limits.RECENT_COMMANDS :]
        # Every key of the window is remembered, unless more than the cap fell in it: then
        # the newest the cap allows.
        assert all(seen(recent, key) for key in kept)
        assert seen(recent, f"k{i}")
