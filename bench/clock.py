"""Clock agreement: do many participants' screens show the same time left?

Each simulated participant is one websocket that behaves like a page of overlay/core/connection.js:
it says hello with a member's (or the display's) token, pings on the browser's schedule (read
from connection.js itself, so the two cannot drift apart), and feeds every pong to
bench.timesync.OffsetEstimator, the port of overlay/core/timesync.js. Its local clock is this
process's monotonic clock shifted by a random skew of minutes, the way a browser's
performance.now() is unrelated to the server's epoch. Network jitter is added on this side:
each ping waits a random 0-jitter ms after t0 is read and before it is written, and each pong
waits a random 0-jitter ms after it arrives and before t2 is read.

Once every participant's connect burst is answered, every 100 ms, at one instant, each
participant's remaining time of the running segment is computed the way clock.js computes it
(server/domain/clock/countdown.py, which tests/browser/test_clock_port.py proves identical) from its
estimated server time, and compared with the others' and with the truth: the server stamps
pongs with time.time() of this same machine, so time.time() here is the server's clock.

    python -m bench.clock [--clients 200] [--max-skew-min 10] [--jitter-ms 80] [--duration 30]
                          [--url http://127.0.0.1:PORT] [--json results.json]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import re
import statistics
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import msgspec
import websockets
from websockets.asyncio.client import ClientConnection

from bench import serve
from bench.timesync import OffsetEstimator, settled
from server.domain.clock import countdown as clock
from server.domain.document import Session

ROOT = Path(__file__).resolve().parent.parent
CONNECTION_JS = ROOT / "overlay" / "core" / "connection.js"
MEMBERS = 12  # the most a group may have (server/domain/limits.py); sockets share their links
DISPLAY_EVERY = 10  # every tenth participant is a shared screen showing the display link
CONNECT_CONCURRENCY = 20
SAMPLE_EVERY_S = 0.1
PAIRS_PER_INSTANT = 500
SLICE_S = 5.0
CONNECT_TIMEOUT_S = 120.0
BURST_TIMEOUT_S = 30.0


# ---- the browser's ping schedule, read from connection.js ---------------------------------


@dataclass(frozen=True)
class Schedule:
    burst: int
    burst_gap_ms: float
    settle_pings: int
    settle_gap_ms: float
    ping_every_ms: tuple[float, float]


def _js_number(text: str) -> float:
    return float(text.replace("_", ""))


def read_schedule(source: str) -> Schedule:
    """The ping schedule's constants as connection.js declares them; fails loudly if renamed."""

    def const(name: str, pattern: str = r"([\d_.]+)") -> re.Match[str]:
        m = re.search(rf"^const {name} = {pattern};", source, re.MULTILINE)
        if m is None:
            raise ValueError(f"connection.js no longer declares {name}: update bench/clock.py")
        return m

    # Participant._ping_schedule mirrors this step by hand: fail if its shape changed.
    if "!settled(this.clock.estimate())" not in source:
        raise ValueError("connection.js settles its clock differently now: update bench/clock.py")
    every = const("PING_EVERY_MS", r"\[([\d_.]+),\s*([\d_.]+)\]")
    return Schedule(
        burst=int(_js_number(const("BURST").group(1))),
        burst_gap_ms=_js_number(const("BURST_GAP_MS").group(1)),
        settle_pings=int(_js_number(const("SETTLE_PINGS").group(1))),
        settle_gap_ms=_js_number(const("SETTLE_GAP_MS").group(1)),
        ping_every_ms=(_js_number(every.group(1)), _js_number(every.group(2))),
    )


# ---- one participant ----------------------------------------------------------------------


