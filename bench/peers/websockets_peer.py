"""Bare `websockets` broadcaster: a floor Holdspace's fan-out is measured against.

The `websockets` library's own asyncio server (no compression, 20 s pings) with none of
Holdspace's logic: a hello joins a room, and every later text frame goes back out unchanged to the
whole room, the sender included, through the library's `broadcast`.

    python -m bench.peers.websockets_peer --port P
"""

from __future__ import annotations

from http import HTTPStatus

from websockets.asyncio.server import ServerConnection, broadcast, serve
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from bench.peers import HOST, cli, hello_room, until_stopped

WELCOME = '{"type":"welcome"}'

Room = set[ServerConnection]
rooms: dict[str, Room] = {}


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
    async with serve(
        handler,
        HOST,
        port,
        process_request=route,
        compression=None,
        ping_interval=20,
        max_size=16 * 1024 * 1024,
    ):
        await until_stopped(port)


if __name__ == "__main__":
    cli(__doc__.splitlines()[0], main_async)
