"""An app instance dies with SIGKILL mid-session; its pages move to another instance."""

from __future__ import annotations

import pytest

from tests.redis.conftest import StartInstance
from tests.support.client import Client, create_group
from tests.support.process import ServerProcess
from tests.support.redis_kit import REDIS_URL

pytestmark = [pytest.mark.redis, pytest.mark.slow]


async def test_pages_of_a_killed_instance_reconnect_elsewhere_and_nothing_is_lost(
    start_instance: StartInstance, prefix: str
) -> None:
    doomed = ServerProcess("--redis-url", REDIS_URL, "--redis-prefix", prefix).start()
    pages: list[Client] = []
    try:
        survivor = await start_instance()
        group = await create_group(doomed.url, members=["Ann", "Bo"])
        links = group["links"]
        fac = await Client.open(doomed.url, links["facilitator"])
        ann = await Client.open(doomed.url, links["members"][0]["url"])
        pages += [fac, ann]
        bo = await survivor.connect(links["members"][1]["url"])
        acks = [await fac.cmd("session.start", {"number": 1})]
        for i in range(5):
            acks.append(await fac.cmd("agenda.add", {"title": f"Topic {i}", "minutes": 5}))
        assert all(a["type"] == "ack" and a["changed"] for a in acks), acks
        await bo.wait_view(lambda v: v["session"] and v["session"]["segments"][-1]["title"] == "Topic 4")
        # One more command is on its way when the process dies: it may or may not have landed.
        await fac.send({"type": "cmd", "id": "in-flight", "name": "segment.pause", "args": {"index": 0}})
        doomed.kill()
        assert await fac.closed() is not None
        assert await ann.closed() is not None

        # The pages reconnect (through the load balancer) to the surviving instance.
        fac = await survivor.connect(links["facilitator"])
        ann = await survivor.connect(links["members"][0]["url"])
        assert fac.state is not None
        titles = [s["title"] for s in fac.view["session"]["segments"]]
        assert [f"Topic {i}" for i in range(5)] == titles[-5:]
        # The survivor carries on, and every page, old and new, hears it.
        ack = await fac.cmd("segment.next", {"from_index": 0})
        assert ack["type"] == "ack" and ack["changed"] is True
        for page in (ann, bo):
            await page.wait_view(lambda v: v["session"]["current"] == 1)
    finally:
        for page in pages:
            await page.close()
        doomed.kill()
