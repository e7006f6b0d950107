"""An open socket holds only its own handler's frames: no middleware awaits it for hours.

Each frame a middleware keeps alive for the life of a socket costs ~0.3-0.5 KB per socket
(bench/README.md), so the socket route is served without them (web/edge.py); its refusals
still get the one error body (tests/web/test_errors.py)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import server
from tests.support.client import Client

SERVER = str(Path(server.__file__).parent)


def _awaiting(task: asyncio.Task[Any]) -> list[str]:
    """The functions a task is suspended in, outermost first, with the file they are from."""
    chain: list[str] = []
    coro: Any = task.get_coro()
    while coro is not None and hasattr(coro, "cr_code"):
        chain.append(f"{coro.cr_code.co_filename}:{coro.cr_code.co_name}")
        coro = coro.cr_await
    return chain


async def test_an_open_socket_is_awaited_by_no_middleware(group: dict[str, Any], connect: Any) -> None:
    page: Client = await connect(group["links"]["members"][0]["url"])
    await page.sync()
    chains = [_awaiting(task) for task in asyncio.all_tasks()]
    held = [chain for chain in chains if any(f.startswith(SERVER) and f.endswith(":handler") for f in chain)]
    assert len(held) == 1, held
    ours = [frame for frame in held[0] if frame.startswith(SERVER)]
    # The endpoint's own handler and the command loop it awaits; nothing of server/web/.
    assert ours[0].endswith("ws/endpoint.py:handler"), ours
    assert not [frame for frame in ours if "/web/" in frame], ours
