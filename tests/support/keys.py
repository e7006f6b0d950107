"""Facilitator keys for tests: added straight to a store's keyring (what `holdspace key add`
does, in-process), and requests made with one."""

from __future__ import annotations

from typing import Any

import aiohttp

from server import auth
from server.clock import now_ms
from server.domain import FacilitatorKey
from server.store import Store, revoke


async def add_key(store: Store, name: str = "Dr Test", *, revoked: bool = False) -> str:
    key_id, key, digest = auth.mint_key()
    await store.keys.add(FacilitatorKey(id=key_id, name=name, hash=digest, created_at=now_ms()))
    if revoked:
        await revoke(store.keys, key_id, now_ms())
    return key


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


async def call(
    method: str, url: str, key: str | None = None, headers: dict[str, str] | None = None, **kw: Any
) -> tuple[int, Any, Any]:
    """(status, JSON body, headers) of one request, the key as a Bearer token if given."""
    sent = {**(bearer(key) if key else {}), **(headers or {})}
    async with aiohttp.ClientSession() as http, http.request(method, url, headers=sent, **kw) as r:
        return r.status, await r.json(content_type=None), r.headers


async def create_with(base_url: str, key: str | None, **spec: Any) -> dict[str, Any]:
    body = {"name": "Tuesday group", "members": ["Ann", "Bo"], **spec}
    status, out, _ = await call("POST", f"{base_url}/api/groups", key, json=body)
    assert status == 201, out
    result: dict[str, Any] = out
    return result
