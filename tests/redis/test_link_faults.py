"""One instance loses its way to Redis (a cut network path, killed connections) and recovers
by itself; no page is left stale and nothing is half-applied."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest
from redis.asyncio import Redis

from server.store import redis as redis_store
from tests.redis.conftest import Instance, StartInstance
from tests.support.client import Client, create_group, token_of
from tests.support.redis_kit import REDIS_URL
from tests.support.tcp_proxy import Proxy
from tests.support.waiting import until

pytestmark = pytest.mark.redis

# Generous: the link's reconnect backoff may be a few seconds into its schedule.
RECOVERY = 15.0


async def _setup(start_instance: StartInstance, proxy: Proxy) -> tuple[Instance, Instance, dict]:
    """Instance a talks to Redis directly, b through the proxy."""
    a = await start_instance()
    b = await start_instance(proxy.url)
    group = await create_group(a.url, members=["Ann", "Bo"])
    return a, b, group


async def test_a_change_missed_while_the_link_was_down_reaches_the_page(
    start_instance: StartInstance, proxy: Proxy
) -> None:
    a, b, group = await _setup(start_instance, proxy)
    fac = await a.connect(group["links"]["facilitator"])
    ann = await b.connect(group["links"]["members"][0]["url"])
    sessions = b.store.link.sessions
    # b's connections drop; its reconnect attempts are let in but stall, so b cannot be
    # subscribed when a commits: the notification is published to nobody on b.
    proxy.hold()
    await until(lambda: not b.store.link.up.is_set())
    ack = await fac.cmd("session.start", {"number": 1})
    assert ack["type"] == "ack"
    assert ann.state is not None and ann.view["session"] is None
    proxy.restore()
    # b resubscribes, then re-delivers the latest document: the page catches up on its own.
    state = await ann.wait_view(lambda v: v["session"] is not None, timeout=RECOVERY)
    assert state["view"]["session"]["number"] == 1
    assert b.store.link.sessions == sessions + 1
    assert ann.ws.close_code is None, "the page kept its socket through the short outage"


async def test_a_silent_link_is_noticed_and_replaced(
    start_instance: StartInstance, proxy: Proxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Notice a silent Redis within a fraction of a second (5 s in service).
    monkeypatch.setattr(redis_store, "PING_EVERY", 0.2)
    a, b, group = await _setup(start_instance, proxy)
    fac = await a.connect(group["links"]["facilitator"])
    ann = await b.connect(group["links"]["members"][0]["url"])
    sessions = b.store.link.sessions
    # Packets towards and from Redis vanish, but no connection is closed: only the link's
    # PINGs going unanswered reveal it.
    proxy.freeze()
    await until(lambda: not b.store.link.up.is_set(), timeout=RECOVERY)
    await fac.cmd("session.start", {"number": 1})
    proxy.restore()
    await ann.wait_view(lambda v: v["session"] is not None, timeout=RECOVERY)
    assert b.store.link.sessions > sessions


async def test_commands_during_the_outage_get_unavailable_and_change_nothing(
    start_instance: StartInstance, proxy: Proxy
) -> None:
    a, b, group = await _setup(start_instance, proxy)
    b.store.link.outage_grace = 60.0  # pages keep their sockets for this test
    fac_a = await a.connect(group["links"]["facilitator"])
    fac_b = await b.connect(group["links"]["cofacilitator"])
    ann_b = await b.connect(group["links"]["members"][0]["url"])
    before = await a.store.load(group["group_id"])
    assert before is not None
    proxy.cut()
    reply = await fac_b.cmd("session.start", {"number": 1})
    assert reply["type"] == "error" and reply["code"] == "unavailable", reply
    assert "nothing changed" in reply["message"]
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{b.url}/api/groups", json={"name": "New", "members": ["Cy"]}) as r,
    ):
        assert r.status == 503
        assert (await r.json())["error"]["code"] == "unavailable"
    assert await a.store.load(group["group_id"]) == before
    # Instance a is unaffected, and its change is waiting for b's pages once b is back.
    ack = await fac_a.cmd("session.start", {"number": 1})
    assert ack["type"] == "ack" and ack["changed"] is True
    proxy.restore()
    await ann_b.wait_view(lambda v: v["session"] is not None, timeout=RECOVERY)
    # b serves commands again without anyone restarting anything.
    again = await fac_b.cmd("segment.pause", {"index": 0})
    assert again["type"] == "ack" and again["changed"] is True
    await fac_a.wait_view(lambda v: v["session"]["state"] == "paused")


async def test_a_long_outage_sends_pages_to_reconnect(start_instance: StartInstance, proxy: Proxy) -> None:
    a, b, group = await _setup(start_instance, proxy)
    b.store.link.outage_grace = 0.0
    member_link = group["links"]["members"][0]["url"]
    ann = await b.connect(member_link)
    proxy.cut()
    # b cannot keep its pages current, so it closes them with 1013 ("try again later"):
    # the page shows "reconnecting" instead of a clock that silently stopped changing.
    assert await ann.closed(timeout=RECOVERY) == 1013
    retry = await Client.open(b.url, None)
    await retry.send({"type": "hello", "token": token_of(member_link)})
    refused = await retry.wait_for(lambda m: m["type"] == "error")
    assert refused["code"] == "unavailable"
    assert await retry.closed() == 1013
    # Behind a load balancer the page lands on a healthy instance and is current there.
    fac = await a.connect(group["links"]["facilitator"])
    ack = await fac.cmd("session.start", {"number": 1})
    assert ack["type"] == "ack"
    moved = await a.connect(member_link)
    assert moved.view["session"]["number"] == 1
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{b.url}/healthz") as r:
            assert r.status == 503  # so a load balancer stops sending pages to b
        proxy.restore()
        async with asyncio.timeout(RECOVERY):
            await b.store.link.up.wait()
        async with http.get(f"{b.url}/healthz") as r:
            assert r.status == 200
    back = await b.connect(member_link)
    assert back.state is not None and back.view["session"]["number"] == 1


async def test_killed_redis_connections_recover_without_help(two: tuple[Instance, Instance]) -> None:
    a, b = two
    group = await create_group(a.url, members=["Ann"])
    fac_a = await a.connect(group["links"]["facilitator"])
    fac_b = await b.connect(group["links"]["cofacilitator"])
    ann_b = await b.connect(group["links"]["members"][0]["url"])
    sessions = b.store.link.sessions
    redis = Redis.from_url(REDIS_URL)
    try:
        names = {f"holdspace-{b.store.tag}", f"holdspace-sub-{b.store.tag}"}
        killed = 0
        for client in await redis.client_list():
            if client["name"] in names:
                killed += await redis.client_kill_filter(_id=client["id"])
        assert killed >= 2  # b's pub/sub link and at least one command connection
    finally:
        await redis.aclose()
    # b's command connections come back on their next use, its link by itself.
    ack = await fac_b.cmd("session.start", {"number": 1})
    assert ack["type"] == "ack" and ack["changed"] is True
    await until(lambda: b.store.link.sessions > sessions, timeout=RECOVERY)
    ack = await fac_a.cmd("segment.pause", {"index": 0})
    assert ack["changed"]
    await ann_b.wait_view(lambda v: v["session"]["state"] == "paused")
