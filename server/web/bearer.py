"""Facilitator-only HTTP endpoints: the link's token in `Authorization: Bearer <token>`.

Never in the URL: URLs end up in logs, browser history and Referer headers. A token-looking
query string is refused outright, so nobody gets used to sending one.
"""

from __future__ import annotations

from aiohttp import web

from .. import auth, protocol
from ..appkeys import STORE
from ..domain import FACILITATOR, Group


def bearer_token(request: web.Request) -> str | None:
    """What `Authorization: Bearer <token>` carries; None for no header or another scheme."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


async def facilitator_group(request: web.Request) -> Group:
    """The group named in the path, if the request carries one of its facilitator tokens."""
    if request.query_string:
        raise protocol.Failure(
            protocol.INVALID,
            "This address takes no query string; send the link token in the Authorization header.",
        )
    token = bearer_token(request)
    parts = auth.split(token) if token is not None else None
    if parts is None or parts[0] != request.match_info["group_id"]:
        raise protocol.Failure(
            protocol.UNAUTHORIZED, "Send the facilitator link's token as 'Authorization: Bearer <token>'."
        )
    doc = await request.app[STORE].load(parts[0])
    cred = auth.authenticate(doc, parts[1]) if doc is not None else None
    if doc is None or cred is None:
        raise protocol.Failure(protocol.UNAUTHORIZED, "This link is not valid.")
    if cred.role != FACILITATOR:
        raise protocol.Failure(protocol.FORBIDDEN, "Only facilitators can do this.")
    return doc
