"""`holdspace check`: read every stored group without serving and without changing anything;
list those that cannot be read (and those a newer release stored). Exit status 1 if any."""

from __future__ import annotations

import argparse
import asyncio
import os
from pathlib import Path

import msgspec

from ..domain import NewerFormat
from ..store import datadir
from ..store.redis import RedisStore


def options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL") or None)
    parser.add_argument("--redis-prefix", default=os.environ.get("HOLDSPACE_REDIS_PREFIX", "holdspace:"))


def run(args: argparse.Namespace) -> int:
    if args.redis_url:
        return asyncio.run(_redis(args.redis_url, args.redis_prefix))
    directory = Path(args.data_dir) / "groups"
    found = datadir.scan(directory, repair=False)
    print(f"{directory}: {len(found.groups)} group(s) readable", end="")
    print(
        f", {len(found.migrated)} in an older format (brought forward when served)" if found.migrated else ""
    )
    return _report(found.unreadable, found.newer)


async def _redis(url: str, prefix: str) -> int:
    store = await RedisStore.open(url, prefix)
    readable, unreadable, newer = 0, [], {}
    try:
        for group_id in await store.group_ids():
            try:
                await store.peek(group_id)
                readable += 1
            except NewerFormat as exc:
                newer[group_id] = exc.found
            except msgspec.DecodeError as exc:
                unreadable.append(f"{group_id} ({exc})")
    finally:
        await store.close()
    print(f"{url} ({prefix}): {readable} group(s) readable")
    return _report(unreadable, newer)


def _report(unreadable: list[str], newer: dict[str, int]) -> int:
    for name in unreadable:
        print(f"unreadable: {name}")
    for name, found in sorted(newer.items()):
        print(f"stored by a newer release (format {found}): {name}")
    return 1 if unreadable or newer else 0
