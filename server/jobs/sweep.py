"""The retention sweep: groups kept `retention_days` after their last session are deleted
(the decision is domain/retention.py's; the deletion is write.delete's)."""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web

from .. import write
from ..appkeys import SETTINGS, STORE
from ..clock import now_ms
from ..domain import due
from ..store import Store

log = logging.getLogger(__name__)


async def sweep(store: Store, now: int, days: int) -> int:
    """Delete every group past its retention; returns how many were deleted."""
    deleted = 0
    for group_id in await store.group_ids():
        doc = await store.peek(group_id)  # every stored group: read, not kept in memory
        if doc is not None and due(doc, now, days) and await write.delete(store, group_id, now):
            deleted += 1
    return deleted


async def sweeper(app: web.Application) -> None:
    settings = app[SETTINGS]
    while True:
        try:
            deleted = await sweep(app[STORE], now_ms(), settings.retention_days)
            if deleted:
                # A count only: which group, or whose, is nobody's business in a log.
                log.info(
                    "deleted %d group(s) kept %d days after their last session",
                    deleted,
                    settings.retention_days,
                )
        except Exception:
            log.exception("retention sweep failed; trying again later")
        await asyncio.sleep(settings.retention_sweep)
