"""Two app instances on one Redis: what one does, pages on the other see; races lose nothing."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import aiohttp
import pytest

from tests.redis.conftest import Instance
from tests.support.client import Client, create_group, token_of

pytestmark = pytest.mark.redis

AGENDA = [{"title": "Check-in", "minutes": 10}, {"title": "Work", "minutes": 60}]


def states(client: Client) -> list[dict[str, Any]]:
    return [m for m in client.messages if m["type"] == "state"]


def titles(state: dict[str, Any]) -> list[str]:
    return [s["title"] for s in state["view"]["session"]["segments"]]


async def test_a_command_on_one_instance_reaches_pages_on_the_other(
    two: tuple[Instance, Instance],
) -> None:
    a, b = two
    group = await create_group(a.url, members=["Ann", "Bo"])
    fac = await a.connect(group["links"]["facilitator"])
    ann = await b.connect(group["links"]["members"][0]["url"])
    display = await b.connect(group["links"]["display"])
    ack = await fac.cmd("session.start", {"number": 1})
    assert ack["type"] == "ack" and ack["changed"] is True
    assert (await fac.state_at(ack["version"]))["view"]["session"]["number"] == 1
    for page in (ann, display):
        state = await page.wait_view(lambda v: v["session"] is not None)
        assert state["view"]["session"]["number"] == 1
    assert ann.state is not None and ann.state["me"]["name"] == "Ann"
    # And back: a command on b reaches a page on a.
    cofac = await b.connect(group["links"]["cofacilitator"])
    ack = await cofac.cmd("segment.pause", {"index": 0})
    assert ack["type"] == "ack" and ack["changed"] is True
    await fac.wait_view(lambda v: v["session"]["state"] == "paused")


async def test_a_group_created_on_one_instance_opens_on_the_other(
    two: tuple[Instance, Instance],
) -> None:
    a, b = two
    group = await create_group(b.url, members=["Ann"])
    ann = await a.connect(group["links"]["members"][0]["url"])
    assert ann.view["group"]["name"] == "Tuesday group"


async def _send_all(client: Client, commands: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Send every command without waiting, then collect each one's ack or error."""
    # Fresh ids: the server treats a repeated (sender role, id) as a retry of one command.
    ids = [uuid.uuid4().hex for _ in commands]
    for cmd_id, (name, args) in zip(ids, commands, strict=True):
        await client.send({"type": "cmd", "id": cmd_id, "name": name, "args": args})
    replies = []
    for cmd_id in ids:
        replies.append(
            await client.wait_for(lambda m, i=cmd_id: m.get("id") == i and m["type"] in ("ack", "error"))
        )
    return replies


async def test_racing_commits_from_both_instances_lose_no_update(
    two: tuple[Instance, Instance],
) -> None:
    a, b = two
    group = await create_group(a.url, members=["Ann"], agenda=AGENDA)
    links = group["links"]
    await (await a.connect(links["facilitator"])).cmd("session.start", {"number": 1})
    # Two sockets on each instance, each firing its own agenda additions at once: 28 adds
    # racing through compare-and-set (the session may hold 30 segments).
    pages = [
        await a.connect(links["facilitator"]),
        await a.connect(links["cofacilitator"]),
        await b.connect(links["facilitator"]),
        await b.connect(links["cofacilitator"]),
    ]
    ann = await b.connect(links["members"][0]["url"])
    batches = [
        [("agenda.add", {"title": f"p{p}-{i}", "minutes": 5}) for i in range(7)] for p in range(len(pages))
    ]
    replies = await asyncio.gather(
        *(_send_all(page, batch) for page, batch in zip(pages, batches, strict=True))
    )
    refused = [r for page_replies in replies for r in page_replies if r["type"] != "ack"]
    assert refused == []
    accepted = []
    for page, batch, page_replies in zip(pages, batches, replies, strict=True):
        mine = [(args["title"], r["version"]) for (_, args), r in zip(batch, page_replies, strict=True)]
        assert all(r["changed"] for r in page_replies)
        # Each accepted command's ack names a frame of its own on the sender's socket, sent
        # before the ack and already showing the command's segment, on either instance.
        versions = [v for _, v in mine]
        assert versions == sorted(set(versions))
        for title, version in mine:
            frame = next(s for s in states(page) if s["version"] == version)
            assert title in titles(frame)
        accepted += [title for title, _ in mine]
    assert len(accepted) == 28
    final = await ann.wait_view(
        lambda v: {t for t in accepted} <= {s["title"] for s in v["session"]["segments"]}
    )
    assert sorted(t for t in titles(final) if t.startswith("p")) == sorted(accepted)
    # No page ever saw the group go back: segments were only added, and every page's frames
    # count 1, 2, 3, ...
    for page in [*pages, ann]:
        counts = [len(s["view"]["session"]["segments"]) for s in states(page) if s["view"]["session"]]
        assert counts == sorted(counts)
        assert [s["version"] for s in states(page)] == list(range(1, len(states(page)) + 1))


