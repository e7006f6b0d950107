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
        snapshot = await ann.cmd("homework.set", {"text": "Before the backup"})
        at_backup = (await fac.state_at(snapshot["version"]))["view"]
        client = Redis.from_url(own.url)
        await client.save()
        await client.aclose()
        shutil.copy(redis_dir / "dump.rdb", tmp_path / "backup.rdb")

        later = await ann.cmd("homework.set", {"text": "After the backup"})
        await ann.cmd("hand.raise")
        newest = await fac.cmd("segment.next", {"from_index": 0})
        assert newest["version"] > later["version"] > snapshot["version"]
        await fac.state_at(newest["version"])

        seen = {id(m) for page in (fac, ann) for m in page.messages}
        await own.kill()
        shutil.copy(tmp_path / "backup.rdb", redis_dir / "dump.rdb")
        await own.start()

        for page in (fac, ann):
            await page.wait_for(
                lambda m: id(m) not in seen and m["type"] == "state" and m["version"] == snapshot["version"],
                timeout=15,
            )
        assert fac.view == at_backup
        assert (
            ann.state is not None
            and ann.state["me"]["course"]["homework"]["this"]["text"] == "Before the backup"
        )
        # And the group carries on from there.
        again = await fac.cmd("segment.next", {"from_index": 0})
        assert again["type"] == "ack" and again["version"] == snapshot["version"] + 1
    finally:
        await own.kill()
