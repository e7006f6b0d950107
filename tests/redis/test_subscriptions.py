"""The pub/sub link's guarantees, seen from the store: a watch is live when it returns, a
re-watch racing an unwatch still hears, and a watch made while the link is down is resynced."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from server.store.redis import RedisStore
from tests.store.test_contract import Heard, make_group, successor
from tests.support.redis_kit import REDIS_URL, purge, unique_prefix
from tests.support.tcp_proxy import Proxy
from tests.support.waiting import until

pytestmark = pytest.mark.redis


@pytest.fixture
async def reader(prefix: str) -> AsyncIterator[RedisStore]:
    """A watching instance on a slow path to Redis (50 ms towards it): a SUBSCRIBE that is
    merely sent, not yet confirmed, would reach Redis after the writer's commit."""
    proxy = Proxy(int(REDIS_URL.rsplit(":", 1)[1].split("/")[0]), delay=0.05)
    await proxy.start()
    store = await RedisStore.open(proxy.url, prefix)
    yield store
    await store.close()
    await proxy.close()


async def test_a_watch_hears_a_commit_made_right_after_it_returns(
    reader: RedisStore, writer: RedisStore
) -> None:
    # Watch-then-load is how the hub avoids a gap: that needs the subscription to be live in
    # Redis when watch() returns, not merely requested.
    for _ in range(5):
        doc = make_group()
        await writer.create(doc)
        heard = Heard()
        await reader.watch(doc.id, heard)
        await writer.commit(successor(doc), doc.version)
        await heard.version(doc.version + 1)


async def test_a_commit_heard_at_once_is_not_heard_again_when_its_copy_comes_back(
    reader: RedisStore, writer: RedisStore
) -> None:
    doc = make_group()
    await writer.create(doc)
    heard = Heard()
    await reader.watch(doc.id, heard)
    current = doc
    for _ in range(3):  # handed over by commit itself; their published copies follow
        new = successor(current)
        await reader.commit(new, current.version)
        current = new
    # Redis delivers one channel in publish order: once another instance's later commit is
    # heard, every earlier copy has come back too.
    await writer.commit(successor(current), current.version)
    await heard.version(current.version + 1)
    assert heard.versions == list(range(doc.version + 1, current.version + 2))


async def test_rewatching_while_an_unwatch_is_in_flight_still_hears(
    reader: RedisStore, writer: RedisStore
) -> None:
    doc = make_group()
    await writer.create(doc)
    first, second = Heard(), Heard()
    unwatch = await reader.watch(doc.id, first)
    # UNSUBSCRIBE and a new SUBSCRIBE of the same channel go out back to back.
    _, unwatch_second = await asyncio.gather(unwatch(), reader.watch(doc.id, second))
    await writer.commit(successor(doc), doc.version)
    await second.version(doc.version + 1)
    assert first.docs == []
    await unwatch_second()


async def test_concurrent_first_watches_share_one_live_subscription(
    reader: RedisStore, writer: RedisStore
) -> None:
    doc = make_group()
    await writer.create(doc)
    heard = [Heard() for _ in range(5)]
    await asyncio.gather(*(reader.watch(doc.id, h) for h in heard))
    await writer.commit(successor(doc), doc.version)
    for h in heard:
        await h.version(doc.version + 1)


async def test_a_watch_made_while_the_link_is_down_is_resynced(
    writer: RedisStore, prefix: str, proxy: Proxy
) -> None:
    doc = make_group()
    await writer.create(doc)
    reader = await RedisStore.open(proxy.url, prefix)
    try:
        async with asyncio.timeout(10):
            await reader.link.up.wait()
        proxy.hold()
        await until(lambda: not reader.link.up.is_set())
        heard = Heard()
        async with asyncio.timeout(2):  # returns at once: it does not wait for a dead link
            await reader.watch(doc.id, heard)
        await writer.commit(successor(doc), doc.version)
        proxy.restore()
        assert (await heard.version(doc.version + 1, timeout=15)).version == doc.version + 1
        await writer.commit(successor(successor(doc)), doc.version + 1)
        await heard.version(doc.version + 2)
        assert heard.versions == [doc.version + 1, doc.version + 2]  # once each, in order
    finally:
        await reader.close()


async def test_listing_takes_the_prefix_literally() -> None:
    # "[1]" in a SCAN pattern would match the key prefix "…abc1:" too.
    base = unique_prefix().rstrip(":")
    tricky = await RedisStore.open(REDIS_URL, f"{base}[1]:")
    plain = await RedisStore.open(REDIS_URL, f"{base}1:")
    try:
        mine, theirs = make_group(), make_group()
        await tricky.create(mine)
        await plain.create(theirs)
        assert await tricky.group_ids() == [mine.id]
        assert await plain.group_ids() == [theirs.id]
    finally:
        for store in (tricky, plain):
            await store.close()
        await purge(base)
