"""Feedback across two app instances on one Redis: one ballot per member even when their two
windows reach different instances at the same moment, and a ballot issued on one instance
is spent on the other."""

from __future__ import annotations

import asyncio
import secrets

import pytest

from tests.redis.conftest import Instance
from tests.support.client import create_group
from tests.support.feedback_wire import EXCLUSION, open_card, take_ballot

pytestmark = pytest.mark.redis


async def test_two_windows_on_two_instances_get_one_ballot(two: tuple[Instance, Instance]) -> None:
    a, b = two
    group = await create_group(a.url, members=["Ann", "Bo", "Cy"])
    ann_url = group["links"]["members"][0]["url"]
    fac = await a.connect(group["links"]["facilitator"])
    await open_card(fac, EXCLUSION)
    here, there = await a.connect(ann_url), await b.connect(ann_url)
    nonces = [secrets.token_hex(16), secrets.token_hex(16)]
    replies = await asyncio.gather(
        *(
            w.cmd("feedback.ballot", {"card_id": "c1", "nonce": n})
            for w, n in zip((here, there), nonces, strict=True)
        )
    )
    assert sorted(r["type"] for r in replies) == ["ack", "error"]
    winner = (here, there)[[r["type"] for r in replies].index("ack")]
    loser = there if winner is here else here
    assert next(r for r in replies if r["type"] == "error")["code"] == "conflict"
    await winner.wait_for(lambda m: m["type"] == "ballot")
    assert all(m["type"] != "ballot" for m in loser.messages)


async def test_a_ballot_from_one_instance_is_spent_on_the_other(two: tuple[Instance, Instance]) -> None:
    a, b = two
    group = await create_group(a.url, members=["Ann", "Bo", "Cy"])
    fac = await b.connect(group["links"]["facilitator"])
    await open_card(fac, EXCLUSION)
    ann_a = await a.connect(group["links"]["members"][0]["url"])
    ballot = await take_ballot(ann_a)
    ann_b = await b.connect(group["links"]["members"][0]["url"])
    answer = {"card_id": "c1", "ballot": ballot, "answers": [{"question": "q1", "choice": 1}]}
    first = await ann_b.cmd("feedback.answer", answer)
    assert first["type"] == "ack" and first["changed"] is True
    again = await ann_a.cmd("feedback.answer", answer)
    assert again["code"] == "conflict"
    closed = await fac.cmd("feedback.close", {"card_id": "c1"})
    state = await fac.state_at(closed["version"])
    assert state["view"]["feedback"]["cards"][0]["answers"] == 1
