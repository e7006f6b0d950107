"""Pages never go back to an older version because a join read Redis ahead of the pub/sub link.

A socket joining an open room loads the group from Redis, which can be ahead of what the
instance has heard: another instance's commits whose published copies are still on their way.
When those copies arrive they are older than what the room's pages now show, and must not be
shown again (only a Redis that came back older, a restore, takes pages back: test_redis_restart).

A published copy arrives within a millisecond, too fast to race from a test, so the in-flight
commits are written the way the commit script stores them, and their copies published after the
join, which is what the instance would see if they had been slow.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
import redis.asyncio as aioredis

from server.domain import Actor, apply, encode
from server.store.redis import RedisStore
from tests.redis.conftest import StartInstance
from tests.support.client import create_group
from tests.support.redis_kit import REDIS_URL

pytestmark = pytest.mark.redis


def queue(view: dict[str, Any]) -> list[str]:
    return list(view["floor"]["queue"])


async def test_a_join_ahead_of_the_published_copies_does_not_take_pages_back(
    start_instance: StartInstance, writer: RedisStore
) -> None:
    instance = await start_instance()
    made = await create_group(instance.url, members=["Ann", "Bo", "Cy"])
    links = made["links"]
    group_id = made["group_id"]
    console = await instance.connect(links["facilitator"])
    await console.cmd("session.start", {"number": 1})
    await console.wait_view(lambda v: v["session"] is not None)

    # Another instance's two commits: Ann's hand, then Bo's. Stored, their copies not yet heard.
    doc = await writer.load(group_id)
    assert doc is not None
    now = int(time.time() * 1000)
    ann = apply(doc, "hand.raise", {}, Actor("member", "m1"), now)
    both = apply(ann, "hand.raise", {}, Actor("member", "m2"), now)
    raw = aioredis.Redis.from_url(REDIS_URL)
    try:
        await raw.hset(writer.key(group_id), mapping={"v": both.version, "doc": encode(both)})
        # A member joins: its load reads both hands, and every page of the room is shown them.
        start = len(console.messages)
        await instance.connect(links["members"][2]["url"])
        await console.wait_view(lambda v: queue(v) == ["m1", "m2"], start=start)
        shown = len(console.messages)
        # Now the copies arrive, the older first, as Redis delivers them.
        for version in (ann, both):
            await raw.publish(writer.channel(group_id), encode(version))
    finally:
        await raw.aclose()
    # A later command, so everything published before it has been read by the instance.
    await console.cmd("segment.pause", {"index": 0})
    await console.wait_view(lambda v: v["session"]["state"] == "paused", start=shown)
    after = [m["view"] for m in console.messages[shown:] if m["type"] == "state"]
    assert after and all(queue(v) == ["m1", "m2"] for v in after), [queue(v) for v in after]
