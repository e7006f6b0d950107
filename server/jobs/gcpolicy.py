"""The garbage collector's schedule for a process that holds thousands of sockets.

Why: CPython's oldest-generation pass walks every tracked object. With 12,000 sockets open
(about two million objects) one such pass stalls the event loop for 150 to 700 ms, and under
load the default thresholds start one every few seconds: every page's update waits behind it
(bench/README.md).

So the process decides when those passes run instead of the allocation counter:
- young passes (generations 0 and 1) run as usual: they reclaim nearly all cycles, which die
  young (a request's, a command's);
- every `FREEZE_EVERY` seconds (a tenth of a second), whatever is tracked is frozen
  (`gc.freeze()`): no pass walks it again. Freezing costs no pass at all. It has to be that
  often: a young pass walks every object created since the last freeze that is still alive,
  and freeing *any* object (an old document version, a socket's last receive) counts against
  the allocations that start the next pass. So objects that replace others -- each waiting
  socket's next receive, timer and future, each group's new version -- pile up uncounted: with
  freezes 10 s apart, young passes under load found 35,000-80,000 objects and took 25-135
  ms of CPU, and one command in a hundred waited behind one (bench/README.md, sixth round);
- every `FULL_EVERY` seconds at most, everything is thawed and collected, reclaiming cycles
  among frozen objects that died since: the only long pause left (1.3 to 3.0 s with 12,000
  sockets on a slow VM). It runs only if the frozen objects grew by more than `GROWTH` since
  the last one ended, CPython's own rule for its oldest generation: frozen garbage stays near a
  quarter of what was alive, and the cost of the passes in proportion to the growth. In a
  steady state none runs: closed connections and rooms no longer leave cycles behind
  (web/teardown.py; bench.churn: 42 frozen objects gained per reconnecting socket before, 1 to 4
  after), so the frozen objects follow the sockets and groups in use.
Objects freed by reference counting (nearly all garbage here) are freed at once either way.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from aiohttp import web

FREEZE_EVERY = 0.1
FULL_EVERY = 600.0
GROWTH = 1.25
DEFAULT_THRESHOLDS = (700, 10, 10)
# Young passes every 5,000 new objects rather than 700: 700 made the neighbour p99 worse (92.8
# against 32.0 ms, bench/README.md, fifth round, when freezes were 10 s apart; not measured
# again since). The third threshold counts young passes before an automatic old-generation
# pass: out of reach, the full pass above replaces it.
THRESHOLDS = (5000, 20, 1_000_000_000)

log = logging.getLogger(__name__)


@dataclass
class FullPasses:
    """What the full passes cost and found, for /metrics: the operator sees each stall, and
    whether frozen garbage (cycles that die after freezing) is piling up between passes."""

    count: int = 0
    seconds: float = 0.0
    longest: float = 0.0
    found: int = 0
    skipped: int = 0  # times one was due by the clock, but the frozen objects had not grown


PASSES = FullPasses()


def install() -> None:
    """Take over the schedule; idempotent."""
    gc.set_threshold(*THRESHOLDS)
    gc.freeze()


def uninstall() -> None:
    gc.unfreeze()
    gc.set_threshold(*DEFAULT_THRESHOLDS)


def freeze_old() -> None:
    """Move what survived the young passes out of every later pass but the full one."""
    gc.freeze()


def full_pass() -> int:
    """Collect everything, frozen objects included; returns how many were unreachable."""
    start = time.perf_counter()
    gc.unfreeze()
    found = gc.collect()
    gc.freeze()
    took = time.perf_counter() - start
    PASSES.count += 1
    PASSES.seconds += took
    PASSES.longest = max(PASSES.longest, took)
    PASSES.found += found
    log.info("collector's full pass: %.3f s, %d objects unreachable", took, found)
    return found


def due(frozen: int, after_last: int, growth: float = GROWTH) -> bool:
    """Whether a full pass is worth its pause: `frozen` objects now, `after_last` when the last
    one ended (or when the schedule began)."""
    return frozen > after_last * growth


def cleanup_ctx(
    freeze_every: float = FREEZE_EVERY, full_every: float = FULL_EVERY, growth: float = GROWTH
) -> Any:
    async def ctx(_app: web.Application) -> AsyncIterator[None]:
        install()
        per_full = max(1, round(full_every / freeze_every))

        async def keep() -> None:
            n = 0
            after_last = gc.get_freeze_count()
            while True:
                await asyncio.sleep(freeze_every)
                n += 1
                if n % per_full == 0:
                    if due(gc.get_freeze_count(), after_last, growth):
                        full_pass()
                        after_last = gc.get_freeze_count()
                        continue
                    PASSES.skipped += 1
                freeze_old()

        task = asyncio.get_running_loop().create_task(keep())
        yield
        task.cancel()
        uninstall()

    return ctx
