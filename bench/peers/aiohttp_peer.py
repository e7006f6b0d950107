"""Bare aiohttp broadcaster: the floor Holdspace's fan-out is measured against.

Same stack as Holdspace (aiohttp on plain asyncio, no compression, 20 s heartbeat) with none of
its logic: a hello joins a room, and every later text frame goes back out unchanged to the whole
room, the sender included. Whatever Holdspace costs above this is the price of its logic.

    python -m bench.peers.aiohttp_peer --port P
"""

from __future__ import annotations

import asyncio
import contextlib
import math

from aiohttp import WSCloseCode, WSMsgType, web

from bench.peers import HOST, cli, hello_room, until_stopped

WELCOME = b'{"type":"welcome"}'
# A room that cannot be written within this long drops the socket holding it up, so one reader
# that stopped reading cannot stall its room (and its sender's reads) for good.
SLOW = 5.0

Room = set[web.WebSocketResponse]
ROOMS = web.AppKey("rooms", dict[str, Room])
_closing: set[asyncio.Task[None]] = set()


async def broadcast(room: Room, frame: bytes) -> None:
    peers = tuple(room)
    i = 0
    while i < len(peers):
        try:
            # One timer per broadcast, not per socket: a send almost never has to wait.
            async with asyncio.timeout(SLOW):
                while i < len(peers):
                    await peers[i].send_frame(frame, WSMsgType.TEXT)
                    i += 1
        except TimeoutError:
            room.discard(peers[i])
            task = asyncio.create_task(_close(peers[i]))
            _closing.add(task)
            task.add_done_callback(_closing.discard)
            i += 1
        except ConnectionError:
            i += 1  # already closing: its own handler takes it out of the room


async def _close(ws: web.WebSocketResponse) -> None:
    # A reader that does not read will not answer the close handshake either.
    with contextlib.suppress(Exception):
        async with asyncio.timeout(2):
            await ws.close(code=WSCloseCode.TRY_AGAIN_LATER, drain=False)


async def healthz(_: web.Request) -> web.Response:
    return web.Response(text="ok")


async def websocket(request: web.Request) -> web.WebSocketResponse:
    ws = web.WebSocketResponse(heartbeat=20.0, compress=False, max_msg_size=16 * 1024 * 1024)
    await ws.prepare(request)
    rooms = request.app[ROOMS]
    key = ""
    room: Room | None = None
    try:
        async for msg in ws:
            if msg.type is not WSMsgType.TEXT:
                continue
            if room is not None:
                # Encoded once for the whole room; the bytes are the ones received.
                await broadcast(room, msg.data.encode())
            elif (joined := hello_room(msg.data)) is not None:
                key, room = joined, rooms.setdefault(joined, set())
                room.add(ws)
                await ws.send_frame(WELCOME, WSMsgType.TEXT)
    finally:
        if room is not None:
            room.discard(ws)
            if not room and rooms.get(key) is room:
                del rooms[key]
    return ws


async def serve(port: int) -> None:
    # The same socket settings as Holdspace (server/app.py), heartbeats not lined up on whole
    # seconds included, so the floor differs from it by logic alone.
    app = web.Application(handler_args={"timeout_ceil_threshold": math.inf})
    app[ROOMS] = {}
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/ws", websocket)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, HOST, port).start()
    await until_stopped(port)


if __name__ == "__main__":
    cli(__doc__.splitlines()[0], serve)
