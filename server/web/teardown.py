"""A closed connection's objects freed at once, by reference counting, not left for the collector.

Why: the service freezes what survives the collector's young passes (jobs/gcpolicy.py), so a
reference cycle that dies when a connection closes waits for a full pass, which thaws everything
and stalls every screen for one to three seconds with 12,000 sockets open (bench/README.md).
Libraries leave such cycles behind closed connections (42 objects and 10 KB of resident memory
per reconnecting socket; bench.churn, bench/README.md, seventh round):
- aiohttp's request handler keeps a websocket's data callback, a method of the response, after
  the connection is lost; the response holds the request, which holds the handler;
- asyncio's selector transport keeps `_read_ready_cb`, a method of itself, once it is closed:
  every connection, page loads and API calls too;
- a refused request's exception holds the frames that raised it, which often hold it back, and
  the route aiohttp makes for a path it has no route for (404, 405) holds its own handler.
Each is dropped here once it can no longer be called or read. tests/ws/test_socket_memory.py
fails if a library upgrade brings any of them back.
"""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web
from aiohttp.web_urldispatcher import SystemRoute

# How often the watched transports are looked at. A closed one waits at most this long.
SWEEP_EVERY = 0.5


class Transports:
    """Transports of connections that served a request or a socket, until they are closed:
    keep-alive connections and sockets whose handler ended. Open ones are alive anyway; a
    closed one is unlinked and forgotten at the next sweep."""

    def __init__(self) -> None:
        self._watched: set[Any] = set()
        self._sweep_at: asyncio.TimerHandle | None = None

    def __len__(self) -> int:
        return len(self._watched)

    def watch(self, transport: asyncio.BaseTransport | None) -> None:
        if transport is None or not hasattr(transport, "_read_ready_cb"):
            return  # a kind of transport without that cycle (TLS in process, say)
        self._watched.add(transport)
        if self._sweep_at is None:
            self._sweep_at = asyncio.get_running_loop().call_later(SWEEP_EVERY, self._sweep)

    def _sweep(self) -> None:
        self._sweep_at = None
        # `_sock` is dropped in the same step that removes the transport from the selector: from
        # then on nothing reads it, so its read callback can go.
        lost = [t for t in self._watched if getattr(t, "_sock", None) is None]
        for transport in lost:
            transport._read_ready_cb = None
            self._watched.discard(transport)
        if self._watched:
            self._sweep_at = asyncio.get_running_loop().call_later(SWEEP_EVERY, self._sweep)


def release_socket(request: web.Request) -> None:
    """Drop aiohttp's data callback of `request`'s websocket, whose handler has read its last
    frame (only the socket's reads ever call it)."""
    protocol: Any = request.protocol
    protocol._data_received_cb = None


def release_refusal(request: web.Request, exc: BaseException) -> None:
    """Drop the cycles of a request that was answered with an error: its exception's traceback,
    and the 404 or 405 route made for it alone (on the internet, scanners make many)."""
    exc.__traceback__ = None
    route = request.match_info.route
    if isinstance(route, SystemRoute):
        route._handler = None  # type: ignore[assignment]
