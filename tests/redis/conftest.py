"""Fixtures for multi-instance and fault tests: app instances sharing one Redis."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer

from server.app import create_app
from server.appkeys import STORE
from server.config import Settings
from server.store.redis import RedisStore
from tests.support.client import Client
from tests.support.redis_kit import REDIS_URL, RedisServer, purge, require_redis, unique_prefix
from tests.support.tcp_proxy import Proxy


class Instance:
    """One app instance (a real aiohttp server on a real port) and the pages connected to it."""

    def __init__(self, server: TestServer) -> None:
        self.server = server
        self.url = str(server.make_url("")).rstrip("/")
        self.clients: list[Client] = []

    @property
    def store(self) -> RedisStore:
        assert self.server.app is not None
        store = self.server.app[STORE]
        assert isinstance(store, RedisStore)
        return store

    async def connect(self, link: str, **kw: Any) -> Client:
        client = await Client.open(self.url, link, **kw)
        self.clients.append(client)
        return client

    async def close(self) -> None:
        for client in self.clients:
            await client.close()
        await self.server.close()


StartInstance = Callable[..., Awaitable[Instance]]


@pytest.fixture
async def prefix() -> AsyncIterator[str]:
    await require_redis()
    value = unique_prefix()
    yield value
    await purge(value)


@pytest.fixture
async def writer(prefix: str) -> AsyncIterator[RedisStore]:
    """Another instance's store: commits from here reach watchers only through Redis."""
    store = await RedisStore.open(REDIS_URL, prefix)
    yield store
    await store.close()


@pytest.fixture
async def start_instance(prefix: str) -> AsyncIterator[StartInstance]:
    """Start app instances on one key prefix; by default on the shared Redis."""
    started: list[Instance] = []

    async def start(redis_url: str = REDIS_URL) -> Instance:
        settings = Settings(data_dir=None, redis_url=redis_url, redis_prefix=prefix)
        server = TestServer(create_app(settings), host="127.0.0.1")
        await server.start_server()
        instance = Instance(server)
        started.append(instance)
        # Ready as a load balancer would see it (/healthz): its Redis link is up.
        async with asyncio.timeout(10):
            await instance.store.link.up.wait()
        return instance

    yield start
    for instance in reversed(started):
        await instance.close()


@pytest.fixture
async def two(start_instance: StartInstance) -> tuple[Instance, Instance]:
    return await start_instance(), await start_instance()


@pytest.fixture
async def proxy() -> AsyncIterator[Proxy]:
    """A cuttable network path to the shared Redis."""
    await require_redis()
    port = int(REDIS_URL.rsplit(":", 1)[1].split("/")[0])
    value = Proxy(port)
    await value.start()
    yield value
    await value.close()


@pytest.fixture
async def own_redis(tmp_path: Path) -> AsyncIterator[RedisServer]:
    """A redis-server of this test's own, AOF everysec, files under tmp_path."""
    server = RedisServer(tmp_path / "redis")
    server.dir.mkdir()
    await server.start()
    yield server
    await server.kill()
