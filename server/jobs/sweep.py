"""Deleting groups for good: on a facilitator's request, and automatically once a group has
been kept `retention_days` after its last session (the decision is domain/retention.py's).

Deletion commits a tombstone version first, so every server process holding the group's
sockets closes them (the hub sees the tombstone), then removes the document from the store.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Protocol, runtime_checkable

from aiohttp import web

from ..appkeys import SETTINGS, STORE
from ..clock import now_ms
from ..domain import Refused
from ..domain.refusal import CONFLICT
from ..domain.retention import due, tombstone
from ..store import Store, VersionConflict

log = logging.getLogger(__name__)

ATTEMPTS = 8


@runtime_checkable
class Listing(Protocol):
    async def group_ids(self) -> list[str]: ...


async def delete_group(store: Store, group_id: str, now: int) -> bool:
    """Delete the group and close its sockets everywhere; False if it was already gone."""
    for _ in range(ATTEMPTS):
        doc = await store.load(group_id)
        if doc is None:
            return False
        try:
            await store.commit(tombstone(doc, now), doc.version)
        except VersionConflict:
            continue
        await store.delete(group_id)
        return True
    raise Refused(CONFLICT, "The group is changing very quickly; please try deleting it again.")


async def sweep(store: Store, now: int, days: int) -> int:
    """Delete every group past its retention; returns how many were deleted."""
    if not isinstance(store, Listing):
        return 0
    deleted = 0
    for group_id in await store.group_ids():
        doc = await store.load(group_id)
        if doc is not None and due(doc, now, days) and await delete_group(store, group_id, now):
            deleted += 1
    return deleted


async def sweeper(app: web.Application) -> None:
    settings = app[SETTINGS]
    if not isinstance(app[STORE], Listing):
        log.warning("this store cannot list groups: automatic deletion is off")
        return
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
