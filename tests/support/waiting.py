"""Waiting on a condition that has no event to await (server-side state seen from a test)."""

import asyncio
from collections.abc import Callable


async def until(pred: Callable[[], bool], timeout: float = 5.0, interval: float = 0.02) -> None:
    async with asyncio.timeout(timeout):
        while not pred():  # noqa: ASYNC110 - the state polled here offers no event to wait on
            await asyncio.sleep(interval)
