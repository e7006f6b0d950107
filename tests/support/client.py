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
    """One page's socket: keeps the latest state and collects every other message.

    A state frame carries no version: like a page, the client counts its socket's state
    frames and stores the count as the state's `version` (it means nothing on another socket:
    wait there for what the view shows, `wait_view`), and keeps a member's `me` from the last
    frame that had one. On the sender's own socket, every ack is checked to carry the count of
    state frames before it (the server sends the frame showing a command's effect before its
    ack). `raw` keeps every frame as it came.
    """

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.welcome: dict[str, Any] | None = None
        self.state: dict[str, Any] | None = None
        self.messages: list[dict[str, Any]] = []
        self.raw: list[str | bytes] = []
        self._frames = 0
        self._changed = asyncio.Condition()
        self._reader = asyncio.get_running_loop().create_task(self._read())

    @classmethod
    async def open(
        cls, base_url: str, link: str | None, *, hello: bool = True, lang: str | None = None, **kw: Any
    ) -> Client:
        """A socket on `link`, welcomed; `lang`: the language its hello says (a page's own)."""
        ws = await websockets.connect(base_url.replace("http", "ws", 1) + "/ws", compression=None, **kw)
        client = cls(ws)
        if hello and link is not None:
            said = {"lang": lang} if lang is not None else {}
            await client.send({"type": "hello", "token": token_of(link), **said})
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
                        assert "version" not in msg, f"a state frame carries no version: {raw!r}"
                        self._frames += 1
                        msg["version"] = self._frames
                        if "me" not in msg and self.state is not None and "me" in self.state:
                            msg["me"] = self.state["me"]
                        self.state = msg
                    self.raw.append(raw)
                    self.messages.append(msg)
                    self._changed.notify_all()
        except websockets.ConnectionClosed:
            pass
        finally:
            async with self._changed:
                self._changed.notify_all()

    async def send(self, message: dict[str, Any]) -> None:
        await self.ws.send(json.dumps(message))

    async def wait_for(self, pred: Any, timeout: float = TIMEOUT, start: int = 0) -> dict[str, Any]:
        """The first message (from the `start`-th on, seen so far or arriving) for which `pred` holds."""
        async with asyncio.timeout(timeout), self._changed:
            seen = start
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
                for i, msg in enumerate(self.messages[start:], start):
                    if msg.get("id") == cmd_id and msg["type"] in ("ack", "error"):
                        if msg["type"] == "ack":
                            self._check_ack(i)
                        return msg
                if self._reader.done():
                    raise ConnectionError("socket closed while waiting")
                await self._changed.wait()

    def _check_ack(self, index: int) -> None:
        ack = self.messages[index]
        before = sum(1 for m in self.messages[:index] if m["type"] == "state")
        assert before and before == ack["version"], (
            f"an ack's version must be the count of state frames before it: {ack}, {before} states"
        )

    async def state_at(self, version: int) -> dict[str, Any]:
        """The first state on THIS socket at `version` (a frame count of this socket) or later."""
        return await self.wait_for(lambda m: m["type"] == "state" and m["version"] >= version)

    async def wait_view(self, pred: Any, timeout: float = TIMEOUT, start: int = 0) -> dict[str, Any]:
        """The first state (from the `start`-th message on) whose view satisfies `pred`; a view
        that `pred` cannot even read (no session yet, ...) does not."""

        def matches(m: dict[str, Any]) -> bool:
            try:
                return m["type"] == "state" and bool(pred(m["view"]))
            except (KeyError, TypeError, IndexError):
                return False

        return await self.wait_for(matches, timeout, start)

    async def sync(self) -> None:
        """Return once every frame the server queued for this socket before now has arrived
        (a ping's pong is queued behind them): then "no frame came" means none was sent."""
        t0 = float(uuid.uuid4().int % 10**12)
        await self.send({"type": "ping", "t0": t0})
        await self.wait_for(lambda m: m["type"] == "pong" and m["t0"] == t0)

    def states(self) -> list[dict[str, Any]]:
        return [m for m in self.messages if m["type"] == "state"]

    def received(self) -> str:
        """Every frame received so far, as it came: for looking for what must never arrive."""
        return "\n".join(json.dumps(json.loads(r)) for r in self.raw)

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