class Participant:
    """One page's socket: the browser's ping schedule and estimator, with jitter added."""

    def __init__(self, token: str, skew_ms: float, jitter_ms: float, schedule: Schedule, seed: int) -> None:
        self.token = token
        self.skew_ms = skew_ms
        self.jitter_ms = jitter_ms
        self.schedule = schedule
        self.rng = random.Random(seed)
        self.estimator = OffsetEstimator()
        self.session: Session | None = None
        self.pongs = 0
        self.burst_answered = asyncio.Event()
        self.failure: str | None = None
        self.ws: ClientConnection | None = None
        self._pending: set[float] = set()
        self._burst_left = schedule.burst
        self._tasks: set[asyncio.Task[None]] = set()
        self._closing = False

    def local_ms(self) -> float:
        """This participant's performance.now(): a clock minutes away from the server's."""
        return time.monotonic() * 1000 + self.skew_ms

    async def connect(self, ws_url: str) -> None:
        self.ws = await websockets.connect(ws_url, compression=None, open_timeout=30, max_size=2**20)
        # As the page does on open: hello, then the burst at once (the server answers pings
        # before the welcome too).
        await self.ws.send(json.dumps({"type": "hello", "token": self.token}))
        self._spawn(self._read())
        self._spawn(self._ping_schedule())

    def _spawn(self, coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _ping_schedule(self) -> None:
        """Connection._burst, _settle and _schedulePing."""
        s = self.schedule
        loop = asyncio.get_running_loop()
        start = loop.time()
        # connection.js sets all burst timers at once (i · gap from now): no drift between them.
        for i in range(s.burst):
            await asyncio.sleep(max(0.0, start + i * s.burst_gap_ms / 1000 - loop.time()))
            self._spawn(self._ping())
        await asyncio.sleep(max(0.0, start + s.burst * s.burst_gap_ms / 1000 - loop.time()))
        sent = s.burst
        while sent < s.settle_pings and not settled(self.estimator.estimate()):
            self._spawn(self._ping())
            sent += 1
            await asyncio.sleep(s.settle_gap_ms / 1000)
        lo, hi = s.ping_every_ms
        while True:
            await asyncio.sleep((lo + self.rng.random() * (hi - lo)) / 1000)
            self._spawn(self._ping())

    async def _ping(self) -> None:
        t0 = self.local_ms()
        self._pending.add(t0)
        await asyncio.sleep(self.rng.random() * self.jitter_ms / 1000)  # the way out
        assert self.ws is not None
        with contextlib.suppress(websockets.ConnectionClosed):
            await self.ws.send(json.dumps({"type": "ping", "t0": t0}))

    async def _read(self) -> None:
        assert self.ws is not None
        loop = asyncio.get_running_loop()
        with contextlib.suppress(websockets.ConnectionClosed):
            async for raw in self.ws:
                msg = json.loads(raw)
                if msg["type"] == "pong":
                    # The way back: t2 is read only after the delay, as if the pong arrived then.
                    loop.call_later(self.rng.random() * self.jitter_ms / 1000, self._pong, msg)
                elif msg["type"] == "state" and msg["view"].get("session") is not None:
                    self.session = msgspec.convert(msg["view"]["session"], Session)
                    self._check_burst_answered()
                elif msg["type"] == "error":
                    self.failure = f"the server refused a participant: {msg}"
        if self.failure is None and not self._closing:
            self.failure = f"the server closed a participant's socket ({self.ws.close_code})"

    def _pong(self, msg: dict[str, Any]) -> None:
        t2 = self.local_ms()
        if msg["t0"] not in self._pending:
            return
        self._pending.discard(msg["t0"])
        self.estimator.add(msg["t0"], msg["t1"], t2)
        self.pongs += 1
        self._burst_left -= 1
        self._check_burst_answered()

    def _check_burst_answered(self) -> None:
        if self._burst_left <= 0 and self.session is not None:
            self.burst_answered.set()

    async def close(self) -> None:
        self._closing = True
        # Close while the reader still reads: an unread queue would hold back the close frame.
        if self.ws is not None:
            await self.ws.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)


# ---- the server and the group -------------------------------------------------------------


def _token(link: str) -> str:
    return link.split("#t=", 1)[1]


async def create_group(base: str) -> dict[str, Any]:
    body = {"name": "Clock bench", "members": [f"Member {i + 1}" for i in range(MEMBERS)]}
    async with aiohttp.ClientSession() as http, http.post(f"{base}/api/groups", json=body) as r:
        if r.status != 201:
            raise RuntimeError(f"creating the group: {r.status} {await r.text()}")
        answer: dict[str, Any] = await r.json()
        return answer


async def start_session(ws_url: str, token: str) -> ClientConnection:
    """The facilitator's socket, with session 1 started; kept open for the whole run.

    Nobody reads it afterwards (presence frames keep coming), so its queue is unbounded: a
    full queue would stop reading, and the close frame would then wait out the close timeout.
    """
    ws = await websockets.connect(ws_url, compression=None, max_size=2**20, max_queue=None)
    await ws.send(json.dumps({"type": "hello", "token": token}))
    start = {"type": "cmd", "id": "bench-start", "name": "session.start", "args": {"number": 1}}
    await ws.send(json.dumps(start))
    async with asyncio.timeout(10):
        async for raw in ws:
            msg = json.loads(raw)
            if msg.get("id") == "bench-start":
                if msg["type"] != "ack":
                    raise RuntimeError(f"session.start refused: {msg}")
                return ws
    raise ConnectionError("the facilitator's socket closed")


