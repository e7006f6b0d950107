"""Erasing Redis's append-only history once a feedback card closes (docs/privacy.md).

Each answer to an open card is its own version of the group document, and an append-only file
(AOF) keeps every version written until Redis rewrites it: read in order, that history shows
each answer's content as it arrived. When a card closes (or a group is deleted) the store asks
Redis to rewrite its AOF (BGREWRITEAOF): the new file holds only the data as it is now, and
Redis deletes the old files, so the open period's history is gone within seconds.

A rewrite that was already running forked before the card closed and still holds the open
card's latest tallies, so a request that meets one waits for it and starts another. Requests
made while one is pending are served by the same rewrite. A Redis without an AOF has no
history to erase; one that refuses the command (a managed service may) is logged once and
tried again on the next close.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from redis.asyncio import Redis
from redis.exceptions import RedisError, ResponseError

log = logging.getLogger(__name__)

POLL = 0.05
# A rewrite of a large dataset can take a while; past this the eraser gives up until the next close.
PATIENCE = 300.0


class HistoryEraser:
    def __init__(self, redis: Redis, *, poll: float = POLL, patience: float = PATIENCE) -> None:
        self._redis = redis
        self._poll = poll
        self._patience = patience
        self._wanted = False
        self._task: asyncio.Task[None] | None = None
        self._refusal_logged = False
        # Rewrites this process asked for and saw finish (tests and operators read it).
        self.rewrites = 0

    def request(self) -> None:
        """Ask for a rewrite that starts after now; returns at once."""
        self._wanted = True
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run(), name="aof-rewrite")

    async def settled(self) -> None:
        """Wait until every requested rewrite has finished (or failed)."""
        while self._task is not None and not self._task.done():
            await asyncio.shield(self._task)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while self._wanted:
            self._wanted = False
            try:
                async with asyncio.timeout(self._patience):
                    await self._rewrite()
            except (RedisError, OSError, TimeoutError) as exc:
                if not self._refusal_logged:
                    self._refusal_logged = True
                    log.warning(
                        "Redis did not rewrite its append-only file (%s): it keeps the history of "
                        "closed feedback cards until Redis rewrites it on its own (docs/privacy.md)",
                        exc,
                    )

    async def _rewrite(self) -> None:
        if not await self._aof_enabled():
            return
        while True:
            await self._idle()
            try:
                await self._redis.bgrewriteaof()
            except ResponseError as exc:
                if "in progress" not in str(exc):
                    raise
                continue  # one started meanwhile (another instance's close): wait, then ours
            break
        await self._idle()
        self.rewrites += 1

    async def _aof_enabled(self) -> bool:
        info = await self._redis.info("persistence")
        return bool(int(info.get("aof_enabled", 0)))

    async def _idle(self) -> None:
        """Until no rewrite runs or waits to run (one waits while an RDB save runs)."""
        while True:
            info = await self._redis.info("persistence")
            if not int(info.get("aof_rewrite_in_progress", 0)) and not int(
                info.get("aof_rewrite_scheduled", 0)
            ):
                return
            await asyncio.sleep(self._poll)
