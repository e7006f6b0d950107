"""Helpers for feedback tests over real sockets and HTTP."""

from __future__ import annotations

import secrets
from typing import Any

import aiohttp

from tests.support.client import Client

EXCLUSION = {"questions": [{"library": "exclusion"}]}


async def take_ballot(client: Client, card_id: str = "c1", nonce: str | None = None) -> str:
    nonce = nonce or secrets.token_hex(16)
    reply = await client.cmd("feedback.ballot", {"card_id": card_id, "nonce": nonce})
    assert reply["type"] == "ack", reply
    msg = await client.wait_for(lambda m: m["type"] == "ballot" and m["ballot"].split(".")[2] == nonce)
    ballot: str = msg["ballot"]
    return ballot


async def open_card(fac: Client, args: dict[str, Any] = EXCLUSION) -> None:
    reply = await fac.cmd("feedback.open", args)
    assert reply["type"] == "ack", reply


def urls(course: dict[str, Any]) -> list[str]:
    return [m["url"] for m in course["links"]["members"]]


async def get_api(base_url: str, path: str, token: str | None, **kw: Any) -> tuple[int, str]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with aiohttp.ClientSession() as http, http.get(base_url + path, headers=headers, **kw) as r:
        return r.status, await r.text()
