"""Bare `websockets` broadcaster: a floor Holdspace's fan-out is measured against.

The `websockets` library's own asyncio server (no compression, 20 s pings) with none of
Holdspace's logic: a hello joins a room, and every later text frame goes back out unchanged to the
whole room, the sender included, through the library's `broadcast`.

    python -m bench.peers.websockets_peer --port P
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import signal
from http import HTTPStatus

from websockets.asyncio.server import ServerConnection, broadcast, serve
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

HOST = "127.0.0.1"
WELCOME = '{"type":"welcome"}'

Room = set[ServerConnection]
rooms: dict[str, Room] = {}


def hello_room(text: str) -> str | None:
    try:
        message = json.loads(text)
    except ValueError:
        return None
    room = message.get("room") if isinstance(message, dict) and message.get("type") == "hello" else None
    return room if isinstance(room, str) else None


def route(connection: ServerConnection, request: Request) -> Response | None:
    if request.path == "/healthz":
        return connection.respond(HTTPStatus.OK, "ok")
    if request.path != "/ws":
        return connection.respond(HTTPStatus.NOT_FOUND, "not found")
    return None


async def handler(ws: ServerConnection) -> None:
    key = ""
    room: Room | None = None
    try:
        async for message in ws:
            if not isinstance(message, str):
                continue
            if room is not None:
                # No backpressure, by design of broadcast(): the 20 s ping closes a reader that
                # stopped reading.
                broadcast(room, message)
            elif (joined := hello_room(message)) is not None:
                key, room = joined, rooms.setdefault(joined, set())
                room.add(ws)
                await ws.send(WELCOME)
    except ConnectionClosed:
        pass
    finally:
        if room is not None:
            room.discard(ws)
            if not room and rooms.get(key) is room:
                del rooms[key]


async def main_async(port: int) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with serve(
        handler,
        HOST,
        port,
        process_request=route,
        compression=None,
        ping_interval=20,
        max_size=16 * 1024 * 1024,
    ):
        print(f"ready on {HOST}:{port}", flush=True)
        await stop.wait()
        # Nothing here is worth a graceful close, and closing 12,000 sockets (or cancelling their
        # handlers, which then wait out the close handshake) takes seconds: the kernel drops them.
        os._exit(0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    # 12,000 sockets need more descriptors than the usual soft limit.
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    asyncio.run(main_async(args.port))


if __name__ == "__main__":
    main()
