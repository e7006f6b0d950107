"""Who may create groups.

Holders of a facilitator key (`holdspace key add`). While no key exists at all, anyone who
reaches a server that listens on loopback only -- the person at this machine running
`scripts/serve` -- and no one coming through a reverse proxy (it would make the whole
internet look local). On any other address the server does not start without a key, unless
the operator passes `--open-creation`, which opens creation to anyone, keys or not.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging

from aiohttp import web
from redis.asyncio import Redis

from ..config import Settings
from ..store import Keyring, Store, StoreUnavailable
from ..store.keyring import file_keyring
from ..store.rediskeys import RedisKeyring

log = logging.getLogger(__name__)

# Headers a reverse proxy adds: a request carrying one did not start on this machine.
PROXY_HEADERS = ("X-Forwarded-For", "Forwarded", "X-Real-IP")
REDIS_WAIT = 30.0


def loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def through_proxy(request: web.Request) -> bool:
    return any(name in request.headers for name in PROXY_HEADERS)


async def open_to_all(request: web.Request, settings: Settings, store: Store) -> bool:
    """Whether this request may create a group without a key."""
    if settings.open_creation:
        return True
    if not loopback(settings.host) or through_proxy(request):
        return False
    return not await store.keys.any()


def how_to_add_a_key(settings: Settings) -> str:
    where = (
        f"--redis-url {settings.redis_url} --redis-prefix {settings.redis_prefix}"
        if settings.redis_url
        else f"--data-dir {settings.data_dir}"
    )
    return f'holdspace key add "Their name" {where}'


async def refusal_at_start(settings: Settings) -> str | None:
    """Why the service must not start (creation would be open to the internet), or None."""
    if settings.open_creation or loopback(settings.host):
        return None
    if settings.redis_url:
        redis = Redis.from_url(settings.redis_url, socket_connect_timeout=3, socket_timeout=3)
        try:
            active = await _active_keys(RedisKeyring(redis, settings.redis_prefix), REDIS_WAIT)
        finally:
            await redis.aclose()
    else:
        assert settings.data_dir is not None
        active = await _active_keys(file_keyring(settings.data_dir), 0)
    if active is None:
        return (
            f"Holdspace cannot reach Redis at {settings.redis_url} to check for facilitator keys; "
            "it does not start until it can."
        )
    if active:
        return None
    return (
        f"Holdspace listens on {settings.host}, but there is no facilitator key, so nobody could "
        "create a group (or, with creation open, anybody on the internet could). Add a key for "
        f"each clinician first:\n    {how_to_add_a_key(settings)}\n"
        "or pass --open-creation to let anyone create groups."
    )


async def _active_keys(keyring: Keyring, wait: float) -> int | None:
    """How many keys are not revoked; None if the store stayed out of reach for `wait` s."""
    deadline = asyncio.get_running_loop().time() + wait
    while True:
        try:
            return sum(1 for key in await keyring.all() if not key.revoked)
        except StoreUnavailable as exc:
            if asyncio.get_running_loop().time() >= deadline:
                return None
            log.warning("waiting for the store to check for facilitator keys (%s)", exc)
            await asyncio.sleep(1)
