"""The REST API: create a group, health and metrics."""

from __future__ import annotations

import hmac

import msgspec
from aiohttp import web

from .. import protocol, write
from ..appkeys import CREATION_LIMITS, HUB, METRICS, SETTINGS, SOCKETS, STORE
from ..clock import now_ms
from ..domain import GroupSpec
from ..guard import creators
from . import urls
from .bearer import bearer_token
from .body import json_body
from .keyholder import key_holder
from .limits import client_address

MAX_BODY = 64 * 1024


async def create_group(request: web.Request) -> web.Response:
    settings, store, limits = request.app[SETTINGS], request.app[STORE], request.app[CREATION_LIMITS]
    limits.address(client_address(request, settings))
    key = await key_holder(request, required=False)
    if key is None and not await creators.open_to_all(request, settings, store):
        raise protocol.Failure(
            protocol.UNAUTHORIZED,
            "Creating a group needs a facilitator key (the server's operator makes them). "
            "Send your facilitator key as 'Authorization: Bearer <key>'.",
        )
    spec = await _spec(request)
    if key is not None:
        limits.key(key.id)
    doc, links = await write.create(store, spec, now_ms(), owner=key.id if key else None)
    base = urls.base(request)
    body_out = {
        "group_id": doc.id,
        "name": doc.name,
        "links": {
            "facilitator": urls.link(base, doc.id, "console", links.facilitator),
            "cofacilitator": urls.link(base, doc.id, "console", links.cofacilitator),
            "display": urls.link(base, doc.id, "display", links.display),
            "members": [
                {"id": m.id, "name": m.name, "url": urls.link(base, doc.id, "member", token)}
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


async def _spec(request: web.Request) -> GroupSpec:
    too_large = protocol.Failure(protocol.TOO_LARGE, "The request is larger than 64 KiB.")
    try:
        return await json_body(request, GroupSpec, MAX_BODY, too_large)
    except msgspec.DecodeError as exc:
        raise protocol.Failure(
            protocol.INVALID, "The group description is not right: {detail}.", detail=str(exc)
        ) from None


async def healthz(request: web.Request) -> web.Response:
    if not await request.app[STORE].healthy():
        # A load balancer's health check then sends pages to an instance that can serve them.
        raise protocol.Failure(protocol.UNAVAILABLE, "The store is out of reach or cannot save changes.")
    return web.json_response({"ok": True})


async def metrics(request: web.Request) -> web.Response:
    token = request.app[SETTINGS].metrics_token
    if token is not None:
        given = bearer_token(request)
        if given is None or not hmac.compare_digest(given.encode(), token.encode()):
            raise protocol.Failure(
                protocol.UNAUTHORIZED,
                "The metrics are for the server's operator. Send its metrics token as a Bearer token.",
            )
    elif not creators.loopback(request.remote or "") or creators.through_proxy(request):
        raise protocol.Failure(
            protocol.FORBIDDEN,
            "The metrics are for the server's operator. Ask from the server itself, or set --metrics-token.",
        )
    hub = request.app[HUB].snapshot()
    held = getattr(request.app[STORE], "in_memory", None)
    text = request.app[METRICS].render(len(request.app[SOCKETS]), hub["groups"], hub["frames"], held)
    return web.Response(text=text, content_type="text/plain")


def routes() -> list[web.RouteDef]:
    return [
        web.post("/api/groups", create_group),
        web.get("/healthz", healthz),
        web.get("/metrics", metrics),
    ]
