"""One load-generator process: holds a slice of the rooms' sockets and drives commands.

Driven by bench/run.py over stdin/stdout, one JSON object per line:
  runner → {"phase": "rate", "rate": 100, "seconds": 30}   open loop at a fixed rate
  runner → {"phase": "saturate", "seconds": 20}            one command in flight per room
  runner → {"phase": "quit"}
  worker → {"connected": N, ...} once, then one result object per phase.

Every frame a socket receives is timestamped on arrival; a command's latency at a receiver is
the time from writing the command to the first state frame at that receiver after it was sent.
A state frame carries no version: like a page, each socket counts its own state frames, and a
room has one command in flight, every one of which changes what every receiver sees, so
that frame is the command's. Sender and receivers are in this process, so one monotonic clock
times both ends.

Two targets speak different protocols to the same scheduler:
  holdspace: hello with a link token; facilitators and members send real commands, chosen
    from the room's latest facilitator state (grant the floor, raise/lower hands,
    pause/resume, extend/shorten);
  peer: a bare broadcaster (bench/peers): the room's first socket sends a frame padded to the
    size of a Holdspace state, which comes back to every socket of the room.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import gc
import json
import random
import resource
import sys
import time
from collections import Counter
from typing import Any

import websockets
from websockets.asyncio.client import ClientConnection

CONNECT_CONCURRENCY = 200
COMMAND_TIMEOUT = 10.0
# The server allows 5 commands/s per socket (burst 20); stay under it so the limiter never
# decides what is measured.
SOCKET_GAP = 0.22
STATE_PREFIX = b'{"type":"state"'


class Sock:
    __slots__ = ("arrivals", "latest", "member", "next_send", "role", "room", "token", "versions", "ws")

    def __init__(self, room: Room, role: str, member: str | None, token: str = "") -> None:
        self.room = room
        self.token = token  # the link's token (Holdspace); peers join by room id
        self.role = role
        self.member = member
        self.ws: ClientConnection | None = None
        self.latest = 0
        self.next_send = 0.0
        # Parallel lists, in arrival order (versions only grow on one socket).
        self.versions: list[int] = []
        self.arrivals: list[float] = []


class Room:
    __slots__ = (
        "awaiting",
        "base",
        "cmd_id",
        "facilitator",
        "id",
        "receivers",
        "sent_at",
        "seq",
        "sockets",
        "view",
        "waiter",
    )

    def __init__(self, room_id: str) -> None:
        self.id = room_id
        self.sockets: list[Sock] = []
        self.receivers: list[Sock] = []
        self.facilitator: Sock | None = None
        self.view: dict[str, Any] | None = None
        self.seq = 0
        self.cmd_id: str | None = None  # the command in flight
        self.sent_at = 0.0
        self.awaiting = False  # acked as changed: waiting for every receiver's frame
        self.base: list[int] = []  # each receiver's latest frame when the command was sent
        self.waiter: asyncio.Future[None] | None = None


class Worker:
    def __init__(self, target: str, url: str, rooms: list[dict[str, Any]], pad: int, seed: int) -> None:
        self.target = target
        self.url = url
        self.pad = pad
        self.random = random.Random(seed)
        self.rooms: list[Room] = []
        self.by_cmd: dict[str, Room] = {}
        self.errors: Counter[str] = Counter()
        self.closed: Counter[str] = Counter()
        self.record = False
        self.commands: list[tuple[Room, list[int], float]] = []  # (room, base, sent_at)
        self.unchanged = 0
        self.timeouts = 0
        self.sent = 0
        self.frame_bytes = 0
        self.frames = 0
        self.quitting = False
        for spec in rooms:
            room = Room(spec["id"])
            if target == "holdspace":
                room.facilitator = Sock(room, "facilitator", None, spec["facilitator"])
                room.sockets.append(room.facilitator)
                for member in spec["members"]:
                    room.sockets.append(Sock(room, "member", member["id"], member["token"]))
                room.sockets.append(Sock(room, "display", None, spec["display"]))
            else:
                room.sockets = [
                    Sock(room, "publisher" if i == 0 else "peer", None) for i in range(spec["size"])
                ]
            room.receivers = room.sockets[1:]
            self.rooms.append(room)

    # ---- connecting ----------------------------------------------------------------------

    async def connect_all(self) -> None:
        gate = asyncio.Semaphore(CONNECT_CONCURRENCY)
        ready: list[asyncio.Future[None]] = []

        async def one(sock: Sock) -> None:
            async with gate:
                for attempt in range(5):
                    try:
                        sock.ws = await websockets.connect(
                            self.url,
                            compression=None,
                            ping_interval=None,
                            open_timeout=60,
                            close_timeout=2,
                            max_size=2**22,
                        )
                        break
                    except (OSError, TimeoutError, websockets.InvalidHandshake):
                        if attempt == 4:
                            raise
                        await asyncio.sleep(0.2 * 2**attempt)
                assert sock.ws is not None
                first = asyncio.get_running_loop().create_future()
                asyncio.get_running_loop().create_task(self._read(sock, first))
                if self.target == "holdspace":
                    await sock.ws.send(json.dumps({"type": "hello", "token": sock.token}))
                else:
                    await sock.ws.send(json.dumps({"type": "hello", "room": sock.room.id}))
                await first

        for room in self.rooms:
            for sock in room.sockets:
                ready.append(asyncio.ensure_future(one(sock)))
        await asyncio.gather(*ready)
        if self.target == "holdspace":
            await asyncio.gather(*(self._start_session(room) for room in self.rooms))

    async def _start_session(self, room: Room) -> None:
        """Session 1 running, so the clock commands have a segment to act on."""
        view = room.view or {}
        if view.get("session") is None:
            assert room.facilitator is not None
            await self._send(room, room.facilitator, "session.start", {"number": 1})
            assert room.waiter is not None
            await room.waiter

    # ---- receiving -----------------------------------------------------------------------

    async def _read(self, sock: Sock, first: asyncio.Future[None]) -> None:
        assert sock.ws is not None
        try:
            while True:
                frame = await sock.ws.recv(decode=False)
                now = time.perf_counter()
                if isinstance(frame, str):
                    frame = frame.encode()
                self._arrived(sock, frame, now, first)
        except websockets.ConnectionClosed as closed:
            if not first.done():
                first.set_exception(RuntimeError(f"closed before ready: {closed}"))
            elif not self.quitting:
                self.closed[str(closed.rcvd.code if closed.rcvd else "no close frame")] += 1

    def _arrived(self, sock: Sock, frame: bytes, now: float, first: asyncio.Future[None]) -> None:
        room = sock.room
        if self.target == "peer":
            if frame.startswith(b'{"type":"welcome"'):
                first.set_result(None)
                return
            if not frame.startswith(STATE_PREFIX):
                return
            if sock is room.sockets[0]:
                self._acked(room, True)
        else:
            if not frame.startswith(STATE_PREFIX):
                self._message(sock, json.loads(frame))
                return
            if sock.role == "facilitator":
                room.view = json.loads(frame)["view"]
            if not first.done():
                first.set_result(None)
        # A socket's state frames count 1, 2, 3, ... (frames on one socket arrive in order).
        version = sock.latest = sock.latest + 1
        if self.record:
            self.frame_bytes += len(frame)
            self.frames += 1
            sock.versions.append(version)
            sock.arrivals.append(now)
        self._check(room)

    def _message(self, _sock: Sock, msg: dict[str, Any]) -> None:
        kind = msg.get("type")
        if kind == "ack":
            room = self.by_cmd.get(msg["id"])
            if room is not None:
                self._acked(room, msg["changed"])
        elif kind == "error":
            self.errors[msg.get("code", "?")] += 1
            room = self.by_cmd.get(msg.get("id") or "")
            if room is not None:
                self._finish(room)

    # ---- commands ------------------------------------------------------------------------

    async def _send(self, room: Room, sock: Sock, name: str, args: dict[str, Any]) -> None:
        room.seq += 1
        cmd_id = f"{room.id}-{room.seq}"
        room.cmd_id = cmd_id
        room.awaiting = False
        room.base = [s.latest for s in room.receivers]
        room.waiter = asyncio.get_running_loop().create_future()
        self.by_cmd[cmd_id] = room
        if self.target == "peer":
            body = json.dumps({"id": cmd_id, "pad": "x" * self.pad})
            frame = f'{{"type":"state","version":{room.seq},"cmd":{body}}}'
        else:
            frame = json.dumps({"type": "cmd", "id": cmd_id, "name": name, "args": args})
        sock.next_send = time.perf_counter() + SOCKET_GAP
        room.sent_at = time.perf_counter()
        self.sent += 1
        assert sock.ws is not None
        try:
            await sock.ws.send(frame)
        except websockets.ConnectionClosed:
            self.errors["send on a closed socket"] += 1
            self._finish(room)

    def _acked(self, room: Room, changed: bool) -> None:
        if room.cmd_id is None:
            return
        if not changed:
            self.unchanged += 1
            self._finish(room)
            return
        room.awaiting = True
        if self.record:
            self.commands.append((room, room.base, room.sent_at))
        self._check(room)

    def _check(self, room: Room) -> None:
        if room.awaiting and all(s.latest > b for s, b in zip(room.receivers, room.base, strict=True)):
            self._finish(room)

    def _finish(self, room: Room) -> None:
        if room.cmd_id is not None:
            self.by_cmd.pop(room.cmd_id, None)
        room.cmd_id = None
        room.awaiting = False
        if room.waiter is not None and not room.waiter.done():
            room.waiter.set_result(None)

    def _choose(self, room: Room) -> tuple[Sock, str, dict[str, Any]]:
        """A realistic next command for the room, from its latest facilitator state."""
        if self.target == "peer":
            return room.sockets[0], "", {}
        assert room.facilitator is not None and room.view is not None
        view = room.view
        session = view["session"]
        index = session["current"]
        floor = view["floor"]
        turn = floor["turn"]
        queue: list[str] = floor["queue"]
        members = [s for s in room.sockets if s.role == "member"]
        speaker = turn["member"] if turn else None
        idle = [s for s in members if s.member not in queue and s.member != speaker]
        waiting = [s for s in members if s.member in queue]
        roll = self.random.random()
        if roll < 0.30 and idle:
            return self.random.choice(idle), "hand.raise", {}
        if roll < 0.40 and waiting:
            return self.random.choice(waiting), "hand.lower", {}
        if roll < 0.65 and (turn or queue):
            return room.facilitator, "floor.next", {"turn_id": turn["id"] if turn else None}
        if roll < 0.65 and idle:
            return self.random.choice(idle), "hand.raise", {}
        if roll < 0.85:
            name = "segment.pause" if session["state"] == "running" else "segment.resume"
            return room.facilitator, name, {"index": index}
        # Never shortened below zero: that would change nothing anyone sees, so no page would get a
        # frame to time (the segment stays at zero length; bench/README.md).
        shorten = room.seq % 2 == 0 and session["segments"][index]["duration_ms"] >= 60_000
        return (
            room.facilitator,
            "segment.adjust",
            {"index": index, "delta_ms": -60_000 if shorten else 60_000},
        )

    async def _one(self, room: Room) -> None:
        """Send one command to the room and wait until every receiver has its state."""
        sock, name, args = self._choose(room)
        wait = sock.next_send - time.perf_counter()
        if wait > 0:
            await asyncio.sleep(wait)
        await self._send(room, sock, name, args)
        assert room.waiter is not None
        try:
            await asyncio.wait_for(asyncio.shield(room.waiter), COMMAND_TIMEOUT)
        except TimeoutError:
            self.timeouts += 1
            self._finish(room)

    # ---- phases --------------------------------------------------------------------------

    async def run_rate(self, rate: float, seconds: float) -> None:
        """Open loop: a command every 1/rate s to a room with none in flight."""
        loop = asyncio.get_running_loop()
        start = loop.time()
        tasks: set[asyncio.Task[None]] = set()
        skipped = 0
        n = 0
        while True:
            at = start + n / rate
            if at - start >= seconds:
                break
            delay = at - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            n += 1
            room = self._idle_room()
            if room is None:
                skipped += 1
                continue
            room.cmd_id = "reserved"
            task = loop.create_task(self._one(room))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        if tasks:
            await asyncio.wait(tasks)
        if skipped:
            self.errors["no idle room (skipped)"] += skipped

    def _idle_room(self) -> Room | None:
        for _ in range(8):
            room = self.random.choice(self.rooms)
            if room.cmd_id is None:
                return room
        return None

    async def run_saturate(self, seconds: float) -> None:
        """Closed loop: every room keeps one command in flight for `seconds`."""
        deadline = asyncio.get_running_loop().time() + seconds

        async def drive(room: Room) -> None:
            while asyncio.get_running_loop().time() < deadline:
                await self._one(room)

        await asyncio.gather(*(drive(room) for room in self.rooms))

    def begin(self) -> None:
        self.record = True
        self.commands.clear()
        self.errors.clear()
        self.closed.clear()
        self.unchanged = self.timeouts = self.sent = self.frames = self.frame_bytes = 0
        for room in self.rooms:
            for sock in room.sockets:
                sock.versions.clear()
                sock.arrivals.clear()

    def results(self) -> dict[str, Any]:
        self.record = False
        latencies: list[float] = []
        missing = 0
        for room, base, sent_at in self.commands:
            for sock, before in zip(room.receivers, base, strict=True):
                i = bisect.bisect_right(sock.versions, before)
                if i == len(sock.versions):
                    missing += 1
                else:
                    latencies.append((sock.arrivals[i] - sent_at) * 1000)
        return {
            "sent": self.sent,
            "applied": len(self.commands),
            "unchanged": self.unchanged,
            "timeouts": self.timeouts,
            "undelivered": missing,
            "errors": dict(self.errors),
            "closed": dict(self.closed),
            "latencies_ms": [round(x, 3) for x in latencies],
            "mean_frame_bytes": self.frame_bytes / self.frames if self.frames else 0,
        }


async def main(args: argparse.Namespace, rooms: list[dict[str, Any]]) -> None:
    worker = Worker(args.target, args.url, rooms, args.pad, args.seed)
    started = time.perf_counter()
    await worker.connect_all()
    sockets = sum(len(r.sockets) for r in worker.rooms)
    _say({"connected": sockets, "seconds": round(time.perf_counter() - started, 2)})
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            break
        order = json.loads(line)
        if order["phase"] == "quit":
            break
        worker.begin()
        # The instrument must not pause itself: a collector pass over 6,000 client sockets
        # would hold back the timestamps of every frame that arrives meanwhile, and show up
        # as server latency. Reference counting frees what a phase drops; cycles wait.
        gc.collect()
        gc.freeze()
        gc.disable()
        try:
            if order["phase"] == "rate":
                await worker.run_rate(order["rate"], order["seconds"])
            else:
                await worker.run_saturate(order["seconds"])
        finally:
            gc.enable()
        _say(worker.results())
    worker.quitting = True
    await asyncio.gather(
        *(s.ws.close() for r in worker.rooms for s in r.sockets if s.ws is not None),
        return_exceptions=True,
    )


def _say(obj: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def cli() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", choices=["holdspace", "peer"], required=True)
    parser.add_argument("--url", required=True)
    parser.add_argument("--spec", required=True, help="JSON file: this worker's rooms")
    parser.add_argument("--pad", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    with open(args.spec) as f:
        rooms = json.load(f)
    asyncio.run(main(args, rooms))


if __name__ == "__main__":
    cli()
