"""`holdspace key add NAME | list | revoke ID`: the operator's facilitator keys.

Works on either store while the service runs (`--data-dir`, or `--redis-url` and
`--redis-prefix`, read from the same environment variables as the service): keys are written
to the store, and the service reads them on demand. A key's secret is printed once, inside a
personal sign-in link (in its fragment, which browsers never send to a server) and bare; only
its hash is stored.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import os
import time
from pathlib import Path

from .. import auth
from ..clock import now_ms
from ..domain import MAX_KEY_NAME, FacilitatorKey, Phrase, Refused, clean_text
from ..store import Keyring, revoke
from ..store import datadir as datadir_files
from ..store.keyring import file_keyring
from ..store.redis import RedisStore
from .backup import Refusal

ACTIONS = ("add", "list", "revoke")


def options(parser: argparse.ArgumentParser) -> None:
    env = os.environ
    parser.add_argument("action", choices=ACTIONS, help="add NAME, list, or revoke ID")
    parser.add_argument("what", nargs="?", help="the key holder's name (add) or the key's id (revoke)")
    parser.add_argument("--redis-url", default=env.get("REDIS_URL") or None)
    parser.add_argument("--redis-prefix", default=env.get("HOLDSPACE_REDIS_PREFIX", "holdspace:"))
    parser.add_argument("--public-url", default=env.get("HOLDSPACE_PUBLIC_URL") or None)
    parser.add_argument("--host", default=env.get("HOLDSPACE_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(env.get("HOLDSPACE_PORT", "8080")))


def run(args: argparse.Namespace) -> int:
    if args.action in ("add", "revoke") and not args.what:
        raise Refusal(
            f"say {'whose key it is' if args.action == 'add' else 'which key'}: holdspace key {args.action} …"
        )
    return asyncio.run(_run(args))


async def _run(args: argparse.Namespace) -> int:
    store = await RedisStore.open(args.redis_url, args.redis_prefix) if args.redis_url else None
    keyring: Keyring = store.keys if store is not None else file_keyring(Path(args.data_dir))
    try:
        if args.action == "add":
            return await _add(args, keyring)
        if args.action == "revoke":
            return await _revoke(args.what, keyring)
        counts = await store_counts(store, Path(args.data_dir))
        return _list(await keyring.all(), counts)
    finally:
        if store is not None:
            await store.close()


async def _add(args: argparse.Namespace, keyring: Keyring) -> int:
    try:
        name = clean_text(args.what, field=Phrase("name"), limit=MAX_KEY_NAME)
    except Refused as refused:
        raise Refusal(refused.message) from None
    key_id, key, digest = auth.mint_key()
    await keyring.add(FacilitatorKey(id=key_id, name=name, hash=digest, created_at=now_ms()))
    base, note = _base(args)
    print(f'Added facilitator key {key_id} for "{name}".')
    print(f"Give {name} this personal sign-in link (it holds the key, and is shown only now):")
    print(f"  {base}/#k={key}")
    if note:
        print(f"  ({note})")
    print("The key itself, for programs (Authorization: Bearer <key>):")
    print(f"  {key}")
    return 0


async def _revoke(key_id: str, keyring: Keyring) -> int:
    before = await keyring.get(key_id)
    key = await revoke(keyring, key_id, now_ms())
    if key is None:
        raise Refusal(f"there is no key {key_id!r} (holdspace key list shows them)")
    if before is not None and before.revoked_at is not None:
        print(f'Key {key_id} ("{key.name}") was already revoked on {_when(before.revoked_at)}.')
    else:
        print(
            f'Revoked key {key_id} ("{key.name}"): from now on it creates and lists nothing. '
            "The groups it created, and their links, keep working."
        )
    return 0


def _list(keys: list[FacilitatorKey], counts: dict[str, int]) -> int:
    if not keys:
        print('No facilitator keys yet. Add one: holdspace key add "Their name"')
        return 0
    print(f"{'id':<12} {'created':<21} {'revoked':<21} {'groups':>6}  name")
    for key in keys:
        revoked = _when(key.revoked_at) if key.revoked_at is not None else "-"
        print(
            f"{key.id:<12} {_when(key.created_at):<21} {revoked:<21} {counts.get(key.id, 0):>6}  {key.name}"
        )
    return 0


async def store_counts(store: RedisStore | None, data_dir: Path) -> dict[str, int]:
    """How many (undeleted) groups each key created."""
    counts: dict[str, int] = {}
    if store is not None:
        for key in await store.keys.all():
            counts[key.id] = len(await store.owned(key.id))
        return counts
    for doc in datadir_files.scan(data_dir / "groups", repair=False).groups.values():
        if doc.owner is not None and doc.deleted_at is None:
            counts[doc.owner] = counts.get(doc.owner, 0) + 1
    return counts


def _base(args: argparse.Namespace) -> tuple[str, str | None]:
    """Where the sign-in link points, and a note when that had to be guessed."""
    if args.public_url:
        return args.public_url.rstrip("/"), None
    host = args.host
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return f"http://{host}:{args.port}", None
    if ip.is_unspecified:
        note = "replace localhost by the server's public address, or set HOLDSPACE_PUBLIC_URL / --public-url"
        return f"http://localhost:{args.port}", note
    return (f"http://[{host}]:{args.port}" if ip.version == 6 else f"http://{host}:{args.port}"), None


def _when(ms: int) -> str:
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(ms / 1000))