# ---- measuring ----------------------------------------------------------------------------


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "p50": round(pct(values, 0.5), 2),
        "p99": round(pct(values, 0.99), 2),
        "max": round(max(values), 2),
    }


@dataclass
class Readings:
    spreads: list[float]
    abs_errors: list[float]
    pair_spreads: list[float]


def read_once(clients: list[Participant], rng: random.Random, readings: Readings) -> None:
    """Every participant's shown remaining time at one instant, against the true one."""
    before = time.time() * 1000
    mono = time.monotonic() * 1000
    after = time.time() * 1000
    true_now = (before + after) / 2
    errors = []
    for c in clients:
        est = c.estimator.estimate()
        assert est is not None and c.session is not None
        # What the page shows: remaining(session, performance.now() + offset), as clock.js.
        # Float `now`, as in the page (clock.py is typed for the server's whole milliseconds).
        shown = clock.remaining(c.session, mono + c.skew_ms + est.offset)  # type: ignore[arg-type]
        errors.append(shown - clock.remaining(c.session, true_now))  # type: ignore[arg-type]
    readings.spreads.append(max(errors) - min(errors))
    readings.abs_errors.extend(abs(e) for e in errors)
    for _ in range(PAIRS_PER_INSTANT):
        a, b = rng.sample(range(len(errors)), 2)
        readings.pair_spreads.append(abs(errors[a] - errors[b]))


async def sample_for(clients: list[Participant], seconds: float, rng: random.Random) -> Readings:
    readings = Readings([], [], [])
    loop = asyncio.get_running_loop()
    start = loop.time()
    for k in range(round(seconds / SAMPLE_EVERY_S)):
        await asyncio.sleep(max(0.0, start + k * SAMPLE_EVERY_S - loop.time()))
        read_once(clients, rng, readings)
    return readings


def check(clients: list[Participant]) -> None:
    failures = {c.failure for c in clients if c.failure is not None}
    if failures:
        raise RuntimeError("; ".join(sorted(failures)))


async def bursts_answered(clients: list[Participant]) -> None:
    """Wait until every connect burst is answered (and every page has its state)."""
    try:
        async with asyncio.timeout(BURST_TIMEOUT_S):
            await asyncio.gather(*(c.burst_answered.wait() for c in clients))
    except TimeoutError:
        check(clients)
        waiting = sum(not c.burst_answered.is_set() for c in clients)
        raise TimeoutError(f"{waiting} participants still wait for their burst's pongs") from None


async def run(args: argparse.Namespace, base: str) -> dict[str, Any]:
    schedule = read_schedule(CONNECTION_JS.read_text())
    rng = random.Random(args.seed)
    ws_url = base.replace("http", "ws", 1) + "/ws"
    group = await create_group(base)
    links = group["links"]
    facilitator = await start_session(ws_url, _token(links["facilitator"]))
    members = [_token(m["url"]) for m in links["members"]]
    display = _token(links["display"])
    skew = args.max_skew_min * 60_000
    clients = [
        Participant(
            display if i % DISPLAY_EVERY == DISPLAY_EVERY - 1 else members[i % len(members)],
            skew_ms=rng.uniform(-skew, skew),
            jitter_ms=args.jitter_ms,
            schedule=schedule,
            seed=rng.getrandbits(64),
        )
        for i in range(args.clients)
    ]
    gate = asyncio.Semaphore(CONNECT_CONCURRENCY)

    async def connect(c: Participant) -> None:
        async with gate:
            await c.connect(ws_url)

    try:
        t_connect = time.monotonic()
        async with asyncio.timeout(CONNECT_TIMEOUT_S):
            await asyncio.gather(*(connect(c) for c in clients))
        connected_s = time.monotonic() - t_connect
        await bursts_answered(clients)
        bursts_s = time.monotonic() - t_connect
        readings = await sample_for(clients, args.duration, rng)
        check(clients)
    finally:
        await asyncio.gather(*(c.close() for c in clients), return_exceptions=True)
        await facilitator.close()
    return report(args, schedule, clients, readings, connected_s, bursts_s)


def slices(spreads: list[float]) -> list[dict[str, float]]:
    """The spread in consecutive slices of the run: how quickly the clocks come together."""
    per = round(SLICE_S / SAMPLE_EVERY_S)
    return [
        {"from_s": round(i * SAMPLE_EVERY_S, 1), **summary(spreads[i : i + per])}
        for i in range(0, len(spreads), per)
    ]


def settle_s(schedule: Schedule) -> float:
    return round((schedule.settle_pings - schedule.burst) * schedule.settle_gap_ms / 1000, 2)


