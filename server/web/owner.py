"""What a facilitator key's holder can do with the groups their key created, over HTTP
(`Authorization: Bearer <key>`, JSON bodies, the one error body):

- `GET /api/groups`: their groups;
- `POST /api/groups/<id>/console`: a fresh console link (the old one stops working);
- `POST /api/groups/<id>/members`: add a member mid-course, `{"name": ...}`, with their link;
- `POST /api/groups/<id>/members/<member id>/link`: re-issue a member's link (the old one
  stops working at once: its open pages are closed).

New links' secrets are minted here and only their hashes go to the group, through the one
write path as `server_only` commands. A group another key created is "not found": a key's
holder learns nothing about groups that are not theirs.
"""

from __future__ import annotations

from typing import Any

import msgspec
from aiohttp import web

from .. import auth, protocol
from ..appkeys import SETTINGS, STORE
from ..clock import now_ms
from ..domain import FACILITATOR, Actor, FacilitatorKey, Group, deletes_at
from ..write import execute
from . import urls
from .body import json_body
from .keyholder import key_holder

PREFIX = "/api/groups/{group_id}"
NO_STORE = {"Cache-Control": "no-store"}
MAX_BODY = 4 * 1024
# The server, acting for the key's holder (it checked the key): may run server-only commands.
HOLDER = Actor(FACILITATOR, server=True)


class NewMember(msgspec.Struct, forbid_unknown_fields=True):
    name: str


def _json(body: Any, status: int = 200) -> web.Response:
    return web.Response(
        body=protocol.encode(body), status=status, content_type="application/json", headers=NO_STORE
    )


def _summary(doc: Group, retention_days: int) -> dict[str, Any]:
    live = doc.session is not None and doc.session.status == "live"
    return {
        "id": doc.id,
        "name": doc.name,
        "created_at": doc.created_at,
        "sessions_held": len(doc.course.held),
        "sessions_planned": doc.sessions_planned,
        "live": live,
        "members": [{"id": m.id, "name": m.name} for m in doc.members],
        "deletes_at": deletes_at(doc, retention_days),
    }


async def _owned(request: web.Request) -> tuple[FacilitatorKey, Group]:
    key = await key_holder(request)
    assert key is not None
    group_id = request.match_info["group_id"]
    doc = await request.app[STORE].load(group_id) if auth.GROUP_ID.match(group_id) else None
    if doc is None or doc.deleted_at is not None or doc.owner != key.id:
        raise protocol.Failure(protocol.NOT_FOUND, "You have no group with this id.")
    return key, doc


async def my_groups(request: web.Request) -> web.Response:
    key = await key_holder(request)
    assert key is not None
    days = request.app[SETTINGS].retention_days
    docs = sorted(await request.app[STORE].owned(key.id), key=lambda d: d.created_at, reverse=True)
    return _json({"key": {"id": key.id, "name": key.name}, "groups": [_summary(d, days) for d in docs]})


async def reopen_console(request: web.Request) -> web.Response:
    _, doc = await _owned(request)
    secret, digest = auth.new_secret_hash()
    await execute(request.app[STORE], doc.id, "console.reopen", {"hash": digest}, HOLDER, now_ms)
    return _json({"facilitator": urls.link(urls.base(request), doc.id, "console", f"{doc.id}.{secret}")})


async def add_member(request: web.Request) -> web.Response:
    _, doc = await _owned(request)
    too_large = protocol.Failure(protocol.TOO_LARGE, "The request is larger than 4 KiB.")
    try:
        new = await json_body(request, NewMember, MAX_BODY, too_large)
    except msgspec.DecodeError as exc:
        raise protocol.Failure(
            protocol.INVALID,
            'Send the new member as a JSON object with their "name": {detail}.',
            detail=str(exc),
        ) from None
    secret, digest = auth.new_secret_hash()
    args = {"name": new.name, "hash": digest}
    await execute(request.app[STORE], doc.id, "member.add", args, HOLDER, now_ms)
    return _json(await _member_link(request, doc.id, digest, secret), status=201)


async def reissue_link(request: web.Request) -> web.Response:
    _, doc = await _owned(request)
    member_id = request.match_info["member_id"]  # link.reissue refuses one it does not know
    secret, digest = auth.new_secret_hash()
    args = {"member_id": member_id, "hash": digest}
    await execute(request.app[STORE], doc.id, "link.reissue", args, HOLDER, now_ms)
    return _json(await _member_link(request, doc.id, digest, secret))


async def _member_link(request: web.Request, group_id: str, digest: str, secret: str) -> dict[str, Any]:
    doc = await request.app[STORE].load(group_id)
    cred = next((c for c in doc.credentials if c.hash == digest), None) if doc else None
    member = next((m for m in doc.members if cred and m.id == cred.member), None) if doc else None
    if member is None:
        # Replaced again (or the group deleted) between the commit and this read.
        raise protocol.Failure(protocol.CONFLICT, "The group changed meanwhile; ask again.")
    url = urls.link(urls.base(request), group_id, "member", f"{group_id}.{secret}")
    return {"member": {"id": member.id, "name": member.name, "url": url}}


def routes() -> list[web.RouteDef]:
    return [
        web.get("/api/groups", my_groups),
        web.post(PREFIX + "/console", reopen_console),
        web.post(PREFIX + "/members", add_member),
        web.post(PREFIX + "/members/{member_id}/link", reissue_link),
    ]