async def test_next_speaker_race_across_instances_moves_once(two: tuple[Instance, Instance]) -> None:
    a, b = two
    group = await create_group(a.url, members=["Ann"], agenda=[*AGENDA, {"title": "Close", "minutes": 5}])
    links = group["links"]
    await (await a.connect(links["facilitator"])).cmd("session.start", {"number": 1})
    clickers = [
        await a.connect(links["facilitator"]),
        await a.connect(links["cofacilitator"]),
        await b.connect(links["facilitator"]),
        await b.connect(links["cofacilitator"]),
    ]
    ann = await b.connect(links["members"][0]["url"])
    replies = await asyncio.gather(*(c.cmd("segment.next", {"from_index": 0}) for c in clickers))
    assert all(r["type"] == "ack" for r in replies), replies
    changed = [r for r in replies if r["changed"]]
    assert len(changed) == 1
    await ann.wait_view(lambda v: v["session"]["current"] == 1)
    await ann.sync()
    assert ann.view["session"]["current"] == 1
    for clicker in clickers:
        await clicker.sync()
        assert clicker.view["session"]["current"] == 1


async def test_deleting_a_group_on_one_instance_closes_its_pages_on_the_other(
    two: tuple[Instance, Instance],
) -> None:
    a, b = two
    group = await create_group(a.url, members=["Ann"])
    ann = await b.connect(group["links"]["members"][0]["url"])
    display = await b.connect(group["links"]["display"])
    headers = {"Authorization": f"Bearer {token_of(group['links']['facilitator'])}"}
    async with (
        aiohttp.ClientSession() as http,
        http.delete(f"{a.url}/api/groups/{group['group_id']}", headers=headers) as r,
    ):
        assert r.status == 200
    for page in (ann, display):
        assert await page.closed() == 1001
    assert await b.store.load(group["group_id"]) is None
    assert group["group_id"] not in await b.store.group_ids()


async def test_more_pages_joining_at_once_than_redis_connections_all_get_the_state(
    start_instance: Any,
) -> None:
    # A burst of joins (an instance restarting with a clinic's groups on it) must queue for
    # a pooled Redis connection, not fail with "too many connections" (redis-py's default
    # pool refuses past 100 at once).
    from server.store.redis import POOL_SIZE

    instance: Instance = await start_instance()
    groups = [await create_group(instance.url, members=["Ann", "Bo", "Cy"]) for _ in range(12)]
    # Four pages per link: the most one link may have open (ws/links.py).
    links = [m["url"] for g in groups for m in g["links"]["members"]] * 4
    assert len(links) > max(100, POOL_SIZE)
    pages = await asyncio.gather(*(Client.open(instance.url, link) for link in links))
    instance.clients.extend(pages)
    for page in pages:
        assert page.state is not None
        assert not [m for m in page.messages if m["type"] == "error"]
