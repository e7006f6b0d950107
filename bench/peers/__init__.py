"""Bare websocket broadcasters: the floor Holdspace's fan-out is measured against (bench/run.py).

What every peer shares lives here: reading the hello, and starting and stopping a peer.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
from collections.abc import Callable, Coroutine
from typing import Any

from bench.serve import raise_nofile

HOST = "127.0.0.1"


def hello_room(text: str) -> str | None:
    """The room a `{"type":"hello","room":…}` frame names, or None for anything else."""
    try:
        message = json.loads(text)
    except ValueError:
        return None
    room = message.get("room") if isinstance(message, dict) and message.get("type") == "hello" else None
    return room if isinstance(room, str) else None


async def until_stopped(port: int) -> None:
    """Say the peer is ready, then exit at once on SIGTERM or SIGINT."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print(f"ready on {HOST}:{port}", flush=True)
    await stop.wait()
    # Nothing here is worth a graceful close, and closing 12,000 sockets (or cancelling their
    # handlers, which then wait out the close handshake) takes seconds: the kernel drops them.
    os._exit(0)


def cli(description: str, serve: Callable[[int], Coroutine[Any, Any, None]]) -> None:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    raise_nofile()
    asyncio.run(serve(args.port))
