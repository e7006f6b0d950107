"""Closing a redis-py connection the store drives itself (the pub/sub link, the commit line)."""

from __future__ import annotations

import contextlib

from redis.asyncio.connection import AbstractConnection


async def drop(conn: AbstractConnection) -> None:
    """Close `conn` without waiting on its peer; a connection that is already broken is fine."""
    with contextlib.suppress(Exception):
        await conn.disconnect(nowait=True)
