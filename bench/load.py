"""One load-generator process: holds a slice of the rooms' sockets and drives commands.

Driven by bench/run.py over stdin/stdout, one JSON object per line:
  runner → {"phase": "rate", "rate": 100, "seconds": 30}   open loop at a fixed rate
  runner → {"phase": "saturate", "seconds": 20}            one command in flight per room
  runner → {"phase": "quit"}
  worker → {"connected": N, ...} once, then one result object per phase.

Every frame a socket receives is timestamped on arrival (when its bytes reach the process); a
command's latency at a receiver is the time from writing the command to the first state frame at
that receiver after it was sent.
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
from collections.abc import Callable
from typing import Any

from websockets.client import ClientProtocol
from websockets.exceptions import InvalidHandshake
from websockets.frames import CloseCode, Frame, Opcode
from websockets.http11 import Response
from websockets.protocol import State
from websockets.uri import WebSocketURI, parse_uri

CONNECT_CONCURRENCY = 200
TRY_AGAIN_TIMES = 6  # 0.5 s, then doubling: about 30 s in all
COMMAND_TIMEOUT = 10.0
# The server allows 5 commands/s per socket (burst 20); stay under it so the limiter never
# decides what is measured.
SOCKET_GAP = 0.22
STATE_PREFIX = b'{"type":"state"'


_DATA = (Opcode.TEXT, Opcode.BINARY, Opcode.CONT)
OnFrame = Callable[[bytes, float], None]
OnClose = Callable[[str], None]


class TryAgainLater(RuntimeError):
    """The server closed a socket before it was ready with 1013: it may come back."""


class Link(asyncio.Protocol):
    """One client websocket on websockets' Sans-I/O protocol: each frame goes to `on_frame` straight
    from the transport's `data_received`, with one timestamp per read.

    websockets' asyncio client wakes a task and resolves a future for every frame `recv()`
    returns. At 12 frames a command that made the load generator, not the server, the limit of
    every saturate phase (client core ~0.95, server core 0.6-0.8): the "per server core" figures
    compared servers at whatever load the client could make.
    """

    def __init__(self, uri: WebSocketURI, on_frame: OnFrame, on_close: OnClose) -> None:
        self.protocol = ClientProtocol(uri, max_size=2**22)
        self.on_frame = on_frame
        self.on_close = on_close
        self.transport: asyncio.Transport | None = None
        self.opened: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.fragments: list[bytes] = []

    @property
    def open(self) -> bool:
        return self.protocol.state is State.OPEN

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.protocol.send_request(self.protocol.connect())
        self._flush()

    def data_received(self, data: bytes) -> None:
        now = time.perf_counter()
        self.protocol.receive_data(data)
        control = False
        for event in self.protocol.events_received():
            if isinstance(event, Response):
                control = True
                if self.opened.done():  # connect() gave up on it (timed out, or cancelled)
                    continue
                if self.protocol.handshake_exc is not None:
                    self.opened.set_exception(self.protocol.handshake_exc)
                else:
                    self.opened.set_result(None)
            elif isinstance(event, Frame) and event.opcode in _DATA:
                if not event.fin:
                    self.fragments.append(bytes(event.data))
                elif self.fragments:
                    self.fragments.append(bytes(event.data))
                    message, self.fragments = b"".join(self.fragments), []
                    self.on_frame(message, now)
                else:
                    self.on_frame(bytes(event.data), now)
            else:
                control = True
        if control or self.protocol.state is not State.OPEN:  # a handshake, a pong, a close
            self._flush()

    def eof_received(self) -> None:
        self.protocol.receive_eof()
        self._flush()

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.opened.done():
            self.opened.set_exception(exc or ConnectionError("closed during the handshake"))
        received = self.protocol.close_rcvd
        self.on_close(str(received.code) if received is not None else "no close frame")

    def send(self, text: str) -> bool:
        """Send a text frame; False if the socket is no longer open."""
        if not self.open:
            return False
        self.protocol.send_text(text.encode())
        self._flush()
        return True

    def close(self) -> None:
        if self.open:
            self.protocol.send_close()
            self._flush()
        if self.transport is not None:
            self.transport.close()

    def _flush(self) -> None:
        assert self.transport is not None
        for chunk in self.protocol.data_to_send():
            if chunk:
                self.transport.write(chunk)
            elif self.transport.can_write_eof():
                self.transport.write_eof()
        if self.protocol.close_expected():
            self.transport.close()


async def connect(url: str, on_frame: OnFrame, on_close: OnClose) -> Link:
    uri = parse_uri(url)
    loop = asyncio.get_running_loop()
    _, link = await loop.create_connection(lambda: Link(uri, on_frame, on_close), uri.host, uri.port)
    await asyncio.wait_for(link.opened, 60)
    return link


class Sock:
    __slots__ = (
        "arrivals",
        "latest",
        "member",
        "next_send",
        "role",
        "room",
        "token",
        "versions",
        "waiting",
        "ws",
    )

    def __init__(self, room: Room, role: str, member: str | None, token: str = "") -> None:
        self.room = room
        self.token = token  # the link's token (Holdspace); peers join by room id
        self.role = role
        self.member = member
        self.ws: Link | None = None
        self.latest = 0
        self.waiting = False  # no frame yet since its room's command was sent
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
        "pending",
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
        self.pending = 0  # receivers with no frame since
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
        self.retried = 0  # sockets told to try again later while connecting, and reconnected
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

        async def attempt(sock: Sock) -> None:
            first: asyncio.Future[None] = asyncio.get_running_loop().create_future()

            def arrived(frame: bytes, now: float) -> None:
                self._arrived(sock, frame, now, first)

            def lost(code: str) -> None:
                self._lost(first, code)

            for n in range(5):
                try:
                    sock.ws = await connect(self.url, arrived, lost)
                    break
                except (OSError, TimeoutError, InvalidHandshake):
                    if n == 4:
                        raise
                    await asyncio.sleep(0.2 * 2**n)
            assert sock.ws is not None
            if self.target == "holdspace":
                sock.ws.send(json.dumps({"type": "hello", "token": sock.token}))
            else:
                sock.ws.send(json.dumps({"type": "hello", "room": sock.room.id}))
            await first

        async def one(sock: Sock) -> None:
            async with gate:
                # A page told "try again later" (1013: the store did not answer in time, as in a
                # connect storm on the Redis store) comes back after a while; so does this.
                for n in range(TRY_AGAIN_TIMES):
                    try:
                        await attempt(sock)
                        return
                    except TryAgainLater:
                        if n == TRY_AGAIN_TIMES - 1:
                            raise
                        self.retried += 1
                        await asyncio.sleep(0.5 * 2**n)

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

    def _lost(self, first: asyncio.Future[None], code: str) -> None:
        if not first.done():
            failed = TryAgainLater if code == str(CloseCode.TRY_AGAIN_LATER.value) else RuntimeError
            first.set_exception(failed(f"closed before ready: {code}"))
        elif not self.quitting:
            self.closed[code] += 1

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
        if sock.waiting:
            sock.waiting = False
            room.pending -= 1
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
        for s in room.receivers:
            s.waiting = True
        room.pending = len(room.receivers)
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
        if not sock.ws.send(frame):
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
        if room.awaiting and room.pending == 0:
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
    took = round(time.perf_counter() - started, 2)
    _say({"connected": sockets, "seconds": took, "retried": worker.retried})
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
    for room in worker.rooms:
        for sock in room.sockets:
            if sock.ws is not None:
                sock.ws.close()


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
