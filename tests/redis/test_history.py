"""The AOF rewrite a closing card asks for (server/store/history.py), against Redis servers of
these tests' own: it waits out a rewrite that forked before the close, does nothing where there
is no AOF, and a Redis that refuses it is reported once and serves on."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestServer
from redis.asyncio import Redis

from server.app import create_app
from server.appkeys import STORE
from server.config import Settings
from server.store.history import HistoryEraser
from server.store.redis import RedisStore
from tests.support.client import create_group, token_of
from tests.support.redis_kit import RedisServer, unique_prefix
from tests.support.waiting import until

pytestmark = pytest.mark.redis


@pytest.fixture
async def aof_redis(tmp_path: Path) -> AsyncIterator[Redis]:
    server = RedisServer(tmp_path / "redis")
    server.dir.mkdir()
    await server.start()
    client = Redis.from_url(server.url)
    yield client
    await client.aclose()
    await server.kill()


async def rewrites(client: Redis) -> int:
    return int((await client.info("persistence"))["aof_rewrites"])


async def test_a_rewrite_already_running_is_waited_out_and_another_one_started(aof_redis: Redis) -> None:
    for i in range(8):
        await aof_redis.set(f"k{i}", "v")
    # Each key takes 50 ms to write out: a rewrite started now is still running when the eraser
    # is asked, so it forked before the close it is asked for.
    await aof_redis.config_set("rdb-key-save-delay", 50_000)
    before = await rewrites(aof_redis)
    await aof_redis.bgrewriteaof()
    assert (await aof_redis.info("persistence"))["aof_rewrite_in_progress"] == 1
    eraser = HistoryEraser(aof_redis, poll=0.01)
    eraser.request()
    eraser.request()  # asked again while pending: served by the same rewrite
    await eraser.settled()
    assert eraser.rewrites == 1
    assert await rewrites(aof_redis) == before + 2  # the running one, then the eraser's own
    info = await aof_redis.info("persistence")
    assert info["aof_rewrite_in_progress"] == 0 and info["aof_last_bgrewrite_status"] == "ok"


async def test_without_an_aof_there_is_nothing_to_rewrite(tmp_path: Path) -> None:
    server = RedisServer(tmp_path / "redis", aof=False)
    server.dir.mkdir()
    await server.start()
    client = Redis.from_url(server.url)
    try:
        eraser = HistoryEraser(client, poll=0.01)
        eraser.request()
        await eraser.settled()
        assert eraser.rewrites == 0 and await rewrites(client) == 0
    finally:
        await client.aclose()
        await server.kill()


async def test_a_redis_that_refuses_the_rewrite_is_reported_once(
    aof_redis: Redis, caplog: pytest.LogCaptureFixture
) -> None:
    # As a managed Redis may: this user may do anything but BGREWRITEAOF.
    await aof_redis.acl_setuser(
        "holdspace", enabled=True, passwords=["+pw"], keys=["*"], commands=["+@all", "-bgrewriteaof"]
    )
    kwargs = aof_redis.connection_pool.connection_kwargs
    limited = Redis(host=kwargs["host"], port=kwargs["port"], username="holdspace", password="pw")
    try:
        eraser = HistoryEraser(limited, poll=0.01)
        for _ in range(2):
            eraser.request()
            await eraser.settled()
        assert eraser.rewrites == 0
        refusals = [r for r in caplog.records if "did not rewrite its append-only file" in r.getMessage()]
        assert len(refusals) == 1 and refusals[0].levelno == logging.WARNING
        assert await limited.ping()  # and it serves on
    finally:
        await limited.aclose()


async def test_deleting_a_group_leaves_no_version_of_it_in_the_aof(tmp_path: Path) -> None:
    server = RedisServer(tmp_path / "redis", appendfsync="always")
    server.dir.mkdir()
    await server.start()
    client = Redis.from_url(server.url)
    await client.config_set("aof-use-rdb-preamble", "no")
    app = create_app(Settings(data_dir=None, redis_url=server.url, redis_prefix=unique_prefix()))
    web = TestServer(app, host="127.0.0.1")
    await web.start_server()
    base_url = str(web.make_url("")).rstrip("/")
    try:
        group = await create_group(base_url, name="Wednesday okapi group", members=["Ann", "Bo"])

        def aof() -> bytes:
            return b"".join(p.read_bytes() for p in server.dir.rglob("*.aof"))

        assert b"okapi" in aof()
        headers = {"Authorization": f"Bearer {token_of(group['links']['facilitator'])}"}
        async with aiohttp.ClientSession() as http:
            async with http.delete(f"{base_url}/api/groups/{group['group_id']}", headers=headers) as r:
                assert r.status == 200
        store = app[STORE]
        assert isinstance(store, RedisStore) and store.eraser is not None
        await store.eraser.settled()
        await until(lambda: b"okapi" not in aof())
        assert store.eraser.rewrites == 1
    finally:
        await web.close()
        await client.aclose()
        await server.kill()
