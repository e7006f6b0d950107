"""The garbage collector's schedule for a process that holds thousands of sockets.

Why: CPython's full collection walks every tracked object. With 12,000 sockets open (about two
million objects) one full pass stalls the event loop for 150 to 700 ms, and under load the default
thresholds start one every few seconds — every page's update waits behind it (bench/README.md).

What lives long here (the app, the sockets and their buffers) is moved out of the collector's
sight after each full pass (`gc.freeze()`), so the next passes walk only what is new. Cycles
among frozen objects would then never be reclaimed, so once per `FULL_EVERY` everything is
thawed and collected in one pass: the only long pause left, at a known, rare rhythm.
Objects freed by reference counting (nearly all garbage here) are freed at once either way.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator
from typing import Any

from aiohttp import web

FULL_EVERY = 600.0
THRESHOLDS = (700, 10, 10)  # CPython's own: larger young generations make longer young passes


def _freeze_after_full_pass(phase: str, info: dict[str, Any]) -> None:
    if phase == "stop" and info["generation"] == 2:
        gc.freeze()


def install() -> None:
    """Take over the schedule; idempotent."""
    gc.set_threshold(*THRESHOLDS)
    if _freeze_after_full_pass not in gc.callbacks:
        gc.callbacks.append(_freeze_after_full_pass)
    gc.freeze()


def uninstall() -> None:
    if _freeze_after_full_pass in gc.callbacks:
        gc.callbacks.remove(_freeze_after_full_pass)
    gc.unfreeze()
    gc.set_threshold(700, 10, 10)


def full_pass() -> int:
    """Collect everything, frozen objects included; returns how many were unreachable."""
    gc.unfreeze()
    found = gc.collect()
    gc.freeze()
    return found


def cleanup_ctx(every: float = FULL_EVERY) -> Any:
    async def ctx(app: web.Application) -> AsyncIterator[None]:
        install()

        async def keep() -> None:
            while True:
                await asyncio.sleep(every)
                full_pass()

        task = asyncio.get_running_loop().create_task(keep())
        yield
        task.cancel()
        uninstall()

    return ctx
