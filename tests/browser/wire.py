"""A page's part played over a websocket of its own, for browser journeys that need a second
actor the test drives directly (a member sending a self-report, a second console picking)."""

from __future__ import annotations

import json
import uuid
from typing import Any

from websockets.sync.client import ClientConnection, connect

from tests.support.process import ServerProcess


class Wire:
    """One socket with a link's token: `cmd` sends a command and returns its ack (or error)."""

    def __init__(self, server: ServerProcess, link: str) -> None:
        # Entered by hand (the socket outlives this call); close() leaves it.
        self.ws: ClientConnection = connect(
            server.url.replace("http", "ws", 1) + "/ws", compression=None
        ).__enter__()
        self.ws.send(json.dumps({"type": "hello", "token": link.split("#t=", 1)[1]}))
        self.state: dict[str, Any] = {}
        while not self.state:
            self._read()

    def _read(self) -> dict[str, Any]:
        msg: dict[str, Any] = json.loads(self.ws.recv(timeout=10))
        if msg["type"] == "state":
            self.state = msg
        return msg

    def cmd(self, name: str, args: dict[str, Any] | None = None) -> dict[str, Any]:
        cid = uuid.uuid4().hex
        self.ws.send(json.dumps({"type": "cmd", "id": cid, "name": name, "args": args or {}}))
        while True:
            msg = self._read()
            if msg.get("id") == cid:
                return msg

    def ok(self, name: str, args: dict[str, Any] | None = None) -> dict[str, Any]:
        msg = self.cmd(name, args)
        assert msg["type"] == "ack", msg
        return msg

    def close(self) -> None:
        self.ws.close()
