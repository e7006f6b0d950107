"""overlay/core/clock.js and overlay/core/timesync.js, run in the real browser.

clock.js must agree with server/domain/clock/countdown.py exactly: both are run on the same random
sessions (seeded, so a failure repeats) and compared number for number.
"""

from __future__ import annotations

import random
from typing import Any

import msgspec
import pytest
from playwright.sync_api import Page

from server.domain.clock import countdown as clock
from server.domain.document import Session
from tests.browser.conftest import Pages, ServerProcess

pytestmark = pytest.mark.browser

CASES = 400
T0 = 1_700_000_000_000


def random_session(rng: random.Random) -> dict[str, Any]:
    n = rng.randint(1, 8)
    current = rng.randrange(n)
    started = T0 + rng.randint(0, 10**9)
    state = rng.choice(["idle", "running", "paused"])
    ended = rng.random() < 0.15
    segments = [
        {
            "id": f"s{i}",
            "title": f"Segment {i}",
            "kind": "discussion",
            "duration_ms": rng.randint(0, 240) * 60_000 + rng.choice([0, rng.randint(0, 59_999)]),
            "elapsed_ms": rng.randint(0, 300 * 60_000) if i <= current else 0,
        }
        for i in range(n)
    ]
    run_started = started + rng.randint(0, 10**7) if state == "running" and not ended else None
    return {
        "number": rng.randint(1, 16),
        "status": "ended" if ended else "live",
        "started_at": started,
        "ended_at": started + rng.randint(0, 10**7) if ended else None,
        "current": current,
        "state": "idle" if ended else state,
        "run_started_at": run_started,
        "segments": segments,
    }


def module_page(pages: Pages, server: ServerProcess) -> Page:
    page = pages.open(server.url + "/")
    page.wait_for_load_state("networkidle")
    return page


def test_clock_js_matches_clock_py(live_server: ServerProcess, pages: Pages) -> None:
    rng = random.Random(20240603)
    cases = []
    for _ in range(CASES):
        s = random_session(rng)
        now = s["started_at"] + rng.randint(-1000, 10**7)
        cases.append({"session": s, "now": now})
    page = module_page(pages, live_server)
    got = page.evaluate(
        """async (cases) => {
          const c = await import("/overlay/core/clock.js");
          return cases.map(({session, now}) => ({
            elapsed: session.segments.map((_, i) => c.segmentElapsed(session, i, now)),
            remaining: c.remaining(session, now),
            planned: c.plannedEnd(session),
            projected: c.projectedEnd(session, now),
          }));
        }""",
        cases,
    )
    for case, js in zip(cases, got, strict=True):
        session = msgspec.convert(case["session"], Session)
        now = case["now"]
        expected = {
            "elapsed": [clock.segment_elapsed(session, i, now) for i in range(len(session.segments))],
            "remaining": clock.remaining(session, now),
            "planned": clock.planned_end(session),
            "projected": clock.projected_end(session, now),
        }
        assert js == expected, case


COUNTDOWN_TABLE = [
    (300_000, "5:00", False),
    (299_001, "5:00", False),
    (299_000, "4:59", False),
    (1, "0:01", False),
    (0, "0:00", False),
    (-999, "0:00", False),
    (-1000, "+0:01 over", True),
    (-133_000, "+2:13 over", True),
    (3_600_000, "1:00:00", False),
    (-3_725_000, "+1:02:05 over", True),
]


def test_countdown_text(live_server: ServerProcess, pages: Pages) -> None:
    """Counting down rounds up (5:00 for a fresh segment); overtime counts up, calmly worded."""
    page = module_page(pages, live_server)
    shown = page.evaluate(
        """async (table) => {
          const c = await import("/overlay/core/clock.js");
          return table.map(([ms]) => { const s = c.countdown(ms); return [ms, s.text, s.over]; });
        }""",
        COUNTDOWN_TABLE,
    )
    assert [tuple(row) for row in shown] == COUNTDOWN_TABLE


def test_offset_estimator_keeps_least_rtt_of_recent_window(live_server: ServerProcess, pages: Pages) -> None:
    page = module_page(pages, live_server)
    result = page.evaluate(
        """async () => {
          const t = await import("/overlay/core/timesync.js");
          const est = new t.OffsetEstimator(8);
          const out = {};
          out.empty = est.estimate();
          out.bad = t.sample(10, 5000, 5);             // pong before its ping: not a sample
          est.add(1000, 61000, 1010);                   // rtt 10, offset 60000 - 5 = 59995
          est.add(2000, 62003, 2002);                   // rtt 2, offset 60002
          est.add(3000, 63050, 3100);                   // rtt 100
          out.best = est.estimate();
          for (let i = 0; i < 8; i++) est.add(4000 + i * 100, 64000 + i * 100 + 20, 4000 + i * 100 + 40);
          out.windowed = est.estimate();               // the rtt-2 sample has left the window
          out.count = est.samples.length;
          est.add(9000, 9000 + 60000 + 5000, 9010);     // the machine slept: offset jumps 5 s
          out.jumped = est.estimate();
          out.afterJump = est.samples.length;
          return out;
        }"""
    )
    assert result["empty"] is None
    assert result["bad"] is None
    assert result["best"] == {"rtt": 2, "offset": 60002}
    assert result["windowed"] == {"rtt": 40, "offset": 60000}
    assert result["count"] == 8
    assert result["jumped"] == {"rtt": 10, "offset": 64995}
    assert result["afterJump"] == 1
