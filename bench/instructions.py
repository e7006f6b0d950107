"""CPU instructions per command, counted by valgrind (callgrind): a figure noise does not move.

    .venv/bin/python -m bench.instructions                 # Holdspace (embedded) and bare aiohttp
    .venv/bin/python -m bench.instructions --commands 300 --targets holdspace
    .venv/bin/python -m bench.instructions --targets redis   # the Redis store (REDIS_URL, default local)

Each target runs twice under `valgrind --tool=callgrind`, on the same fixed workload: G groups of
12 sockets (10 members, a facilitator, a display) connect, then N commands go one at a time,
each waiting until every socket of its group has a new frame; the second run sends no
commands at all. Instructions per command = (run with N - run with 0) / N, so starting the
interpreter, importing, creating groups and connecting sockets cancel out. The command mix is the
fan-out bench's (bench/load.py): hands raised and lowered, the floor given to the next, the segment
paused and resumed, a minute added or taken. The bare peer gets one frame per "command", padded
to the size of Holdspace's state frames, broadcast to its room.

Timing still differs between the two runs (valgrind is slow, so the N run lasts longer and its
idle timers fire more often); with the defaults that is well under 1 % of the difference.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import redis
import websockets

from bench.serve import BENCH_LIMITS, ROOT, answered, free_port

MEMBERS = 10
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
PAD = 2100  # ~ the mean size of a Holdspace state frame in a 12-socket group


def start(target: str, out: Path, data: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    if target == "holdspace":
        # The workload sends a facilitator's commands faster than a person would: lift the per-link
        # budget (and creation limits) so no command is refused.
        cmd = [sys.executable, "-m", "server", "--port", str(port), "--data-dir", str(data), *BENCH_LIMITS]
    elif target == "redis":
        # The server's instructions only (Redis is another process), each run on keys of its own.
        prefix = redis_prefix(data)
        cmd = [sys.executable, "-m", "server", "--port", str(port), "--redis-url", REDIS_URL]
        cmd += ["--redis-prefix", prefix, *BENCH_LIMITS]
    else:
        cmd = [sys.executable, "-m", f"bench.peers.{target}_peer", "--port", str(port)]
    grind = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", "--dump-instr=no", "-q"]
    proc = subprocess.Popen([*grind, *cmd], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    answered(proc, url, 300, f"{target} under valgrind")
    return proc, url


def redis_prefix(data: Path) -> str:
    return f"holdspace-grind-{os.getpid()}-{data.name}:"


def forget(data: Path) -> None:
    """Delete what a Redis run stored."""
    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=redis_prefix(data) + "*", count=1000))
    if keys:
        client.delete(*keys)
    client.close()


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGINT)
    proc.wait(600)


def total(path: Path) -> int:
    text = path.read_text(errors="replace")
    found = re.search(r"^(?:summary|totals):\s+(\d+)", text, re.M)
    if not found:
        raise ValueError(f"no totals in {path}")
    return int(found.group(1))


class Page:
    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.frames = 0
        self.last: dict[str, Any] = {}
        self.changed = asyncio.Event()
        self.reader = asyncio.get_running_loop().create_task(self._read())

    async def _read(self) -> None:
        async for raw in self.ws:
            msg = json.loads(raw)
            if msg.get("type") in ("state", "echo"):
                self.last = msg
                self.frames += 1
                self.changed.set()

    async def until(self, frames: int) -> None:
        while self.frames < frames:
            self.changed.clear()
            await asyncio.wait_for(self.changed.wait(), 120)


def create(url: str, body: bytes) -> dict[str, Any]:
    req = urllib.request.Request(url + "/api/groups", data=body, method="POST")
    with urllib.request.urlopen(req, timeout=60) as r:
        result: dict[str, Any] = json.loads(r.read())
        return result


async def group_tokens(url: str, name: str) -> list[str]:
    """A new group of MEMBERS members: the tokens of its links (facilitator, members, display)."""
    body = json.dumps({"name": name, "members": [f"M{i}" for i in range(MEMBERS)]}).encode()
    links = (await asyncio.to_thread(create, url, body))["links"]
    urls = [links["facilitator"], *(m["url"] for m in links["members"]), links["display"]]
    return [link.split("#t=", 1)[1] for link in urls]


async def hello(ws_url: str, token: str) -> Page:
    """A socket that said hello with `token` (its first state may not have come yet)."""
    ws = await websockets.connect(ws_url, compression=None, max_size=None)
    await ws.send(json.dumps({"type": "hello", "token": token}))
    return Page(ws)


async def holdspace_groups(url: str, groups: int) -> list[list[Page]]:
    rooms = []
    ws_url = url.replace("http", "ws", 1) + "/ws"
    for g in range(groups):
        pages = [await hello(ws_url, token) for token in await group_tokens(url, f"Bench {g}")]
        for page in pages:
            await page.until(1)
        rooms.append(pages)
    return rooms


async def peer_groups(url: str, groups: int) -> list[list[Page]]:
    rooms = []
    ws_url = url.replace("http", "ws", 1) + "/ws"
    for g in range(groups):
        pages = []
        for _ in range(MEMBERS + 2):
            ws = await websockets.connect(ws_url, compression=None, max_size=None)
            await ws.send(json.dumps({"type": "hello", "room": f"r{g}"}))
            pages.append(Page(ws))
        rooms.append(pages)
    await asyncio.sleep(1)  # the peer answers a hello with nothing to wait on
    return rooms


Check = Callable[[dict[str, Any]], bool]


class Commands:
    """The fan-out bench's mix, decided from what the facilitator's page shows (so every command
    changes something: the same N commands every run), each with the change every page must show
    before the next one goes (the server also sends frames of its own, e.g. attendance, so
    counting frames would not do)."""

    def __init__(self) -> None:
        self.n = 0

    def next(self, pages: list[Page]) -> tuple[Page, str, dict[str, Any], Check]:
        self.n += 1
        fac = pages[0]
        view = fac.last["view"]
        floor, session = view["floor"], view["session"]
        speaking = floor["turn"]["member"] if floor["turn"] else None
        idle = [
            f"m{i}" for i in range(1, MEMBERS + 1) if f"m{i}" not in floor["queue"] and f"m{i}" != speaking
        ]
        step = self.n % 10
        if step in (1, 4, 7) and idle:
            who = idle[self.n % len(idle)]
            return pages[int(who[1:])], "hand.raise", {}, lambda v: who in v["floor"]["queue"]
        if step in (2, 5) and floor["queue"]:
            nxt = floor["queue"][0]
            turn = floor["turn"]["id"] if floor["turn"] else None
            check: Check = lambda v: v["floor"]["turn"] is not None and v["floor"]["turn"]["member"] == nxt  # noqa: E731
            return fac, "floor.next", {"turn_id": turn}, check
        if step == 3 and floor["queue"]:
            who = floor["queue"][-1]
            return pages[int(who[1:])], "hand.lower", {}, lambda v: who not in v["floor"]["queue"]
        current = session["current"]
        if step in (6, 8):
            state = "paused" if session["state"] == "running" else "running"
            name = "segment.pause" if state == "paused" else "segment.resume"
            return fac, name, {"index": current}, lambda v: v["session"]["state"] == state
        delta = 60_000 if self.n % 20 < 10 else -60_000
        length = max(0, session["segments"][current]["duration_ms"] + delta)
        args = {"index": current, "delta_ms": delta}
        return (
            fac,
            "segment.adjust",
            args,
            lambda v: v["session"]["segments"][current]["duration_ms"] == length,
        )


async def start_session(pages: list[Page]) -> None:
    """Session 1 of a group, started by its facilitator (pages[0]), shown on every page."""
    start = {"type": "cmd", "id": "s", "name": "session.start", "args": {"number": 1}}
    await pages[0].ws.send(json.dumps(start))
    # The server records who is here itself (attendance): let that settle first.
    await shows(pages[0], lambda v: len(v["course"]["attendance"]["members"]) == MEMBERS)
    for page in pages:
        await shows(page, lambda v: v["session"] is not None)


async def shows(page: Page, check: Check) -> None:
    while not (page.last.get("view") and check(page.last["view"])):
        page.changed.clear()
        await asyncio.wait_for(page.changed.wait(), 120)


async def drive(target: str, url: str, groups: int, commands: int) -> int:
    ours = target in ("holdspace", "redis")
    rooms = await (holdspace_groups(url, groups) if ours else peer_groups(url, groups))
    if ours:
        for pages in rooms:
            await start_session(pages)
    mixes = [Commands() for _ in rooms]
    payload = json.dumps({"type": "echo", "pad": "x" * PAD})
    for n in range(commands):
        g = n % len(rooms)
        pages = rooms[g]
        if ours:
            sender, name, args, check = mixes[g].next(pages)
            await sender.ws.send(json.dumps({"type": "cmd", "id": f"c{n}", "name": name, "args": args}))
            for page in pages:
                await shows(page, check)
        else:
            seen = [p.frames for p in pages]
            await pages[0].ws.send(payload)
            for page, before in zip(pages[1:], seen[1:], strict=True):
                await page.until(before + 1)
    for pages in rooms:
        for page in pages:
            await page.ws.close()
    return commands


def measure(target: str, groups: int, commands: int) -> dict[str, Any]:
    counts = {}
    with tempfile.TemporaryDirectory(prefix="holdspace-grind-") as tmp:
        for n in (0, commands):
            out = Path(tmp) / f"{target}-{n}.out"
            proc, url = start(target, out, Path(tmp) / f"data-{n}")
            try:
                asyncio.run(drive(target, url, groups, n))
            finally:
                stop(proc)
                if target == "redis":
                    forget(Path(tmp) / f"data-{n}")
            counts[n] = total(out)
    per = (counts[commands] - counts[0]) / commands
    return {
        "target": target,
        "groups": groups,
        "commands": commands,
        "instructions": counts,
        "per_command": per,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--targets", default="holdspace,aiohttp")
    parser.add_argument("--groups", type=int, default=2)
    parser.add_argument("--commands", type=int, default=200)
    args = parser.parse_args()
    results = [measure(t, args.groups, args.commands) for t in args.targets.split(",")]
    for r in results:
        print(
            f"{r['target']:>10}: {r['per_command']:,.0f} instructions per command "
            f"({r['commands']} commands, {r['groups']} groups of {MEMBERS + 2} sockets)"
        )
    if len(results) == 2:
        print(f"ratio: {results[0]['per_command'] / results[1]['per_command']:.2f}")
    print(json.dumps(results))


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
