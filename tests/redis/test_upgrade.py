"""Upgrades never lose a group (Redis store): the keys each earlier release wrote load and show the
same course; a newer format is refused and left untouched (a rolling upgrade)."""

from __future__ import annotations

import json

import pytest
import redis.asyncio as aioredis

from server.domain.document import FORMAT
from tests.support.client import token_of
from tests.support.redis_kit import REDIS_URL
from tests.support.releases import RELEASE_NAMES, RELEASES, brought_forward, facts, newer, release, shown_now


@pytest.mark.redis
@pytest.mark.parametrize("name", RELEASE_NAMES)
async def test_a_release_redis_keys_load_and_show_the_same_course(name: str, start_instance, prefix) -> None:
    links, shown = release(name, "redis")
    stored = json.loads((RELEASES / name / "redis.json").read_text())
    key = f"group:{links['group_id']}"
    r = aioredis.from_url(REDIS_URL)
    try:
        for name_, fields in stored.items():
            await r.hset(prefix + name_, mapping=fields)
        instance = await start_instance()
        assert facts(await shown_now(instance.url, links)) == brought_forward(facts(shown))
        # Written back in the current format, with its version unchanged.
        assert json.loads(await r.hget(prefix + key, "doc"))["format"] == FORMAT
        assert (await r.hget(prefix + key, "v")).decode() == stored[key]["v"]
    finally:
        await r.aclose()


@pytest.mark.redis
async def test_redis_refuses_a_newer_format_and_leaves_it(start_instance, prefix) -> None:
    links, _ = release(RELEASE_NAMES[-1], "redis")
    stored = json.loads((RELEASES / RELEASE_NAMES[-1] / "redis.json").read_text())
    key = f"group:{links['group_id']}"
    r = aioredis.from_url(REDIS_URL)
    try:
        await r.hset(prefix + key, mapping={**stored[key], "doc": newer(stored[key]["doc"])})
        before = await r.hgetall(prefix + key)
        instance = await start_instance()
        page = await instance.connect(None, hello=False)
        await page.send({"type": "hello", "token": token_of(links["links"]["facilitator"])})
        err = await page.wait_for(lambda m: m["type"] == "error")
        assert err["code"] == "unavailable" and "newer version" in err["message"]
        assert await r.hgetall(prefix + key) == before
    finally:
        await r.aclose()
