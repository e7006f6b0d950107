"""A protocol client on the `websockets` library, independent of the server's own code."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

import aiohttp
import websockets
from websockets.asyncio.client import ClientConnection

TIMEOUT = 5.0


async def create_group(base_url: str, **spec: Any) -> dict[str, Any]:
    body = {"name": "Tuesday group", "members": ["Ann", "Bo"], **spec}
    async with aiohttp.ClientSession() as http, http.post(f"{base_url}/api/groups", json=body) as r:
        assert r.status == 201, await r.text()
        result: dict[str, Any] = await r.json()
        return result


def token_of(link: str) -> str:
    return link.split("#t=", 1)[1]


class Client:
    """One page's socket: keeps the latest state and collects every other message."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.welcome: dict[str, Any] | None = None
        self.state: dict[str, Any] | None = None
        self.messages: list[dict[str, Any]] = []
        self._changed = asyncio.Condition()
        self._reader = asyncio.get_running_loop().create_task(self._read())

    @classmethod
    async def open(cls, base_url: str, link: str | None, *, hello: bool = True, **kw: Any) -> Client:
        ws = await websockets.connect(base_url.replace("http", "ws", 1) + "/ws", compression=None, **kw)
        client = cls(ws)
        if hello and link is not None:
            await client.send({"type": "hello", "token": token_of(link)})
            await client.wait_for(lambda m: m["type"] == "state")
        return client

    async def _read(self) -> None:
        try:
            async for raw in self.ws:
                msg = json.loads(raw)
                async with self._changed:
                    if msg["type"] == "welcome":
                        self.welcome = msg
                    if msg["type"] == "state":
                        self.state = msg
                    self.messages.append(msg)
                    self._changed.notify_all()
        except websockets.ConnectionClosed:
            pass
        finally:
            async with self._changed:
                self._changed.notify_all()

    async def send(self, message: dict[str, Any]) -> None:
        await self.ws.send(json.dumps(message))

    async def wait_for(self, pred: Any, timeout: float = TIMEOUT) -> dict[str, Any]:
        """The first message (seen so far or arriving) for which `pred` holds."""
        async with asyncio.timeout(timeout), self._changed:
            seen = 0
            while True:
                for msg in self.messages[seen:]:
                    if pred(msg):
                        return msg
                seen = len(self.messages)
                if self._reader.done():
                    raise ConnectionError("socket closed while waiting")
                await self._changed.wait()

    async def cmd(
        self, name: str, args: dict[str, Any] | None = None, cmd_id: str | None = None
    ) -> dict[str, Any]:
        """Send a command; return its ack or error."""
        cmd_id = cmd_id or uuid.uuid4().hex
        start = len(self.messages)
        await self.send({"type": "cmd", "id": cmd_id, "name": name, "args": args or {}})
        async with asyncio.timeout(TIMEOUT), self._changed:
            while True:
                for msg in self.messages[start:]:
                    if msg.get("id") == cmd_id and msg["type"] in ("ack", "error"):
                        return msg
                if self._reader.done():
                    raise ConnectionError("socket closed while waiting")
                await self._changed.wait()

    async def state_at(self, version: int) -> dict[str, Any]:
        return await self.wait_for(lambda m: m["type"] == "state" and m["version"] >= version)

    @property
    def view(self) -> dict[str, Any]:
        assert self.state is not None
        view: dict[str, Any] = self.state["view"]
        return view

    async def closed(self, timeout: float = TIMEOUT) -> int | None:
        async with asyncio.timeout(timeout):
            await self._reader
        return self.ws.close_code

    async def close(self) -> None:
        await self.ws.close()
        self._reader.cancel()
