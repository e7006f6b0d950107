"""Limits per link, not per socket: every socket of one link shares its command and ping
budget, and a link has at most a handful of sockets open. Buckets here barely refill
(rate 0.001/s), so what passes is exactly the burst."""

from __future__ import annotations

import dataclasses
import json

import pytest

from server.appkeys import SOCKETS
from server.config import Settings
from tests.conftest import app_of
from tests.support.client import Client
from tests.support.waiting import until

BURST = 6


@pytest.fixture
def settings(tmp_path) -> Settings:
    return dataclasses.replace(
        Settings(data_dir=tmp_path / "data"),
        command_rate=0.001,
        command_burst=BURST,
        ping_rate=0.001,
        ping_burst=BURST,
        sockets_per_link=3,
    )


def answered(client: Client, kind: str, code: str | None = None) -> list[dict]:
    return [m for m in client.messages if m["type"] == kind and (code is None or m.get("code") == code)]


async def test_the_sockets_of_one_link_share_one_command_budget(group, connect) -> None:
    fac: Client = await connect(group["links"]["facilitator"])
    await fac.cmd("session.start", {"number": 1})
    pages = [await connect(group["links"]["members"][0]["url"]) for _ in range(3)]
    replies = []
    for i in range(BURST + 3):
        name = "hand.raise" if i % 2 == 0 else "hand.lower"
        replies.append(await pages[i % 3].cmd(name))
    assert [r["type"] for r in replies] == ["ack"] * BURST + ["error"] * 3
    assert {r["code"] for r in replies[BURST:]} == {"rate_limited"}
    # Another member's link has its own budget.
    bo: Client = await connect(group["links"]["members"][1]["url"])
    assert (await bo.cmd("hand.raise"))["type"] == "ack"


async def test_pings_are_limited_per_link_and_a_flood_is_closed(group, connect) -> None:
    link = group["links"]["members"][0]["url"]
    pages = [await connect(link) for _ in range(3)]
    for page in pages:
        for i in range(30):
            await page.send({"type": "ping", "t0": i})
    codes = [await page.closed() for page in pages]
    pongs = sum(len(answered(p, "pong")) for p in pages)
    assert pongs == BURST  # three sockets, one budget
    assert codes == [1008, 1008, 1008]  # each kept sending after 20 refusals in a row
    limited = answered(pages[0], "error", "rate_limited")
    assert limited and "wait a moment" in limited[0]["message"]
    # The facilitator is not affected.
    fac: Client = await connect(group["links"]["facilitator"])
    await fac.send({"type": "ping", "t0": 1})
    await fac.wait_for(lambda m: m["type"] == "pong")


async def test_malformed_frames_pay_from_the_same_budget(group, connect) -> None:
    page: Client = await connect(group["links"]["members"][0]["url"])
    for _ in range(BURST + 2):
        await page.send({"type": "dance"})
    await page.wait_for(lambda m: m.get("code") == "rate_limited")
    assert len(answered(page, "error", "invalid")) == BURST


async def test_a_link_opens_at_most_n_sockets_then_the_next_is_told_to_try_later(
    server, group, connect
) -> None:
    link = group["links"]["members"][0]["url"]
    pages = [await connect(link) for _ in range(3)]
    extra: Client = await connect(link, hello=False)
    await extra.send({"type": "hello", "token": link.split("#t=")[1]})
    err = await extra.wait_for(lambda m: m["type"] == "error")
    assert err["code"] == "rate_limited" and "already open in 3 windows" in err["message"]
    assert await extra.closed() == 1013  # try again later
    assert extra.state is None
    # Other links are not counted against it.
    await connect(group["links"]["members"][1]["url"])
    # Once one of the three closes, a new one gets in.
    app = app_of(server)
    await pages[0].close()
    await until(lambda: len(app[SOCKETS]) == 3)
    again: Client = await connect(link)
    assert again.welcome is not None and again.welcome["member"] == "m1"


async def test_before_hello_a_socket_has_a_budget_of_its_own(connect) -> None:
    page: Client = await connect(None, hello=False)
    for i in range(40):
        await page.ws.send(json.dumps({"type": "ping", "t0": i}))
    assert await page.closed() == 1008
    assert len(answered(page, "pong")) == BURST
