"""Redis that comes back older (restored from a backup, a replica promoted before it caught up):
pages show what Redis holds again instead of freezing on a version that no longer exists."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from redis.asyncio import Redis

from tests.redis.conftest import StartInstance
from tests.support.client import create_group
from tests.support.redis_kit import RedisServer

pytestmark = [pytest.mark.redis, pytest.mark.slow]


async def test_pages_follow_redis_back_to_a_restored_snapshot(
    start_instance: StartInstance, tmp_path: Path
) -> None:
    redis_dir = tmp_path / "redis"
    redis_dir.mkdir()
    own = RedisServer(redis_dir, aof=False)
    await own.start()
    try:
        instance = await start_instance(own.url)
        group = await create_group(instance.url, members=["Ann", "Bo"])
        fac = await instance.connect(group["links"]["facilitator"])
        ann = await instance.connect(group["links"]["members"][0]["url"])
        await fac.cmd("session.start", {"number": 1})
        # The server records Ann as present with a command of its own: wait for it, or it may
        # land after her homework and the snapshot would hold a view the facilitator never saw.
        await fac.wait_view(lambda v: v["course"]["attendance"]["members"] == ["m1"])
        await ann.cmd("homework.set", {"text": "Before the backup"})
        at_backup = (
            await fac.wait_view(
                lambda v: v["course"]["homework"]["m1"]["this"]["text"] == "Before the backup"
            )
        )["view"]
        client = Redis.from_url(own.url)
        await client.save()
        await client.aclose()
        shutil.copy(redis_dir / "dump.rdb", tmp_path / "backup.rdb")

        await ann.cmd("homework.set", {"text": "After the backup"})
        await ann.cmd("hand.raise")
        newest = await fac.cmd("segment.next", {"from_index": 0})
        assert (await fac.state_at(newest["version"]))["view"] != at_backup

        marks = {id(page): len(page.messages) for page in (fac, ann)}
        await own.kill()
        shutil.copy(tmp_path / "backup.rdb", redis_dir / "dump.rdb")
        await own.start()

        await fac.wait_view(lambda v: v == at_backup, timeout=15, start=marks[id(fac)])
        await ann.wait_for(
            lambda m: (
                m["type"] == "state" and m["me"]["course"]["homework"]["this"]["text"] == "Before the backup"
            ),
            timeout=15,
            start=marks[id(ann)],
        )
        # And the group carries on from there: the next command is the one after the backup.
        again = await fac.cmd("segment.next", {"from_index": 0})
        assert again["type"] == "ack" and again["changed"]
        stored = await instance.store.load(group["group_id"])
        assert stored is not None and stored.session is not None and stored.session.current == 1
    finally:
        await own.kill()
