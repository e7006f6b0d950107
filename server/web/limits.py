"""How many groups may be created: per facilitator key and per client address, each a bucket
of `N` that refills at `N` an hour (docs/deploy.md says why these numbers).

Every attempt counts against the client's address, whatever becomes of it; only a creation
that is about to happen counts against the key.
"""

from __future__ import annotations

import ipaddress

from aiohttp import web

from .. import protocol
from ..config import Settings
from ..guard.ratelimit import Bucket, Table

HOUR = 3600.0


def client_address(request: web.Request, settings: Settings) -> str:
    """Who is asking: the peer, or behind a trusted proxy the address it reports. An IPv6
    client is its /64 (one household or server holds a whole /64)."""
    remote = request.remote or ""
    if settings.trust_proxy:
        # The proxy appends the address it saw: the last entry is the one it vouches for.
        reported = request.headers.get("X-Forwarded-For", "").split(",")[-1].strip()
        remote = reported or remote
    try:
        ip = ipaddress.ip_address(remote)
    except ValueError:
        return remote
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{ip}/64", strict=False))
    return str(ip)


class CreationLimits:
    def __init__(self, settings: Settings) -> None:
        self._by_key = Table(lambda: Bucket(settings.create_per_key / HOUR, settings.create_per_key))
        per_address = settings.create_per_address
        self._by_address = Table(lambda: Bucket(per_address / HOUR, per_address))

    def address(self, address: str) -> None:
        empty = self._by_address.take(address)
        if empty is not None:
            raise protocol.Limited(
                "Too many groups were created from your address; try again later.", empty.retry_after()
            )

    def key(self, key_id: str) -> None:
        empty = self._by_key.take(key_id)
        if empty is not None:
            raise protocol.Limited(
                "Your key has created many groups in the last hour; try again later.", empty.retry_after()
            )
