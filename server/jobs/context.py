"""Background jobs, for the app's lifetime: attendance from presence, and the
periodic retention sweep."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from aiohttp import web

from ..appkeys import HUB, STORE
from .attendance import AttendanceKeeper
from .sweep import sweeper


async def jobs_ctx(app: web.Application) -> AsyncIterator[None]:
    keeper = AttendanceKeeper(app[STORE], app[HUB])
    app[HUB].on_version.append(keeper.seen)
    sweeping = asyncio.get_running_loop().create_task(sweeper(app))
    yield
    sweeping.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await sweeping
    await keeper.close()
