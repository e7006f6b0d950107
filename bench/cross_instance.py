"""Cross-instance delivery latency: a command sent to instance A -> its state on a page on B.

Usage: python -m bench.cross_instance [--commands 300] [--redis-url redis://127.0.0.1:6379/0]

Starts two real server processes (`python -m server --redis-url ...`) on one Redis under a
random key prefix, opens a facilitator on A and a member page on each of A and B, then sends
`segment.pause` / `segment.resume` alternately, one at a time. For each command it times, from
the moment the frame is sent: the ack on A, the new state on A's member page (same instance),
and the new state on B's member page (the cross-instance path: Lua commit, PUBLISH, B's
pub/sub link, B's hub encoding, B's socket). Prints percentiles; deletes its keys at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
import websockets

from bench.serve import Server

ROOT = Path(__file__).resolve().parent.parent
# Facilitator sockets the commands rotate over. The bench servers lift the per-link command
# budget (bench/serve.py: BENCH_LIMITS), so the limiter is not what is measured; a link may
# hold at most 4 sockets (docs/protocol.md).
SOCKETS = 2
PACE = 0.02  # seconds between commands: 50/s overall, ~4/s per socket


class Page:
    def __init__(self, ws: websockets.ClientConnection) -> None:
        self.ws = ws
        # When each state frame arrived (a frame carries no version; one command is in flight
        # and each changes what every page shows, so the first frame after it is its own).
        self.arrivals: list[float] = []
        self.acks: dict[str, float] = {}  # command id -> when its ack arrived
        self._arrived = asyncio.Event()
        self._task = asyncio.get_running_loop().create_task(self._read())

    @classmethod
    async def open(cls, base: str, link: str) -> Page:
        ws = await websockets.connect(base.replace("http", "ws", 1) + "/ws", compression=None)
        page = cls(ws)
        await ws.send(json.dumps({"type": "hello", "token": link.split("#t=", 1)[1]}))
        await page.until(lambda: bool(page.arrivals))
        return page

    async def until(self, pred: Callable[[], bool]) -> None:
        while not pred():
            self._arrived.clear()
            await self._arrived.wait()

    async def _read(self) -> None:
        async for raw in self.ws:
            now = time.perf_counter()
            msg = json.loads(raw)
            if msg["type"] == "state":
                self.arrivals.append(now)
            elif msg["type"] == "ack":
                self.acks[msg["id"]] = now
            elif msg["type"] == "error":
                raise RuntimeError(f"command refused: {msg}")
            self._arrived.set()

    async def close(self) -> None:
        await self.ws.close()
        self._task.cancel()


async def first_after(page: Page, sent: float) -> float:
    """When the page's first state frame after `sent` arrived."""
    await page.until(lambda: bool(page.arrivals) and page.arrivals[-1] > sent)
    return next(t for t in page.arrivals if t > sent)


def summary(name: str, samples: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in samples)
    q = statistics.quantiles(ms, n=100, method="inclusive")
    out = {"n": len(ms), "p50": q[49], "p90": q[89], "p99": q[98], "max": ms[-1]}
    print(f"{name:<44} n={out['n']:<4} p50={out['p50']:.2f} ms  p90={out['p90']:.2f} ms  "
          f"p99={out['p99']:.2f} ms  max={out['max']:.2f} ms")  # fmt: skip
    return out


async def run(redis_url: str, commands: int) -> dict[str, Any]:
    prefix = f"hs-bench-{secrets.token_hex(4)}:"
    servers: list[Server] = []
    pages: list[Page] = []
    try:
        for _ in range(2):
            servers.append(Server("redis", redis_url=redis_url, prefix=prefix))
        a, b = (server.wait_ready().url for server in servers)
        async with aiohttp.ClientSession() as http:
            body = {"name": "Bench group", "members": ["Ann", "Bo"]}
            async with http.post(f"{a}/api/groups", json=body) as r:
                group = await r.json()
        links = group["links"]
        facs = [await Page.open(a, links["facilitator"]) for _ in range(SOCKETS)]
        near = await Page.open(a, links["members"][0]["url"])
        far = await Page.open(b, links["members"][1]["url"])
        pages += [*facs, near, far]
        await facs[0].ws.send(
            json.dumps({"type": "cmd", "id": "start", "name": "session.start", "args": {"number": 1}})
        )
        await facs[0].until(lambda: "start" in facs[0].acks)
        # The server records the open member pages as present (attendance.mark): let those
        # versions land first, so the timed commands race nothing.
        await asyncio.sleep(0.5)
        ack_t, near_t, far_t = [], [], []
        for i in range(commands):
            name = "segment.pause" if i % 2 == 0 else "segment.resume"
            cmd_id = secrets.token_hex(6)
            frame = json.dumps({"type": "cmd", "id": cmd_id, "name": name, "args": {"index": 0}})
            fac = facs[i % SOCKETS]
            sent = time.perf_counter()
            await fac.ws.send(frame)
            await fac.until(lambda: cmd_id in fac.acks)  # noqa: B023 - awaited right here
            # Arrival times are taken by each page's reader as frames come in, so the order in
            # which we look them up here does not matter.
            far_t.append(await first_after(far, sent) - sent)
            near_t.append(await first_after(near, sent) - sent)
            ack_t.append(fac.acks[cmd_id] - sent)
            await asyncio.sleep(PACE)
        print(f"{commands} commands, one at a time, two server processes on {redis_url.split('@')[-1]}")
        return {
            "ack on A": summary("ack on A", ack_t),
            "state on A's member page (same instance)": summary("state on A's page (same instance)", near_t),
            "state on B's member page (cross-instance)": summary("state on B's page (cross-instance)", far_t),
        }
    finally:
        for page in pages:
            await page.close()
        for server in servers:
            server.stop()  # and delete the prefix's keys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commands", type=int, default=300)
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()
    result = asyncio.run(run(args.redis_url, args.commands))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
