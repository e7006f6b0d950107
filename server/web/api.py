"""The REST API: create a group, health and metrics."""

from __future__ import annotations

import msgspec
from aiohttp import web

from .. import protocol, write
from ..appkeys import HUB, METRICS, SETTINGS, SOCKETS, STORE
from ..clock import now_ms
from ..domain import GroupSpec
from ..store.redis import RedisStore

MAX_BODY = 64 * 1024


def _link(base: str, group_id: str, view: str, token: str) -> str:
    return f"{base}/g/{group_id}/{view}#t={token}"


async def create_group(request: web.Request) -> web.Response:
    too_large = protocol.Failure(protocol.TOO_LARGE, "The request is larger than 64 KiB.")
    if request.content_length is not None and request.content_length > MAX_BODY:
        raise too_large
    body = await request.content.read(MAX_BODY + 1)
    if len(body) > MAX_BODY:
        raise too_large
    try:
        spec = msgspec.json.decode(body, type=GroupSpec, strict=True)
    except msgspec.DecodeError as exc:
        raise protocol.Failure(protocol.INVALID, f"The group description is not right: {exc}.") from None
    doc, links = await write.create(request.app[STORE], spec, now_ms())
    base = request.app[SETTINGS].public_url or str(request.url.origin())
    body_out = {
        "group_id": doc.id,
        "name": doc.name,
        "links": {
            "facilitator": _link(base, doc.id, "console", links.facilitator),
            "cofacilitator": _link(base, doc.id, "console", links.cofacilitator),
            "display": _link(base, doc.id, "display", links.display),
            "members": [
                {
                    "id": m.id,
                    "name": m.name,
                    "url": _link(base, doc.id, "member", token),
                }
                for m, token in zip(doc.members, links.members, strict=True)
            ],
        },
    }
    return web.Response(
        body=protocol.encode(body_out),
        status=201,
        content_type="application/json",
        headers={"Cache-Control": "no-store"},
    )


async def healthz(request: web.Request) -> web.Response:
    store = request.app[STORE]
    if isinstance(store, RedisStore) and not store.reachable:
        # A load balancer's health check then sends pages to an instance that can serve them.
        raise protocol.Failure(protocol.UNAVAILABLE, "The store is out of reach.")
    return web.json_response({"ok": True})


async def metrics(request: web.Request) -> web.Response:
    hub = request.app[HUB].snapshot()
    text = request.app[METRICS].render(len(request.app[SOCKETS]), hub["groups"], hub["frames"])
    return web.Response(text=text, content_type="text/plain")


def routes() -> list[web.RouteDef]:
    return [
        web.post("/api/groups", create_group),
        web.get("/healthz", healthz),
        web.get("/metrics", metrics),
    ]
