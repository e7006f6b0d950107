"""One `store` fixture, run against every store: the embedded one and Redis."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from server.store import Store
from server.store.memory import MemoryStore
from server.store.redis import RedisStore
from tests.support.redis_kit import REDIS_URL, purge, require_redis, unique_prefix


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    if request.param == "memory":
        memory = await MemoryStore.open(tmp_path / "data")
        yield memory
        await memory.close()
        return
    await require_redis()
    prefix = unique_prefix()
    redis = await RedisStore.open(REDIS_URL, prefix)
    try:
        yield redis
    finally:
        await redis.close()
        await purge(prefix)
