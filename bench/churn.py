"""What reconnecting pages leave behind in the server: objects that wait for a full collector pass.

    .venv/bin/python -m bench.churn                            # 100 groups of 12, 3,000 reconnects
    .venv/bin/python -m bench.churn --source /tmp/before       # another checkout, same workload

The service freezes what survives (server/jobs/gcpolicy.py), so garbage that only the collector
can free (a reference cycle) stays frozen until the next full pass, which stalls every screen for
seconds when thousands of sockets are open. This counts it: G groups of 12 sockets (10 members, a
facilitator, a display) connect and start a session; then member pages reconnect one after
another (close, open, hello, wait for their state), as flaky connections do; then whole groups
leave and come back, as at the end and start of a session; then pages are loaded, each over a
connection of its own, and paths that do not exist are asked for, as scanners on the internet
do. After each phase the server's
/metrics give the frozen objects (`holdspace_gc_frozen_objects`; objects still alive and frozen
garbage alike) and /proc its resident memory. With the same sockets open before and after, what
grew is what the phase left behind.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from bench.instructions import MEMBERS, Page, group_tokens, hello, start_session
from bench.serve import ROOT, Server, raise_nofile

FROZEN = re.compile(r"^holdspace_gc_frozen_objects (\d+)$", re.M)
# The freezes run every 0.1 s: a phase's survivors are frozen well within this.
SETTLE = 1.0


class Group:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens  # the facilitator's, the members', the display's
        self.pages: list[Page] = []


async def open_page(ws_url: str, token: str) -> Page:
    page = await hello(ws_url, token)
    await page.until(1)
    return page


async def close_page(page: Page) -> None:
    await page.ws.close()
    await page.reader


def fetch_all(urls: list[str]) -> None:
    """Each over a connection of its own (urllib closes it), refusals included."""
    for url in urls:
        try:
            with urllib.request.urlopen(url, timeout=30) as r:
                r.read()
        except urllib.error.HTTPError as refused:
            refused.read()
            refused.close()


def frozen(url: str) -> int:
    with urllib.request.urlopen(f"{url}/metrics", timeout=30) as r:
        found = FROZEN.search(r.read().decode())
    if found is None:
        raise RuntimeError("this server's /metrics have no holdspace_gc_frozen_objects")
    return int(found.group(1))


async def sample(server: Server) -> tuple[int, int]:
    await asyncio.sleep(SETTLE)
    return await asyncio.to_thread(frozen, server.url), server.usage().rss_bytes


async def churn(server: Server, groups: int, reconnects: int, rounds: int, loads: int) -> dict[str, Any]:
    ws_url = server.url.replace("http", "ws", 1) + "/ws"
    rooms = []
    for g in range(groups):
        room = Group(await group_tokens(server.url, f"Churn {g}"))
        room.pages = [await open_page(ws_url, token) for token in room.tokens]
        await start_session(room.pages)
        rooms.append(room)
    results: dict[str, Any] = {"sockets": groups * (MEMBERS + 2)}
    # Once before measuring, so first-use allocations (caches, free lists) are not counted.
    for room in rooms[:2]:
        await close_page(room.pages[1])
        room.pages[1] = await open_page(ws_url, room.tokens[1])
    start = await sample(server)
    took = time.monotonic()
    for n in range(reconnects):
        room = rooms[n % groups]
        member = 1 + (n // groups) % MEMBERS
        await close_page(room.pages[member])
        room.pages[member] = await open_page(ws_url, room.tokens[member])
    results["reconnect_s"] = time.monotonic() - took
    after_reconnects = await sample(server)
    for _ in range(rounds):
        for room in rooms:
            for page in room.pages:
                await close_page(page)
            room.pages = [await open_page(ws_url, token) for token in room.tokens]
    after_rooms = await sample(server)

    await asyncio.to_thread(fetch_all, [f"{server.url}/"] * loads)
    after_pages = await sample(server)
    await asyncio.to_thread(fetch_all, [f"{server.url}/no-such-page-{n}" for n in range(loads)])
    after_misses = await sample(server)
    for room in rooms:
        for page in room.pages:
            await close_page(page)
    results["reconnects"] = (reconnects, *_grew(start, after_reconnects, reconnects))
    results["rooms"] = (rounds * groups, *_grew(after_reconnects, after_rooms, max(1, rounds * groups)))
    results["pages"] = (loads, *_grew(after_rooms, after_pages, max(1, loads)))
    results["misses"] = (loads, *_grew(after_pages, after_misses, max(1, loads)))
    return results


def _grew(before: tuple[int, int], after: tuple[int, int], per: int) -> tuple[float, float]:
    """Frozen objects and resident KB gained per event."""
    return (after[0] - before[0]) / per, (after[1] - before[1]) / 1024 / per


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=100)
    parser.add_argument("--reconnects", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3, help="times every group leaves and comes back")
    parser.add_argument("--loads", type=int, default=2000, help="pages loaded, and as many missing paths")
    parser.add_argument("--source", type=Path, default=ROOT, help="the checkout to run the server from")
    args = parser.parse_args()
    raise_nofile()
    server = Server("holdspace", source=args.source).wait_ready()
    try:
        r = asyncio.run(churn(server, args.groups, args.reconnects, args.rounds, args.loads))
    finally:
        server.stop()
    print(f"\n{r['sockets']} sockets open throughout; server from {args.source}\n")
    print("| phase | events | frozen objects gained per event | resident KB gained per event |")
    print("|---|---|---|---|")
    phases = (
        ("reconnects", "a member page reconnects"),
        ("rooms", "a whole group leaves and returns"),
        ("pages", "the start page is loaded (a connection of its own)"),
        ("misses", "a path that does not exist is asked for (404)"),
    )
    for phase, label in phases:
        events, objects, kb = r[phase]
        print(f"| {label} | {events} | {objects:.1f} | {kb:.2f} |")
    print(f"\n{args.reconnects} reconnects took {r['reconnect_s']:.1f} s")


if __name__ == "__main__":
    main()
