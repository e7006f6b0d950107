"""Abuse, measured: what one client can make a server do, and what a group next door feels.

Usage: python -m bench.flood [--seconds 10] [--phases create,pings,commits,deep,latency]
                             [--server-arg=--some-flag ...]

Starts its own server (`python -m server`, embedded store in a temporary directory, 127.0.0.1
only) and, phase by phase, for a bounded time each:
  create   one client POSTs /api/groups from 8 connections at once: groups created (201),
           refused (429) -- without a key, then with a facilitator key (when the server has
           `holdspace key`);
  pings    4 sockets on one member link send pings as fast as the server answers (64 in
           flight each): pongs per second, and the server's CPU;
  commits  100 sockets on one member link each raise and lower a hand, one command in flight
           per socket: changes committed per second; sockets admitted and refused;
  deep     frames of JSON nested 1,200 deep (2.4 KB, before any hello): the answer, whether
           the socket stays open, frames handled per second, tracebacks in the server log;
  latency  another group's facilitator pauses and resumes its clock 4 times a second while
           the ping and commit floods run; the time from the command to the new state on that
           group's member page (p50, p90), against the same without a flood.
Flooders reconnect at once when the server closes them, as an attacker would. Everything the
server stored is removed at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
import websockets

from bench.serve import Server

KEY = re.compile(rb"\b(k[0-9a-f]{10}\.[A-Za-z0-9_-]{20,})")
PHASES = ("create", "pings", "commits", "deep", "latency")


def ws_url(base: str) -> str:
    return base.replace("http", "ws", 1) + "/ws"


def token(link: str) -> str:
    return link.split("#t=", 1)[1]


async def post_group(http: aiohttp.ClientSession, base: str, key: str | None) -> int:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    body = {"name": "Flood", "members": ["Ann", "Bo"]}
    async with http.post(f"{base}/api/groups", json=body, headers=headers) as r:
        await r.read()
        return r.status


async def create_phase(base: str, seconds: float, key: str | None) -> dict[str, Any]:
    statuses: Counter[int] = Counter()
    deadline = time.monotonic() + seconds

    async def loop(http: aiohttp.ClientSession) -> None:
        while time.monotonic() < deadline:
            statuses[await post_group(http, base, key)] += 1

    async with aiohttp.ClientSession() as http:
        await asyncio.gather(*(loop(http) for _ in range(8)))
    created = statuses[201]
    return {
        "seconds": seconds,
        "created": created,
        "created_per_minute": round(created * 60 / seconds),
        "statuses": dict(statuses),
    }


class Flooder:
    """Sockets on one link that keep sending; reconnect at once when closed."""

    def __init__(self, base: str, link_token: str, send: Callable[[Any, Counter[str]], Awaitable[None]]):
        self.base = base
        self.token = link_token
        self.send = send
        self.counts: Counter[str] = Counter()
        self.stop = False

    async def socket(self) -> None:
        while not self.stop:
            try:
                async with websockets.connect(ws_url(self.base), compression=None, max_queue=None) as ws:
                    await ws.send(json.dumps({"type": "hello", "token": self.token}))
                    first = json.loads(await ws.recv())
                    if first["type"] != "welcome":
                        self.counts[f"hello refused: {first.get('code')}"] += 1
                        await ws.wait_closed()
                        continue
                    self.counts["admitted"] += 1
                    await self.send(ws, self.counts)
            except (websockets.ConnectionClosed, OSError):
                self.counts["closed by server"] += 1
            if not self.stop:
                await asyncio.sleep(0.01)


async def ping_flood(ws: Any, counts: Counter[str]) -> None:
    window = asyncio.Semaphore(64)

    async def reader() -> None:
        async for raw in ws:
            kind = json.loads(raw)["type"]
            counts[kind] += 1
            if kind in ("pong", "error"):
                window.release()

    task = asyncio.get_running_loop().create_task(reader())
    try:
        while not task.done():
            await window.acquire()
            await ws.send('{"type":"ping","t0":1}')
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, websockets.ConnectionClosed):
            await task


async def hand_flood(ws: Any, counts: Counter[str]) -> None:
    n = 0
    while True:
        n += 1
        name = "hand.raise" if n % 2 else "hand.lower"
        cmd_id = secrets.token_hex(6)
        await ws.send(json.dumps({"type": "cmd", "id": cmd_id, "name": name, "args": {}}))
        while True:
            msg = json.loads(await ws.recv())
            if msg.get("id") == cmd_id:
                if msg["type"] == "ack":
                    counts["committed" if msg["changed"] else "unchanged"] += 1
                else:
                    counts[f"refused: {msg['code']}"] += 1
                break


async def run_flood(flooder: Flooder, sockets: int, seconds: float) -> dict[str, Any]:
    tasks = [asyncio.get_running_loop().create_task(flooder.socket()) for _ in range(sockets)]
    await asyncio.sleep(seconds)
    flooder.stop = True
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return dict(flooder.counts)


async def deep_phase(base: str, seconds: float) -> dict[str, Any]:
    frame = '{"type":"cmd","id":"x","name":"y","args":{"a":' + "[" * 1200 + "]" * 1200 + "}}"
    answers: Counter[str] = Counter()
    sockets = sent = 0
    start = time.monotonic()
    deadline = start + seconds
    while time.monotonic() < deadline:
        sockets += 1
        try:
            async with websockets.connect(ws_url(base), compression=None, close_timeout=0.1) as ws:
                while time.monotonic() < deadline:
                    await ws.send(frame)
                    sent += 1
                    msg = json.loads(await asyncio.wait_for(ws.recv(), 1))
                    answers[f"{msg['type']}: {msg.get('code')}"] += 1
        except websockets.ConnectionClosed:
            answers["socket closed, no answer"] += 1
        except TimeoutError:
            answers["no answer within 1 s"] += 1
    elapsed = time.monotonic() - start
    return {
        "frames": sent,
        "frame_bytes": len(frame),
        "answers": dict(answers),
        "sockets_used": sockets,
        "answered_per_second": round(sum(v for k, v in answers.items() if k.startswith("error")) / elapsed),
    }


class Probe:
    """Another group: its facilitator toggles the clock; its member page times each change."""

    def __init__(self, fac: Any, member: Any) -> None:
        self.fac, self.member = fac, member
        # When each of the member page's state frames arrived (one probe command is in flight,
        # and each changes what the member sees: the first frame after it is its own).
        self.arrivals: list[float] = []
        self.arrived = asyncio.Event()

    async def read_member(self) -> None:
        async for raw in self.member:
            msg = json.loads(raw)
            if msg["type"] == "state":
                self.arrivals.append(time.perf_counter())
                self.arrived.set()

    async def measure(self, seconds: float) -> dict[str, float]:
        samples: list[float] = []
        deadline = time.monotonic() + seconds
        n = 0
        while time.monotonic() < deadline:
            n += 1
            name = "segment.pause" if n % 2 else "segment.resume"
            cmd_id = secrets.token_hex(6)
            sent = time.perf_counter()
            await self.fac.send(json.dumps({"type": "cmd", "id": cmd_id, "name": name, "args": {"index": 0}}))
            while True:
                msg = json.loads(await self.fac.recv())
                if msg.get("id") == cmd_id:
                    break
            if msg["type"] != "ack":
                raise RuntimeError(f"probe command refused: {msg}")
            while not self.arrivals or self.arrivals[-1] <= sent:
                self.arrived.clear()
                await self.arrived.wait()
            samples.append((next(t for t in self.arrivals if t > sent) - sent) * 1000)
            await asyncio.sleep(max(0.0, 0.25 - (time.perf_counter() - sent)))
        q = statistics.quantiles(samples, n=10, method="inclusive")
        return {
            "n": len(samples),
            "p50_ms": round(q[4], 1),
            "p90_ms": round(q[8], 1),
            "max_ms": round(max(samples), 1),
        }


async def open_page(base: str, link: str) -> Any:
    ws = await websockets.connect(ws_url(base), compression=None, max_queue=None)
    await ws.send(json.dumps({"type": "hello", "token": token(link)}))
    while json.loads(await ws.recv())["type"] != "state":
        pass
    return ws


def add_key(data_dir: str) -> str | None:
    cmd = [sys.executable, "-m", "server", "key", "add", "Flood bench", "--data-dir", data_dir]
    out = subprocess.run(cmd, capture_output=True, timeout=60, check=False)
    found = KEY.search(out.stdout)
    return found.group(1).decode() if found else None


def cpu_share(server: Server, since: float, cpu_before: float) -> float:
    return round(100 * (server.usage().cpu_s - cpu_before) / (time.monotonic() - since))


async def measure(server: Server, args: argparse.Namespace) -> dict[str, Any]:
    base = server.url
    assert base.startswith("http://127.0.0.1:"), "loopback only"
    report: dict[str, Any] = {}
    phases = args.phases.split(",")
    async with aiohttp.ClientSession() as http:
        body = {"name": "Victim", "members": ["Ann", "Bo"]}
        async with http.post(f"{base}/api/groups", json=body, headers=_key_header(server)) as r:
            victim = await r.json()
        body = {"name": "Next door", "members": ["Cy", "Dee"]}
        async with http.post(f"{base}/api/groups", json=body, headers=_key_header(server)) as r:
            probe_group = await r.json()
    member = token(victim["links"]["members"][0]["url"])
    host = await open_page(base, victim["links"]["facilitator"])
    await host.send(json.dumps({"type": "cmd", "id": "s", "name": "session.start", "args": {"number": 1}}))
    await host.close()

    async def timed(name: str, run: Callable[[], Awaitable[dict[str, Any]]]) -> None:
        before, since = server.usage().cpu_s, time.monotonic()
        result = await run()
        result["server_cpu_percent"] = cpu_share(server, since, before)
        report[name] = result
        print(name, json.dumps(result), flush=True)

    if "pings" in phases:
        await timed(
            "pings, 4 sockets", lambda: _rated(Flooder(base, member, ping_flood), 4, args.seconds, "pong")
        )
    if "commits" in phases:
        await timed(
            "commits, 100 sockets",
            lambda: _rated(Flooder(base, member, hand_flood), 100, args.seconds, "committed"),
        )
    if "deep" in phases:
        await timed("deep JSON frames", lambda: deep_phase(base, args.seconds))
    if "latency" in phases:
        fac = await open_page(base, probe_group["links"]["facilitator"])
        mem = await open_page(base, probe_group["links"]["members"][0]["url"])
        await fac.send(json.dumps({"type": "cmd", "id": "s", "name": "session.start", "args": {"number": 1}}))
        probe = Probe(fac, mem)
        reader = asyncio.get_running_loop().create_task(probe.read_member())
        await asyncio.sleep(0.5)
        report["latency next door, quiet"] = await probe.measure(args.seconds)
        # The floods run in a process of their own: in this one, their work would delay the
        # probe's own reading and be mistaken for the server's delay.
        flooding = multiprocessing.get_context("spawn").Process(
            target=flood_process, args=(base, member, args.seconds + 1), daemon=True
        )
        flooding.start()
        await asyncio.sleep(1.0)
        before, since = server.usage().cpu_s, time.monotonic()
        during = await probe.measure(args.seconds - 1)
        during["server_cpu_percent"] = cpu_share(server, since, before)
        report["latency next door, during both floods"] = during
        await asyncio.to_thread(flooding.join, 30)
        reader.cancel()
        await fac.close()
        await mem.close()
        for name in ("latency next door, quiet", "latency next door, during both floods"):
            print(name, json.dumps(report[name]), flush=True)
    return report


def flood_process(base: str, member: str, seconds: float) -> None:
    """Both floods at once, on one member link: 4 sockets of pings, 100 of commands."""

    async def both() -> None:
        await asyncio.gather(
            run_flood(Flooder(base, member, ping_flood), 4, seconds),
            run_flood(Flooder(base, member, hand_flood), 100, seconds),
        )

    asyncio.run(both())


_KEYS: dict[str, str | None] = {}


def _key_header(server: Server) -> dict[str, str]:
    if server.tmp not in _KEYS:
        _KEYS[server.tmp] = add_key(server.tmp)
    key = _KEYS[server.tmp]
    return {"Authorization": f"Bearer {key}"} if key else {}


async def _rated(flooder: Flooder, sockets: int, seconds: float, what: str) -> dict[str, Any]:
    counts = await run_flood(flooder, sockets, seconds)
    return {"seconds": seconds, f"{what}_per_second": round(counts.get(what, 0) / seconds), "counts": counts}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each phase (at most 60)")
    parser.add_argument("--phases", default=",".join(PHASES))
    parser.add_argument("--server-arg", action="append", default=[], help="passed to the server")
    parser.add_argument("--json", type=Path, help="write the report here too")
    parser.add_argument("--log", type=Path, help="keep the server's log here")
    args = parser.parse_args()
    args.seconds = min(args.seconds, 60.0)
    report: dict[str, Any] = {}
    if "create" in args.phases.split(","):
        # Each on a server of its own: the per-address limit of one must not decide the other.
        for name, with_key in (("create without a key", False), ("create with a key", True)):
            server = Server("holdspace", args=args.server_arg, lift_limits=False).wait_ready()
            try:
                key = add_key(server.tmp) if with_key else None
                if not with_key or key:
                    report[name] = asyncio.run(create_phase(server.url, args.seconds, key))
                    print(name, json.dumps(report[name]), flush=True)
            finally:
                server.stop()
    with tempfile.TemporaryFile() as log:
        server = Server("holdspace", log=log, args=args.server_arg, lift_limits=False).wait_ready()
        try:
            report.update(asyncio.run(measure(server, args)))
        finally:
            server.stop()
        log.seek(0)
        text = log.read()
    if args.log:
        args.log.write_bytes(text)
    report["server log: tracebacks"] = text.count(b"Traceback")
    report["server log: bytes"] = len(text)
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
