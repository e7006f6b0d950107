"""Frames sent per command: how many state frames each command puts on the wire, by role.

    python -m bench.frames                         # this checkout, embedded store
    python -m bench.frames --target redis          # this checkout, Redis
    python -m bench.frames --source /tmp/before    # another checkout (e.g. `git archive` of main)

G groups of M members + a facilitator + a display (default 4 x (10 + 2) = 48 sockets) run,
group after group, what a session does: the fan-out benchmark's command mix (bench/load.py:
hands raised and lowered, the floor handed on, the segment paused, resumed and adjusted), then
an anonymous feedback card (opened, a ballot per member, every member but one answers with a
comment, closed, revealed) and three signals (two anonymous, one named). After each command
every socket of the group sends a ping and waits for its pong, so every frame the command
caused has arrived before the next one is sent; frames are counted on arrival, per command
name and role. The output is a table of frames per command (all 12 sockets of a group) and
the JSON of the counts.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import secrets
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import aiohttp
import websockets
from websockets.asyncio.client import ClientConnection

from bench.load import SOCKET_GAP
from bench.run import create_groups
from bench.serve import ROOT, running

ROLES = ("facilitator", "member", "display")


class Page:
    def __init__(self, ws: ClientConnection, role: str) -> None:
        self.ws = ws
        self.role = role
        self.frames = 0
        self.state: dict[str, Any] | None = None
        self.replies: dict[str, dict[str, Any]] = {}
        self.arrived = asyncio.Event()
        self.next_send = 0.0
        self.reader = asyncio.get_running_loop().create_task(self._read())

    async def _read(self) -> None:
        async for raw in self.ws:
            msg = json.loads(raw)
            if msg["type"] == "state":
                self.frames += 1
                self.state = msg
            elif msg["type"] in ("ack", "error", "ballot", "pong"):
                key = msg.get("id") or msg.get("card") or str(msg.get("t0"))
                self.replies[f"{msg['type']}:{key}"] = msg
            self.arrived.set()

    async def reply(self, key: str) -> dict[str, Any]:
        await self.until(lambda: key in self.replies)
        return self.replies.pop(key)

    async def until(self, pred: Any) -> None:
        async with asyncio.timeout(10):
            while not pred():
                self.arrived.clear()
                await self.arrived.wait()

    async def cmd(self, name: str, args: dict[str, Any]) -> dict[str, Any]:
        # Under the server's per-socket command rate, so the limiter never decides what is counted.
        wait = self.next_send - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        self.next_send = time.monotonic() + SOCKET_GAP
        cmd_id = secrets.token_hex(6)
        await self.ws.send(json.dumps({"type": "cmd", "id": cmd_id, "name": name, "args": args}))
        await self.until(lambda: f"ack:{cmd_id}" in self.replies or f"error:{cmd_id}" in self.replies)
        return self.replies.pop(f"ack:{cmd_id}", None) or self.replies.pop(f"error:{cmd_id}")

    async def sync(self) -> None:
        t0 = float(random.randrange(10**12))
        await self.ws.send(json.dumps({"type": "ping", "t0": t0}))
        await self.reply(f"pong:{t0}")


class Group:
    def __init__(self, fac: Page, display: Page, members: list[Page], ids: list[str]) -> None:
        self.fac, self.display, self.members, self.ids = fac, display, members, ids

    @property
    def pages(self) -> list[Page]:
        return [self.fac, *self.members, self.display]

    def count(self) -> Counter[str]:
        out: Counter[str] = Counter()
        for page in self.pages:
            out[page.role] += page.frames
        return out


async def connect(url: str, token: str, role: str) -> Page:
    ws = await websockets.connect(url, compression=None, max_size=2**22)
    page = Page(ws, role)
    await ws.send(json.dumps({"type": "hello", "token": token}))
    await page.until(lambda: page.state is not None)
    return page


class Tally:
    def __init__(self) -> None:
        self.frames: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self.commands: Counter[str] = Counter()

    async def run(
        self, group: Group, page: Page, name: str, args: dict[str, Any], label: str = ""
    ) -> dict[str, Any]:
        before = group.count()
        reply = await page.cmd(name, args)
        if reply["type"] == "error" and reply["code"] not in ("conflict", "not_found"):
            raise RuntimeError(f"{name}: {reply}")
        for p in group.pages:
            await p.sync()
        if reply["type"] == "ack" and reply["changed"]:
            key = label or name
            self.commands[key] += 1
            self.frames[key] += group.count() - before
        return reply


def session_command(group: Group, rng: random.Random, seq: int) -> tuple[Page, str, dict[str, Any]]:
    """bench/load.py's mix, chosen from the facilitator's latest state."""
    assert group.fac.state is not None
    view = group.fac.state["view"]
    session, floor = view["session"], view["floor"]
    turn, queue = floor["turn"], floor["queue"]
    speaker = turn["member"] if turn else None
    idle = [p for p, m in zip(group.members, group.ids, strict=True) if m not in queue and m != speaker]
    waiting = [p for p, m in zip(group.members, group.ids, strict=True) if m in queue]
    roll = rng.random()
    if roll < 0.30 and idle:
        return rng.choice(idle), "hand.raise", {}
    if roll < 0.40 and waiting:
        return rng.choice(waiting), "hand.lower", {}
    if roll < 0.65 and (turn or queue):
        return group.fac, "floor.next", {"turn_id": turn["id"] if turn else None}
    if roll < 0.65 and idle:
        return rng.choice(idle), "hand.raise", {}
    if roll < 0.85:
        name = "segment.pause" if session["state"] == "running" else "segment.resume"
        return group.fac, name, {"index": session["current"]}
    # As in bench/load.py: never shortened below zero, which would change nothing anyone sees.
    index = session["current"]
    shorten = seq % 2 == 0 and session["segments"][index]["duration_ms"] >= 60_000
    return group.fac, "segment.adjust", {"index": index, "delta_ms": -60_000 if shorten else 60_000}


async def feedback_round(group: Group, tally: Tally) -> None:
    await tally.run(group, group.fac, "feedback.open", {"questions": [{"library": "exclusion"}]})
    card = group.fac.state["view"]["feedback"]["cards"][-1]["id"] if group.fac.state else "c1"
    ballots = []
    for page in group.members:
        nonce = secrets.token_hex(16)
        await tally.run(group, page, "feedback.ballot", {"card_id": card, "nonce": nonce})
        ballots.append((await page.reply(f"ballot:{card}"))["ballot"])
    for i, (page, ballot) in enumerate(zip(group.members[:-1], ballots, strict=False)):
        answer = [{"question": "q1", "choice": i % 2, "comment": f"comment {i}"}]
        await tally.run(
            group, page, "feedback.answer", {"card_id": card, "ballot": ballot, "answers": answer}
        )
        if i in (2, 5):
            await tally.run(group, page, "signal.send_anonymous", {"kind": "moment"})
    await tally.run(group, group.members[0], "signal.send", {"kind": "check_in"})
    await tally.run(group, group.fac, "feedback.close", {"card_id": card})
    await tally.run(group, group.fac, "feedback.reveal", {"card_id": card})


async def settled(group: Group) -> None:
    """The server records every open page as present: let that land before counting."""

    def recorded() -> bool:
        assert group.fac.state is not None
        return len(group.fac.state["view"]["course"]["attendance"]["members"]) == len(group.members)

    await group.fac.until(recorded)
    for page in group.pages:
        await page.sync()


async def measure(args: argparse.Namespace) -> dict[str, Any]:
    with running(args.target, source=args.source) as server:
        specs = await create_groups(server.url, args.groups, args.members)
        url = server.url.replace("http", "ws", 1) + "/ws"
        tally = Tally()
        rng = random.Random(args.seed)
        groups = []
        for spec in specs:
            fac = await connect(url, spec["facilitator"], "facilitator")
            members = [await connect(url, m["token"], "member") for m in spec["members"]]
            display = await connect(url, spec["display"], "display")
            group = Group(fac, display, members, [m["id"] for m in spec["members"]])
            await fac.cmd("session.start", {"number": 1})
            await settled(group)
            groups.append(group)
        before = await server_frames(server.url)
        for group in groups:
            for seq in range(args.commands):
                page, name, cmd_args = session_command(group, rng, seq)
                await tally.run(group, page, name, cmd_args)
            await feedback_round(group, tally)
        after = await server_frames(server.url)
        for group in groups:
            for page in group.pages:
                await page.ws.close()
        counted = sum(sum(by.values()) for by in tally.frames.values())
        return {
            # What the server says it sent meanwhile (/metrics; None for a build without the
            # counter), to hold against what the pages counted.
            "server_frames": None if after is None or before is None else after - before,
            "counted_frames": counted,
            "source": str(args.source),
            "target": args.target,
            "groups": args.groups,
            "sockets_per_group": args.members + 2,
            "commands": dict(tally.commands),
            "frames": {name: dict(by_role) for name, by_role in tally.frames.items()},
        }


async def server_frames(base: str) -> int | None:
    async with aiohttp.ClientSession() as http, http.get(f"{base}/metrics") as r:
        text = await r.text()
    counts = [
        int(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith("holdspace_frames_total")
    ]
    return sum(counts) if counts else None


def table(result: dict[str, Any]) -> str:
    lines = [
        "| command | applied | frames per command | facilitator | member | display |",
        "|---|---|---|---|---|---|",
    ]
    for name in sorted(result["commands"]):
        n = result["commands"][name]
        by = result["frames"].get(name, {})
        per = [by.get(role, 0) / n for role in ROLES]
        lines.append(f"| `{name}` | {n} | {sum(per):.2f} | " + " | ".join(f"{x:.2f}" for x in per) + " |")
    total = sum(result["commands"].values())
    frames = sum(sum(by.values()) for by in result["frames"].values())
    lines.append(f"| all | {total} | {frames / total:.2f} | | | |")
    lines.append(
        f"\nframes counted by the pages: {result['counted_frames']}; by the server: {result['server_frames']}"
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", choices=("holdspace", "redis"), default="holdspace")
    parser.add_argument("--source", type=Path, default=ROOT, help="the checkout whose server runs")
    parser.add_argument("--groups", type=int, default=4)
    parser.add_argument("--members", type=int, default=10)
    parser.add_argument("--commands", type=int, default=40, help="session commands per group")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the counts here")
    args = parser.parse_args()
    result = asyncio.run(measure(args))
    print(table(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
