"""permessage-deflate stays off even when a client offers it (memory per socket; a leak channel)."""

import json

import websockets

from tests.support.client import token_of


async def test_deflate_offered_is_not_accepted(base_url, group) -> None:
    url = base_url.replace("http", "ws", 1) + "/ws"
    async with websockets.connect(url, compression="deflate") as ws:
        assert ws.request.headers.get("Sec-WebSocket-Extensions", "").startswith("permessage-deflate")
        assert ws.response.headers.get("Sec-WebSocket-Extensions") is None
        await ws.send(json.dumps({"type": "hello", "token": token_of(group["links"]["display"])}))
        assert "welcome" in await ws.recv()
