"""A closed socket's objects freed at once, by reference counting, not left for the collector.

Why: the service freezes what survives the collector's young passes (jobs/gcpolicy.py), so a
reference cycle among a socket's objects that dies when the socket closes waits for the full
pass, which thaws everything and stalls every screen for one to three seconds with 12,000
sockets open (bench/README.md). Two libraries leave such cycles behind each closed socket,
42 objects and 10 KB of resident memory per reconnect (bench.churn, bench/README.md, seventh round):
- aiohttp's request handler keeps the websocket's data callback, a method of the response,
  after the connection is lost; the response holds the request, which holds the handler;
- asyncio's selector transport keeps `_read_ready_cb`, a method of itself, once it is closed.
Both are dropped here once they can no longer be called. tests/ws/test_socket_memory.py fails if
a library upgrade brings a cycle back.
"""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web

# How often a closing transport is looked at until it has lost its connection, and for how long:
# aiohttp closes it right after the handler returns, so the first look nearly always finds it
# lost. One that lingers past the last look is left to the full pass.
LOOK_EVERY = 0.05
LOOKS = 200


def release(request: web.Request, transport: asyncio.Transport | None) -> None:
    """Break the cycles of `request`'s socket, whose handler is done with it. `transport` is the
    one it was upgraded on: by now `request.transport` is None if the connection was lost."""
    protocol: Any = request.protocol
    # Only the socket's reads ever call it, and the handler has read its last frame.
    protocol._data_received_cb = None
    if transport is not None and hasattr(transport, "_read_ready_cb"):
        asyncio.get_running_loop().call_soon(_unlink, transport, LOOKS)


def _unlink(transport: Any, looks: int) -> None:
    # `_sock` is dropped in the same step that removes the transport from the selector: from then
    # on nothing reads it, so its read callback can go.
    if getattr(transport, "_sock", None) is None:
        transport._read_ready_cb = None
    elif looks > 1:
        asyncio.get_running_loop().call_later(LOOK_EVERY, _unlink, transport, looks - 1)
