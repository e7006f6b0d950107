"""The write path first tries the version its process last heard (RedisStore.cached), which may
already be passed: only a successful compare-and-set may be decided on it. A refusal or a
"nothing changed" on it is asked again of a fresh load, and a command it allowed but a newer
version does not is refused, as if the cache had not been there.

A published copy reaches a watching instance within a millisecond or so, too fast to race
reliably from a test: the reader's cache is pinned to the version it heard before the writer's
commit, which is exactly what it holds when a command lands inside that window."""

from __future__ import annotations

import secrets
import time
from collections.abc import AsyncIterator

import pytest

from server.domain import FACILITATOR, Actor, Group, GroupSpec, Refused, new_group
from server.store.redis import RedisStore
from server.write import execute
from tests.store.test_contract import Heard
from tests.support.redis_kit import REDIS_URL

pytestmark = pytest.mark.redis

F = Actor(FACILITATOR)


def now() -> int:
    return int(time.time() * 1000)


@pytest.fixture
async def reader(prefix: str) -> AsyncIterator[RedisStore]:
    """The instance whose commands use its cached version."""
    store = await RedisStore.open(REDIS_URL, prefix)
    yield store
    await store.close()


async def running_group(writer: RedisStore, reader: RedisStore) -> tuple[str, Heard]:
    doc = new_group(GroupSpec(name="Tuesday group", members=["Ann", "Bo"]), secrets.token_hex(8), now())
    await writer.create(doc)
    heard = Heard()
    await reader.watch(doc.id, heard)
    version, _ = await execute(writer, doc.id, "session.start", {"number": 1}, F, now)
    await heard.version(version)
    return doc.id, heard


def pin(reader: RedisStore, group_id: str) -> Group:
    """Hold the reader's cache at what it has heard so far."""
    held = reader.cached(group_id)
    assert held is not None
    reader.cached = lambda gid: held if gid == group_id else None  # type: ignore[method-assign,assignment]
    return held


async def stale(writer: RedisStore, group_id: str, held: Group) -> int:
    """The stored version, checked to be past the reader's cached one."""
    stored = await writer.load(group_id)
    assert stored is not None and held.version < stored.version
    return stored.version


async def test_nothing_changed_on_a_stale_version_is_asked_again(
    writer: RedisStore, reader: RedisStore
) -> None:
    group_id, _ = await running_group(writer, reader)
    held = pin(reader, group_id)
    await execute(writer, group_id, "segment.pause", {"index": 0}, F, now)
    stored = await stale(writer, group_id, held)
    # On the cached version the segment runs, so resuming changes nothing; it is paused.
    version, changed = await execute(reader, group_id, "segment.resume", {"index": 0}, F, now)
    assert (version, changed) == (stored + 1, True)
    doc = await writer.load(group_id)
    assert doc is not None and doc.session is not None and doc.session.state == "running"


async def test_a_refusal_on_a_stale_version_is_asked_again(writer: RedisStore, reader: RedisStore) -> None:
    group_id, _ = await running_group(writer, reader)
    held = pin(reader, group_id)
    await execute(writer, group_id, "segment.next", {"from_index": 0}, F, now)
    stored = await stale(writer, group_id, held)
    # The cached version is still on segment 0, where "from segment 1" is refused.
    version, changed = await execute(reader, group_id, "segment.next", {"from_index": 1}, F, now)
    assert (version, changed) == (stored + 1, True)
    doc = await writer.load(group_id)
    assert doc is not None and doc.session is not None and doc.session.current == 2


async def test_what_a_stale_version_allows_a_newer_one_still_refuses(
    writer: RedisStore, reader: RedisStore
) -> None:
    group_id, heard = await running_group(writer, reader)
    held = pin(reader, group_id)
    await execute(writer, group_id, "segment.next", {"from_index": 0}, F, now)
    stored = await stale(writer, group_id, held)
    # Two facilitators moving on from segment 0: the session moves on once.
    try:
        version, changed = await execute(reader, group_id, "segment.next", {"from_index": 0}, F, now)
    except Refused:
        pass
    else:
        assert (version, changed) == (stored, False)
    doc = await writer.load(group_id)
    assert doc is not None and doc.session is not None
    assert (doc.version, doc.session.current) == (stored, 1)
    await heard.version(stored)
    assert heard.docs[-1] == doc
