"""A reader that falls behind is dropped instead of slowing everyone; it resyncs on reconnect."""

import socket

import pytest
import websockets

from server.appkeys import HUB, SOCKETS
from server.config import Settings
from server.ws.connection import Phase
from tests.conftest import app_of
from tests.support.client import Client, token_of
from tests.support.waiting import until


@pytest.fixture
def settings() -> Settings:
    # A facilitator allowed to send very fast, so a member's reader can fall behind.
    return Settings(data_dir=None, command_rate=10_000, command_burst=10_000)


async def test_a_reader_that_falls_behind_is_dropped_and_resyncs(server, group, connect, base_url) -> None:
    fac: Client = await connect(group["links"]["facilitator"])
    await fac.cmd("session.start", {"number": 1})
    for i in range(25):  # a long agenda makes every state frame a few KB
        await fac.cmd("agenda.add", {"title": f"Segment {i} " + "x" * 60, "minutes": 5})
    # A member page whose reader stalls: a tiny receive buffer, and it never reads.
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect((server.host, server.port))
    stalled = await websockets.connect(
        base_url.replace("http", "ws", 1) + "/ws", sock=sock, max_queue=1, compression=None
    )
    token = token_of(group["links"]["members"][0]["url"])
    await stalled.send(f'{{"type":"hello","token":"{token}"}}')
    ann: Client = await connect(group["links"]["members"][1]["url"])
    app = app_of(server)
    hub = app[HUB]
    gid = group["group_id"]
    before = len(app[SOCKETS])
    last = None
    # Kernel buffers absorb a few MB first; then the send queue fills and the socket is dropped.
    for i in range(3000):
        last = await fac.cmd("agenda.rename", {"segment_id": "s2", "title": f"Check-in {i}"})
        if not any(c.member == "m1" and c.phase is Phase.READY for c in hub.connections(gid)):
            break
    await until(lambda: len(app[SOCKETS]) == before - 1)
    # The healthy member saw the latest state; the stalled one reconnects and resyncs.
    assert last is not None
    latest = (await fac.state_at(last["version"]))["view"]["session"]
    await ann.wait_view(lambda v: v["session"] == latest)
    again: Client = await connect(group["links"]["members"][0]["url"])
    assert again.state is not None and again.view["session"] == latest
    assert again.state["version"] == 1  # a new socket counts its own frames
    stalled.transport.abort()
    await stalled.wait_closed()
