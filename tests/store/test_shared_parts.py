"""Groups a store reads back (the embedded store's files and journal after a restart, Redis's
stored and published copies) hold the one object of each part most groups have alike
(domain/document/alike.py), not a copy each."""

from __future__ import annotations

import asyncio
import secrets
from pathlib import Path

from server.domain import Actor, Group, GroupSpec, apply, new_group
from server.store.memory import MemoryStore
from server.store.redis import RedisStore
from tests.support.redis_kit import REDIS_URL, purge, require_redis, unique_prefix

T0 = 1_700_000_000_000
FAC = Actor("facilitator")


def make() -> Group:
    return new_group(GroupSpec(name="Tuesday", members=["Ann", "Bo"]), secrets.token_hex(8), T0)


def alike(doc: Group) -> tuple[object, ...]:
    return doc.template, doc.feedback.library, doc.course.agreements.items


def shared(*docs: Group) -> bool:
    return all(len({id(p) for p in same}) == 1 for same in zip(*map(alike, docs), strict=True))


async def test_groups_read_from_the_data_dir_share_their_alike_parts(tmp_path: Path) -> None:
    store = await MemoryStore.open(tmp_path / "data")
    a, b = make(), make()
    for doc in (a, b):
        await store.create(doc)
    started = apply(b, "session.start", {"number": 1}, FAC, T0)
    await store.commit(started, b.version)
    await store.checkpoint()  # a's version from its file, b's too; then one from the journal
    await store.commit(apply(started, "session.end", {"number": 1}, FAC, T0), started.version)
    await store.close()

    again = await MemoryStore.open(tmp_path / "data")
    try:
        read = [await again.load(doc.id) for doc in (a, b)]
        assert read[0] is not None and read[1] is not None and read[1].version == 3
        assert read[0] is not a and shared(*read, make())
    finally:
        await again.close()


async def test_groups_read_from_redis_share_their_alike_parts() -> None:
    await require_redis()
    prefix = unique_prefix()
    writer = await RedisStore.open(REDIS_URL, prefix)
    reader = await RedisStore.open(REDIS_URL, prefix)
    try:
        a, b = make(), make()
        for doc in (a, b):
            await writer.create(doc)
        heard: asyncio.Queue[Group] = asyncio.Queue()
        unwatch = await reader.watch(b.id, heard.put_nowait)
        loaded = await reader.load(a.id)
        assert loaded is not None and loaded is not a
        await writer.commit(apply(b, "session.start", {"number": 1}, FAC, T0), b.version)
        async with asyncio.timeout(5):
            published = await heard.get()
        assert published.version == 2 and shared(loaded, published, make())
        await unwatch()
    finally:
        await writer.close()
        await reader.close()
        await purge(prefix)
