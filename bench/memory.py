"""Memory per socket, by tracemalloc inside the server: Holdspace and the bare aiohttp peer.

    .venv/bin/python -m bench.memory                      # 100 groups of 12 sockets, both
    .venv/bin/python -m bench.memory --targets holdspace --top 30

RSS (bench.run's KB/socket) says how much; this says whose. Each server runs under a wrapper
(`python -m bench.memory --serve MODULE ...`) that traces allocations and writes a snapshot on
SIGUSR1. The driver connects 2 groups first (imports, caches and first-use allocations), takes
a snapshot, connects G groups of 12 sockets (10 members, a facilitator, a display) and starts
their sessions (the peer: one frame through each room), takes another, and divides the
difference by the sockets. Each allocation is charged to the innermost frame of the server's
own code that made it (server/, bench/peers/), else to the library file it was made in.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import runpy
import signal
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from types import FrameType

from bench.instructions import MEMBERS, PAD, holdspace_groups, peer_groups, start_session
from bench.serve import BENCH_LIMITS, ROOT, answered, free_port

SNAPSHOT_ENV = "HOLDSPACE_BENCH_SNAPSHOT"
OWN = ("/server/", "/bench/peers/")


def serve(module: str, argv: list[str]) -> None:
    """Run `module` as the server, tracing; each SIGUSR1 writes <snapshot>.<n>."""
    tracemalloc.start(8)
    taken = 0

    def snapshot(_sig: int, _frame: FrameType | None) -> None:
        nonlocal taken
        path = Path(os.environ[SNAPSHOT_ENV])
        tracemalloc.take_snapshot().dump(f"{path}.{taken}")
        taken += 1
        path.with_suffix(".ready").write_text(str(taken))

    signal.signal(signal.SIGUSR1, snapshot)
    sys.argv = [module, *argv]
    sys.path.insert(0, str(ROOT))
    runpy.run_module(module, run_name="__main__")


def start(target: str, snapshot: Path, data: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    if target == "holdspace":
        args = ["server", "--port", str(port), "--data-dir", str(data), *BENCH_LIMITS]
    else:
        args = [f"bench.peers.{target}_peer", "--port", str(port)]
    env = {**os.environ, SNAPSHOT_ENV: str(snapshot)}
    cmd = [sys.executable, "-m", "bench.memory", "--serve", *args]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    answered(proc, url, 60, target)
    return proc, url


async def take(proc: subprocess.Popen[bytes], snapshot: Path, n: int) -> None:
    """The server's n-th snapshot, once it is written (the pages stay connected meanwhile)."""
    ready = snapshot.with_suffix(".ready")
    proc.send_signal(signal.SIGUSR1)

    def written() -> None:
        while not (ready.exists() and ready.read_text() == str(n)):
            time.sleep(0.1)

    await asyncio.to_thread(written)


async def connect(target: str, url: str, groups: int) -> None:
    if target != "holdspace":
        for pages in await peer_groups(url, groups):
            await pages[0].ws.send(json.dumps({"type": "echo", "pad": "x" * PAD}))
            for page in pages[1:]:
                await page.until(1)
        return
    for pages in await holdspace_groups(url, groups):
        await start_session(pages)


def charged(before: tracemalloc.Snapshot, after: tracemalloc.Snapshot) -> collections.Counter[str]:
    """Bytes allocated between the snapshots and still held, by who made them."""
    by: collections.Counter[str] = collections.Counter()
    for stat in after.compare_to(before, "traceback"):
        frames = list(stat.traceback)  # oldest first
        own = [f for f in frames if _own(f.filename)]
        if own:
            by[f"{_own(own[-1].filename)}:{own[-1].lineno}"] += stat.size_diff
        else:
            by[Path(frames[-1].filename).name] += stat.size_diff
    return by


def _own(filename: str) -> str:
    """`filename` from server/ or bench/peers/ on, if it is the server's own code; else ""."""
    for part in OWN:
        at = filename.rfind(part)
        if at >= 0:
            return filename[at + 1 :]
    return ""


def measure(target: str, groups: int) -> tuple[int, collections.Counter[str]]:
    with tempfile.TemporaryDirectory(prefix="holdspace-memory-") as tmp:
        snapshot = Path(tmp) / "snapshot"
        proc, url = start(target, snapshot, Path(tmp) / "data")
        try:

            async def run() -> None:
                await connect(target, url, 2)
                await take(proc, snapshot, 1)
                await connect(target, url, groups)
                await take(proc, snapshot, 2)

            asyncio.run(run())
            before = tracemalloc.Snapshot.load(f"{snapshot}.0")
            after = tracemalloc.Snapshot.load(f"{snapshot}.1")
        finally:
            proc.send_signal(signal.SIGINT)
            proc.wait(60)
    return groups * (MEMBERS + 2), charged(before, after)


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--serve":
        serve(sys.argv[2], sys.argv[3:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--targets", default="holdspace,aiohttp")
    parser.add_argument("--groups", type=int, default=100)
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args()
    for target in args.targets.split(","):
        sockets, by = measure(target, args.groups)
        print(f"\n{target}: {sum(by.values()) / sockets / 1024:.2f} KB per socket ({sockets} sockets)\n")
        print("| made by | bytes per socket |\n|---|---|")
        for name, size in by.most_common(args.top):
            print(f"| `{name}` | {size / sockets:,.0f} |")


if __name__ == "__main__":
    main()
