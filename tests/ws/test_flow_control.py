"""Rate limits, slow readers and dead sockets: one bad client never holds up the rest."""

import asyncio
import dataclasses

import pytest

from server.appkeys import SOCKETS
from server.config import Settings
from tests.conftest import app_of
from tests.support.client import Client


@pytest.fixture
def settings(tmp_path) -> Settings:
    return dataclasses.replace(Settings(data_dir=tmp_path / "data"), heartbeat=0.4)


async def test_a_burst_passes_a_flood_is_refused_then_closed(group, connect) -> None:
    fac: Client = await connect(group["links"]["facilitator"])
    await fac.cmd("session.start", {"number": 1})
    for i in range(200):
        await fac.send({"type": "cmd", "id": f"f{i}", "name": "segment.pause", "args": {"index": 0}})
    code = await fac.closed()
    assert code == 1008
    answers = [m for m in fac.messages if m["type"] in ("ack", "error") and m["id"]]
    acked = [m for m in answers if m["type"] == "ack"]
    limited = [m for m in answers if m["type"] == "error" and m["code"] == "rate_limited"]
    assert len(acked) >= 15  # the burst allowance
    assert len(limited) >= 1 and "wait a moment" in limited[0]["message"]
    # Everyone else is still served.
    co: Client = await connect(group["links"]["cofacilitator"])
    assert (await co.cmd("segment.resume", {"index": 0}))["type"] == "ack"


@pytest.mark.usefixtures("group")
async def test_dead_sockets_are_closed_by_the_heartbeat(server) -> None:
    """A peer that went away without closing (no pong) is closed by the server's heartbeat."""
    app = app_of(server)
    reader, writer = await asyncio.open_connection(server.host, server.port)
    writer.write(
        b"GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    )
    assert (await reader.readuntil(b"\r\n\r\n")).startswith(b"HTTP/1.1 101")
    assert len(app[SOCKETS]) == 1
    # Never answer pings: the server must give up on its own (heartbeat 0.4 s here, 20 s live).
    async with asyncio.timeout(5):
        while await reader.read(1024):
            pass
    assert len(app[SOCKETS]) == 0
    writer.close()


async def test_heartbeats_keep_each_sockets_own_rhythm(tmp_path) -> None:
    """Heartbeats are not lined up on whole seconds (aiohttp's default for long timers): with
    thousands of sockets that fires hundreds of pings in one tick and stalls every update."""
    import aiohttp
    from aiohttp import WSMsgType
    from aiohttp.test_utils import TestServer

    from server.app import create_app

    # Over aiohttp's default 5 s threshold for rounding timers up to a whole second.
    heartbeat = 5.5
    srv = TestServer(create_app(dataclasses.replace(Settings(data_dir=tmp_path), heartbeat=heartbeat)))
    await srv.start_server()
    loop = asyncio.get_running_loop()
    try:
        async with aiohttp.ClientSession() as http:
            opened: list[float] = []
            pinged: list[float] = []
            sockets = []
            for gap in (0.0, 0.45):
                await asyncio.sleep(gap)
                ws = await http.ws_connect(srv.make_url("/ws"), autoping=False)
                opened.append(loop.time())
                sockets.append(ws)
            for ws in sockets:
                async with asyncio.timeout(heartbeat + 3):
                    msg = await ws.receive()
                assert msg.type == WSMsgType.PING
                pinged.append(loop.time())
                await ws.close()
        # Each socket is pinged one heartbeat after it opened: the pings are as far apart as
        # the connects were (aligned to whole seconds they would be 0 or 1 s apart).
        assert abs((pinged[1] - pinged[0]) - (opened[1] - opened[0])) < 0.15
    finally:
        await srv.close()


@pytest.mark.parametrize("size", [0, 1, 125, 126, 2100, 65535, 65536, 200_000])
def test_a_prepared_frame_is_what_aiohttps_own_writer_writes(size: int) -> None:
    """server/ws/connection.py makes a role's state frame once and writes it to each socket's
    transport itself (no task, no await per frame): those bytes must be the frame aiohttp's own
    server writer would send, at every length encoding; and the transport must still be where
    we take it from, or a new aiohttp fails here, not in production."""
    import inspect

    from aiohttp import WSMsgType
    from aiohttp._websocket.writer import WebSocketWriter

    from server.ws.connection import prepare

    class Capture(asyncio.Transport):
        def __init__(self) -> None:
            super().__init__()
            self.out = bytearray()

        def write(self, data: bytes | bytearray | memoryview) -> None:
            self.out += data

        def is_closing(self) -> bool:
            return False

    message = bytes(range(256)) * (size // 256) + bytes(size % 256)
    transport = Capture()
    writer = WebSocketWriter(None, transport)  # type: ignore[arg-type]  # a server's: no mask
    writer._write_websocket_frame(message, WSMsgType.TEXT, 0)
    assert prepare(message) == bytes(transport.out)
    assert "transport" in inspect.signature(WebSocketWriter.__init__).parameters
    assert writer.transport is transport
