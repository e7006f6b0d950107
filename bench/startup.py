"""Startup with many stored groups, and memory that follows the groups in use, not those stored.

    .venv/bin/python -m bench.startup --groups 100000 --open 200
    .venv/bin/python -m bench.startup --groups 100000 --source /tmp/before   # another checkout

Writes N groups into a fresh data dir (one real group document of 12 members that has held a
session, copied under N ids: what N group files cost on disk and to start over), then starts the
server (embedded store) and reports: the time from launch to the first 200 on /healthz; resident
memory then; after a page has opened each of `--open` groups; and after those pages have closed
and the store has let the idle groups go (`--idle` seconds: the server's `--idle-after`).
With `--source`, both the documents and the server come from that checkout (an older release
writes and reads its own format; it has no `--idle-after` and keeps every group in memory).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import websockets

from bench.procstat import usage
from bench.serve import BENCH_LIMITS, ROOT, free_port
from server.auth import mint
from server.domain import FACILITATOR, Actor, GroupSpec, apply, encode, new_group


def documents(directory: Path, count: int) -> dict[str, str]:
    """`count` group files; returns a facilitator token per group id (for the first few)."""
    directory.mkdir(parents=True)
    tokens: dict[str, str] = {}
    t0 = int(time.time() * 1000) - 86_400_000  # yesterday: within any retention period
    for i in range(count):
        group_id = f"{i:016x}"
        if i < 5000 or i == 0:
            links, hashes = mint(group_id, 10)
            doc = new_group(
                GroupSpec(name=f"Group {i}", members=[f"M{j}" for j in range(10)]), group_id, t0, hashes
            )
            doc = apply(doc, "session.start", {"number": 1}, Actor(FACILITATOR), t0)
            doc = apply(doc, "session.end", {"number": 1}, Actor(FACILITATOR), t0 + 5_400_000)
            tokens[group_id] = links.facilitator
            data = encode(doc)
            template = data
        else:
            data = template.replace(b'"id":"0000000000001387"', f'"id":"{group_id}"'.encode(), 1)
        (directory / f"{group_id}.json").write_bytes(data)
    return tokens


def healthy(url: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.005)
    raise TimeoutError("no /healthz")


async def open_pages(url: str, tokens: list[str]) -> list[websockets.ClientConnection]:
    ws_url = url.replace("http", "ws", 1) + "/ws"
    pages = []
    for token in tokens:
        ws = await websockets.connect(ws_url, compression=None)
        await ws.send(json.dumps({"type": "hello", "token": token}))
        while json.loads(await ws.recv())["type"] != "state":
            pass
        pages.append(ws)
    return pages


def documents_from(source: Path, directory: Path, count: int) -> dict[str, str]:
    """The same documents, made by another checkout's code (its own format)."""
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); from pathlib import Path; "
        "import runpy; m = runpy.run_path(sys.argv[2]); "
        "print(json.dumps(m['documents'](Path(sys.argv[3]), int(sys.argv[4]))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(source), __file__, str(directory), str(count)],
        cwd=source,
        capture_output=True,
        text=True,
        check=True,
    )
    tokens: dict[str, str] = json.loads(out.stdout)
    return tokens


async def main(args: argparse.Namespace) -> dict[str, float | None]:
    source = Path(args.source) if args.source else ROOT
    with tempfile.TemporaryDirectory(prefix="holdspace-startup-") as tmp:
        t = time.monotonic()
        if args.source:
            tokens = documents_from(source, Path(tmp) / "groups", args.groups)
        else:
            tokens = documents(Path(tmp) / "groups", args.groups)
        print(f"wrote {args.groups} groups in {time.monotonic() - t:.1f} s", flush=True)
        port = free_port()
        env = dict(os.environ)
        cmd = [sys.executable, "-m", "server", "--port", str(port), "--data-dir", tmp, *BENCH_LIMITS]
        if not args.source:
            cmd += ["--idle-after", str(args.idle)]
        t0 = time.monotonic()
        proc = subprocess.Popen(  # noqa: ASYNC220 -- started once, before anything is timed
            cmd, cwd=source, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        url = f"http://127.0.0.1:{port}"
        try:
            healthy(url, t0 + 60)
            started = time.monotonic() - t0
            rss_start = usage(proc.pid).rss_bytes / 2**20
            chosen = list(tokens.values())[: args.open]
            pages = await open_pages(url, chosen)
            rss_open = usage(proc.pid).rss_bytes / 2**20
            for page in pages:
                await page.close()
            await asyncio.sleep(args.idle + 20)  # the store's next round of letting idle groups go
            rss_idle = usage(proc.pid).rss_bytes / 2**20
            metrics = await asyncio.to_thread(
                lambda: urllib.request.urlopen(url + "/metrics", timeout=5).read()
            )
            found = re.search(rb"^holdspace_groups_in_memory (\d+)$", metrics, re.M)
            held = int(found.group(1)) if found else None
        finally:
            proc.terminate()
            proc.wait(30)
    return {
        "stored_groups": args.groups,
        "start_s": round(started, 3),
        "rss_at_start_mb": round(rss_start, 1),
        "opened_groups": len(chosen),
        "rss_with_groups_open_mb": round(rss_open, 1),
        "rss_after_idle_mb": round(rss_idle, 1),
        "groups_in_memory_after_idle": held,
    }


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=100_000)
    parser.add_argument("--open", type=int, default=200)
    parser.add_argument("--idle", type=float, default=5.0)
    parser.add_argument("--source", help="another checkout to measure (its documents, its server)")
    args = parser.parse_args()
    if args.source:
        args.source = str(Path(args.source).resolve())
    print(json.dumps(asyncio.run(main(args))))


if __name__ == "__main__":
    cli()
