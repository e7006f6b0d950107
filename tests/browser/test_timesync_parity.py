"""bench/timesync.py is overlay/core/timesync.js, number for number.

The clock-agreement bench (bench/clock.py) says what browsers would show only while its Python
estimator decides exactly as the page's. Both are fed one seeded sequence of ping/pong samples:
honest ones (many with equal round trips), impossible ones (NaN, infinities, a pong before its
ping), clock jumps of minutes, samples placed on either side of the jump threshold and exactly
on it, and round trips just under, at and over GOOD_RTT_MS. The estimate (and whether it is
settled) after every sample must be identical, to the last bit.

The second test keeps the first one honest: ports with the tie rule, a threshold, the window,
JUMP_SLACK_MS or GOOD_RTT_MS off by the least step must give different answers on this sequence.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from playwright.sync_api import Page

from bench import timesync
from tests.browser.conftest import Pages, ServerProcess

pytestmark = pytest.mark.browser

SEED = 20261123
STEPS = 1500
SERVER_EPOCH_MS = 1_700_000_000_000
Triple = tuple[float, float, float]


class Samples:
    """A client's pings against a server clock that sometimes jumps by minutes.

    Most instants are multiples of 1/8 ms so that sums and halves are exact and round trips
    can tie exactly; some are arbitrary floats, like performance.now() readings.
    """

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.mono = self._eighths(self.rng.uniform(0, 10**6))
        self.offset = SERVER_EPOCH_MS - self.mono
        # Only aims ties and threshold probes at the sample the estimator trusts now; whether
        # the port is right is decided by comparing with the page.
        self.aim = timesync.OffsetEstimator()
        self.around_good = itertools.cycle([-0.125, 0.0, 0.125])
        self.stairs: list[float] = []

    def __iter__(self) -> Iterator[Triple]:
        kinds: list[Callable[[], Triple]] = [
            self.jump,
            self.invalid,
            self.tie,
            self.threshold,
            self.staircase,
            self.honest,
        ]
        # Rare restarts (jumps, half the threshold probes): the window must fill up at times.
        weights = [1.5, 8, 15, 2.5, 0.4, 72.6]
        for _ in range(STEPS):
            self.mono += self._eighths(self.rng.uniform(50, 20_000))
            if self.stairs:
                triple = self.honest(rtt=self.stairs.pop())
            else:
                triple = self.rng.choices(kinds, weights)[0]()
            self.aim.add(*triple)
            yield triple

    @staticmethod
    def _eighths(x: float) -> float:
        return round(x * 8) / 8

    def _delay(self) -> float:
        r = self.rng.random()
        if r < 0.1:
            return 0.0
        if r < 0.6:
            return float(self.rng.randint(0, 60))  # whole milliseconds: round trips often tie
        if r < 0.8:
            return self._eighths(self.rng.uniform(0, 80))
        return self.rng.uniform(0, 80)

    def honest(self, rtt: float | None = None) -> Triple:
        exact = rtt is not None and rtt == self._eighths(rtt)
        # Eighths keep t2 - t0 == rtt exact (a tie stays a tie); other instants are arbitrary.
        t0 = self.mono if exact or self.rng.random() < 0.8 else self.mono + self.rng.random()
        if rtt is None:
            rtt = self._delay() + self._delay()
        out = self.rng.uniform(0, rtt)  # the way there; the rest of rtt is the way back
        # The server sends whole milliseconds of its clock.
        return t0, math.floor(t0 + out + self.offset), t0 + rtt

    def jump(self) -> Triple:
        self.offset += self.rng.choice([-1, 1]) * self.rng.randint(1, 30) * 60_000
        if self.rng.random() < 0.5:
            return self.honest()
        # Alone in the restarted window, this one is trusted: is it settled? (In turn: just
        # under, at and just over GOOD_RTT_MS, so that each case surely occurs.)
        return self.honest(rtt=timesync.GOOD_RTT_MS + next(self.around_good))

    def invalid(self) -> Triple:
        t0, t1, t2 = self.honest()
        bad = self.rng.choice([math.nan, math.inf, -math.inf])
        return self.rng.choice(
            [(bad, t1, t2), (t0, bad, t2), (t0, t1, bad), (t0, t1, t0 - self.rng.choice([0.125, 1, 500]))]
        )

    def tie(self) -> Triple:
        """A round trip exactly as long as the trusted sample's, with another offset."""
        trusted = self.aim.estimate()
        return self.honest() if trusted is None else self.honest(rtt=trusted.rtt)

    def staircase(self) -> Triple:
        """Round trips ever longer, past a full window: the trusted sample is always the oldest,
        so which one leaves the window, and when, shows in every estimate."""
        self.stairs = [k / 2 for k in range(timesync.WINDOW + 8)][::-1]
        return self.honest(rtt=self.stairs.pop())

    def threshold(self) -> Triple:
        """An offset just inside, exactly at, or just past where a jump is declared."""
        trusted = self.aim.estimate()
        if trusted is None:
            return self.honest()
        rtt = self._eighths(self.rng.uniform(0, 60))
        limit = (rtt + trusted.rtt) / 2 + timesync.JUMP_SLACK_MS
        offset = trusted.offset + self.rng.choice([-1, 1]) * (limit + self.rng.choice([-0.5, 0, 0, 0.5]))
        t0 = self.mono
        t2 = t0 + rtt
        return t0, offset + (t0 + t2) / 2, t2


