"""The commits' own pipelined connection (server/store/commits.py), against a real Redis: each
commit gets its own reply, an error reply stays with its commit, a broken connection is
replaced, and a silent Redis fails the commits waiting on it in time."""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import BlockingConnectionPool, Redis
from redis.exceptions import ResponseError

from server.domain import FACILITATOR, Actor, Group, GroupSpec, apply, new_group
from server.store.commits import RETRY, Commits, pack
from server.store.redis import RedisStore
from tests.support.redis_kit import REDIS_URL, RedisServer
from tests.support.tcp_proxy import Proxy

pytestmark = pytest.mark.redis

F = Actor(FACILITATOR)
T0 = 1_700_000_000_000


async def open_commits(url: str, timeout: float = 3.0) -> tuple[Commits, BlockingConnectionPool]:
    pool = BlockingConnectionPool.from_url(url, socket_timeout=timeout, client_name="holdspace-test-commits")
    return Commits(pool, timeout), pool


@pytest.fixture
async def commits() -> AsyncIterator[Commits]:
    value, pool = await open_commits(REDIS_URL)
    yield value
    await value.close()
    await pool.aclose()


async def connection_id(commits: Commits) -> int:
    found = await commits.call(pack(b"CLIENT", b"ID"))
    assert isinstance(found, int)
    return found


async def test_concurrent_commits_share_one_connection_each_with_its_own_reply(
    commits: Commits, prefix: str
) -> None:
    first = await connection_id(commits)
    key = f"{prefix}n".encode()
    replies = await asyncio.gather(*(commits.call(pack(b"INCR", key)) for _ in range(300)))
    # Sent in this order on one connection, so answered in it: the n-th call saw n.
    assert replies == list(range(1, 301))
    assert await connection_id(commits) == first


async def test_an_error_reply_stays_with_its_own_commit(commits: Commits, prefix: str) -> None:
    first = await connection_id(commits)
    counter, text = f"{prefix}n".encode(), f"{prefix}text".encode()
    await commits.call(pack(b"SET", text, b"not a number"))
    calls = [commits.call(pack(b"INCR", text if i == 5 else counter)) for i in range(10)]
    replies = await asyncio.gather(*calls, return_exceptions=True)
    assert isinstance(replies[5], ResponseError)
    assert replies[:5] + replies[6:] == list(range(1, 10))
    assert await connection_id(commits) == first  # an error reply does not cost the connection


async def test_a_killed_connection_is_replaced_and_the_commit_still_lands(
    commits: Commits, prefix: str
) -> None:
    first = await connection_id(commits)
    admin = Redis.from_url(REDIS_URL)
    try:
        assert await admin.client_kill_filter(_id=str(first)) == 1
        key = f"{prefix}n".encode()
        assert await commits.call(pack(b"INCR", key)) == 1  # sent again, on a new connection
        assert await admin.get(key) == b"1"  # once
    finally:
        await admin.aclose()
    assert await connection_id(commits) != first


async def test_a_silent_redis_fails_the_waiting_commits_in_time_and_a_later_one_lands(
    proxy: Proxy, prefix: str
) -> None:
    commits, pool = await open_commits(proxy.url, timeout=0.3)
    try:
        await connection_id(commits)
        key = f"{prefix}n".encode()
        proxy.freeze()  # the connection stays open; no byte comes back
        started = time.monotonic()
        results = await asyncio.gather(
            *(commits.call(pack(b"INCR", key)) for _ in range(5)), return_exceptions=True
        )
        waited = time.monotonic() - started
        assert all(isinstance(r, RETRY) for r in results), results
        # The first try's deadline, then the retry's connection attempt: each 0.3 s.
        assert waited < 3.0
        proxy.restore()
        assert isinstance(await commits.call(pack(b"INCR", key)), int)
    finally:
        await commits.close()
        await pool.aclose()


async def test_a_commit_whose_published_copy_comes_back_first_hands_over_its_own_version(
    writer: RedisStore,
) -> None:
    # The copy and the reply come on two connections: here the copy is made to win, as it
    # often does. Listeners must still get the version the commit made (which shares its
    # unchanged parts, and their views, with the one before), once, not a decoded copy.
    doc = new_group(GroupSpec(name="Tuesday group", members=["Ann", "Bo"]), secrets.token_hex(8), T0)
    await writer.create(doc)
    heard: list[Group] = []
    delivered = asyncio.Event()
    await writer.watch(doc.id, heard.append)
    deliver = writer._deliver

    def deliver_and_tell(channel: bytes, data: bytes) -> None:
        deliver(channel, data)
        delivered.set()

    writer.link._deliver = deliver_and_tell
    call = writer._commits.call

    async def reply_after_the_copy(packed: bytes) -> object:
        reply = await call(packed)
        await asyncio.wait_for(delivered.wait(), 10)
        return reply

    writer._commits.call = reply_after_the_copy  # type: ignore[method-assign]
    started = apply(doc, "session.start", {"number": 1}, F, T0 + 1)
    await writer.commit(started, doc.version)
    assert len(heard) == 1 and heard[0] is started


async def test_a_commit_after_redis_forgot_the_script_loads_it_and_lands(own_redis: RedisServer) -> None:
    # A Redis restarted from its append-only file has the data but no scripts.
    store = await RedisStore.open(own_redis.url, "hs-test:")
    admin = Redis.from_url(own_redis.url)
    try:
        doc = new_group(GroupSpec(name="Tuesday group", members=["Ann", "Bo"]), secrets.token_hex(8), T0)
        await store.create(doc)
        started = apply(doc, "session.start", {"number": 1}, F, T0 + 1)
        await store.commit(started, doc.version)
        await admin.script_flush()
        paused = apply(started, "segment.pause", {"index": 0}, F, T0 + 2)
        await store.commit(paused, started.version)
        assert await admin.hget(f"hs-test:group:{doc.id}", "v") == str(paused.version).encode()
    finally:
        await admin.aclose()
        await store.close()