def report(
    args: argparse.Namespace,
    schedule: Schedule,
    clients: list[Participant],
    readings: Readings,
    connected_s: float,
    bursts_s: float,
) -> dict[str, Any]:
    estimates = [c.estimator.estimate() for c in clients]
    skews = [c.skew_ms / 60_000 for c in clients]
    return {
        "clients": len(clients),
        "skew_min": [round(min(skews), 2), round(max(skews), 2)],
        "jitter_ms_each_way": args.jitter_ms,
        "duration_s": args.duration,
        "instants": len(readings.spreads),
        "schedule": {
            "burst": schedule.burst,
            "burst_gap_ms": schedule.burst_gap_ms,
            "settle_pings": schedule.settle_pings,
            "settle_gap_ms": schedule.settle_gap_ms,
            "ping_every_ms": list(schedule.ping_every_ms),
        },
        "connect_all_s": round(connected_s, 2),
        "bursts_answered_s": round(bursts_s, 2),
        "samples_per_client": {
            "min": min(c.pongs for c in clients),
            "median": statistics.median(c.pongs for c in clients),
            "max": max(c.pongs for c in clients),
        },
        "trusted_rtt_ms": summary([e.rtt for e in estimates if e is not None]),
        "spread_all_ms": summary(readings.spreads),
        "spread_all_by_slice": slices(readings.spreads),
        # After the longest a page keeps sampling at connect (connection.js's settle step):
        # what two screens show for the rest of a session.
        "settled_after_s": settle_s(schedule),
        "spread_all_settled_ms": summary(readings.spreads[round(settle_s(schedule) / SAMPLE_EVERY_S) :]),
        "abs_error_ms": summary(readings.abs_errors),
        "spread_pair_ms": summary(readings.pair_spreads),
    }


def table(r: dict[str, Any]) -> str:
    s = r["schedule"]
    lines = [
        f"clients              {r['clients']}",
        f"skew (min)           {r['skew_min'][0]:+.2f} .. {r['skew_min'][1]:+.2f}",
        f"jitter (ms)          0..{r['jitter_ms_each_way']} each way",
        f"ping schedule        burst {s['burst']} x {s['burst_gap_ms']:g} ms; until settled, up to "
        f"{s['settle_pings']} in all, one per {s['settle_gap_ms']:g} ms; then one per "
        f"{s['ping_every_ms'][0] / 1000:g}-{s['ping_every_ms'][1] / 1000:g} s",
        f"connected, bursts in {r['connect_all_s']} s / {r['bursts_answered_s']} s",
        f"samples per client   min {r['samples_per_client']['min']}, median "
        f"{r['samples_per_client']['median']}, max {r['samples_per_client']['max']}",
        f"sampled              {r['instants']} instants over {r['duration_s']} s",
        "",
        f"{'ms':<28}{'p50':>8}{'p99':>8}{'max':>8}",
    ]
    rows = [
        ("trusted sample rtt", r["trusted_rtt_ms"]),
        ("spread, all clients", r["spread_all_ms"]),
        (f"  ... from {r['settled_after_s']:g} s on", r["spread_all_settled_ms"]),
        ("spread, two clients", r["spread_pair_ms"]),
        ("|error| per client", r["abs_error_ms"]),
    ]
    lines += [f"{name:<28}{v['p50']:>8.1f}{v['p99']:>8.1f}{v['max']:>8.1f}" for name, v in rows]
    lines += ["", "spread, all clients, by time since the bursts were answered:"]
    lines += [
        f"  from {v['from_s']:>5.1f} s{'':<14}{v['p50']:>8.1f}{v['p99']:>8.1f}{v['max']:>8.1f}"
        for v in r["spread_all_by_slice"]
    ]
    return "\n".join(lines)


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.clock", description=__doc__.split("\n\n")[0])
    p.add_argument("--clients", type=int, default=200)
    p.add_argument("--max-skew-min", type=float, default=10.0, help="local clocks off by up to ± this")
    p.add_argument("--jitter-ms", type=float, default=80.0, help="random delay added to each ping and pong")
    p.add_argument("--duration", type=float, default=30.0, help="seconds of sampling")
    p.add_argument("--url", help="an already running server (default: start one)")
    p.add_argument("--json", type=Path, help="also write the results here")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    if args.clients < 2:
        p.error("--clients must be at least 2")
    if args.url and urllib.parse.urlsplit(args.url).hostname != "127.0.0.1":
        p.error("--url must be on 127.0.0.1: the truth is this machine's clock")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    with contextlib.ExitStack() as stack:
        base = args.url.rstrip("/") if args.url else stack.enter_context(serve.running("holdspace")).url
        result = asyncio.run(run(args, base))
    print(table(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