def sequence() -> list[Triple]:
    return list(Samples(SEED))


def python_trace(samples: list[Triple], window: int = timesync.WINDOW) -> list[dict[str, Any]]:
    est = timesync.OffsetEstimator(window)
    out = []
    for t0, t1, t2 in samples:
        got = est.add(t0, t1, t2)
        assert got == est.estimate()
        out.append(
            {
                "est": None if got is None else {"rtt": got.rtt, "offset": got.offset},
                "kept": len(est.samples),
                "settled": timesync.settled(got),
            }
        )
    return out


JS_TRACE = """async (samples) => {
  const t = await import("/overlay/core/timesync.js");
  const est = new t.OffsetEstimator();
  const trace = samples.map(([t0, t1, t2]) => {
    const got = est.add(t0, t1, t2);
    if (got !== est.estimate()) throw new Error("add() and estimate() disagree");
    return {
      est: got && { rtt: got.rtt, offset: got.offset },
      kept: est.samples.length,
      settled: t.settled(got),
    };
  });
  return { constants: [t.WINDOW, t.JUMP_SLACK_MS, t.GOOD_RTT_MS], trace };
}"""


def module_page(pages: Pages, server: ServerProcess) -> Page:
    page = pages.open(server.url + "/")
    page.wait_for_load_state("networkidle")
    return page


def test_python_port_matches_timesync_js(live_server: ServerProcess, pages: Pages) -> None:
    samples = sequence()
    js = module_page(pages, live_server).evaluate(JS_TRACE, samples)
    assert js["constants"] == [timesync.WINDOW, timesync.JUMP_SLACK_MS, timesync.GOOD_RTT_MS]
    py = python_trace(samples)
    for step, (sample, want, got) in enumerate(zip(samples, js["trace"], py, strict=True)):
        # Exact: both run the same IEEE double arithmetic in the same order.
        assert got == want, f"step {step}, sample {sample}"


def _strict_best(samples: Any) -> timesync.Sample | None:
    chosen = None
    for s in samples:
        if chosen is None or s.rtt < chosen.rtt:
            chosen = s
    return chosen


def _jumped_at_threshold(trusted: timesync.Sample, s: timesync.Sample) -> bool:
    return abs(s.offset - trusted.offset) >= (s.rtt + trusted.rtt) / 2 + timesync.JUMP_SLACK_MS


def _add_keeping_the_oldest(self: timesync.OffsetEstimator, t0: float, t1: float, t2: float) -> Any:
    s = timesync.sample(t0, t1, t2)
    if s is not None:
        trusted = self.estimate()
        if trusted is not None and timesync.jumped(trusted, s):
            self.samples = []
        self.samples.append(s)
        if len(self.samples) > self.window:
            self.samples.pop(1)
    return self.estimate()


def _settled_strictly(estimate: timesync.Sample | None) -> bool:
    return estimate is not None and estimate.rtt < timesync.GOOD_RTT_MS


MUTANTS: dict[str, Callable[[pytest.MonkeyPatch], None]] = {
    "a tie keeps the older sample": lambda mp: mp.setattr(timesync, "best", _strict_best),
    "a jump at the threshold itself": lambda mp: mp.setattr(timesync, "jumped", _jumped_at_threshold),
    "JUMP_SLACK_MS - 1": lambda mp: mp.setattr(timesync, "JUMP_SLACK_MS", timesync.JUMP_SLACK_MS - 1),
    "JUMP_SLACK_MS + 1": lambda mp: mp.setattr(timesync, "JUMP_SLACK_MS", timesync.JUMP_SLACK_MS + 1),
    "WINDOW - 1": lambda mp: mp.setattr(timesync, "WINDOW", timesync.WINDOW - 1),
    "WINDOW + 1": lambda mp: mp.setattr(timesync, "WINDOW", timesync.WINDOW + 1),
    "a full window drops the wrong sample": lambda mp: mp.setattr(
        timesync.OffsetEstimator, "add", _add_keeping_the_oldest
    ),
    "GOOD_RTT_MS - 1": lambda mp: mp.setattr(timesync, "GOOD_RTT_MS", timesync.GOOD_RTT_MS - 1),
    "GOOD_RTT_MS + 1": lambda mp: mp.setattr(timesync, "GOOD_RTT_MS", timesync.GOOD_RTT_MS + 1),
    "settled only under GOOD_RTT_MS": lambda mp: mp.setattr(timesync, "settled", _settled_strictly),
}


@contextmanager
def mutated(mutate: Callable[[pytest.MonkeyPatch], None]) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mutate(mp)
        yield


@pytest.mark.parametrize("mutant", MUTANTS)
def test_samples_tell_a_wrong_port_apart(mutant: str) -> None:
    samples = sequence()  # generated with the real port, as in the parity test
    right = python_trace(samples)
    with mutated(MUTANTS[mutant]):
        wrong = python_trace(samples, window=timesync.WINDOW)
    assert wrong != right, f"the sample sequence cannot tell a port with {mutant} from the real one"
