"""Server clock offset from ping/pong samples: a line-for-line port of overlay/core/timesync.js.

This mirrors overlay/core/timesync.js and must be kept in step with it: the clock-agreement bench
(bench/clock.py) measures what browsers would show only as long as the two agree.
tests/browser/test_timesync_parity.py runs both on the same samples and compares every
estimate. Pure: no timers, no sockets, no globals that change.

One sample: the client sends t0 (its monotonic clock), the server answers with t1 (its epoch
ms), the client reads t2 (monotonic) on arrival.
  rtt    = t2 - t0
  offset = t1 - (t0 + t2) / 2      so that   server_time ≈ monotonic + offset
The error of one sample is at most rtt / 2 (plus under 1 ms: the server sends whole
milliseconds), so keep the last WINDOW samples and trust the one with the least rtt.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Sample:
    """The JS estimator's {rtt, offset} object."""

    rtt: float
    offset: float


# At least connection.js's SETTLE_PINGS, so that all of a connect's samples stay until periodic
# ones replace them; at the periodic pace (one per 15-25 s) that is about 10 minutes.
WINDOW = 32
# Two honest samples always overlap; a new one that does not overlap the trusted one (beyond
# this allowance for clock rate differences) means a clock jumped: start over from it.
JUMP_SLACK_MS = 25

# A trusted sample this quick bounds the estimate's error to GOOD_RTT_MS / 2 (plus under 1 ms);
# after connecting, the page keeps sampling until it has one (connection.js).
GOOD_RTT_MS = 20


def settled(estimate: Sample | None) -> bool:
    """True when `estimate` (from OffsetEstimator.estimate()) is good enough to stop sampling early."""
    return estimate is not None and estimate.rtt <= GOOD_RTT_MS


def _finite(x: object) -> bool:
    # Number.isFinite: false for anything that is not a number (bool is not one in JS).
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


def sample(t0: float, t1: float, t2: float) -> Sample | None:
    """One ping/pong sample; None if the numbers cannot be a real round trip."""
    if not all(_finite(t) for t in (t0, t1, t2)) or t2 < t0:
        return None
    return Sample(rtt=t2 - t0, offset=t1 - (t0 + t2) / 2)


def best(samples: Iterable[Sample]) -> Sample | None:
    """The sample to trust among `samples`: least rtt, the newest on a tie."""
    chosen: Sample | None = None
    for s in samples:
        if chosen is None or s.rtt <= chosen.rtt:
            chosen = s
    return chosen


def jumped(trusted: Sample, s: Sample) -> bool:
    """True when `s` cannot be reconciled with `trusted`: one of the clocks jumped."""
    return abs(s.offset - trusted.offset) > (s.rtt + trusted.rtt) / 2 + JUMP_SLACK_MS


class OffsetEstimator:
    """Keeps the last WINDOW samples; the estimate is the least-rtt one (or None)."""

    def __init__(self, window: int = WINDOW) -> None:
        self.window = window
        self.samples: list[Sample] = []

    def add(self, t0: float, t1: float, t2: float) -> Sample | None:
        """Add a pong; returns the estimate after it."""
        s = sample(t0, t1, t2)
        if s is not None:
            trusted = self.estimate()
            if trusted is not None and jumped(trusted, s):
                self.samples = []
            self.samples.append(s)
            if len(self.samples) > self.window:
                self.samples.pop(0)
        return self.estimate()

    def estimate(self) -> Sample | None:
        """The trusted sample (offset, rtt), or None before any pong."""
        return best(self.samples)
