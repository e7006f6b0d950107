"""Requests made with a facilitator key: `Authorization: Bearer <key>`, never in the URL."""

from __future__ import annotations

from aiohttp import web

from .. import auth, protocol
from ..appkeys import STORE
from ..domain import FacilitatorKey
from .bearer import bearer_token


async def key_holder(request: web.Request, *, required: bool = True) -> FacilitatorKey | None:
    """The valid, unrevoked key this request carries; None if it carries none and none is
    required. A query string is refused, as for link tokens (web/bearer.py)."""
    if request.query_string:
        raise protocol.Failure(
            protocol.INVALID, "This address takes no query string; send the key in the Authorization header."
        )
    header = request.headers.get("Authorization")
    if header is None:
        if required:
            raise protocol.Failure(
                protocol.UNAUTHORIZED, "Send your facilitator key as 'Authorization: Bearer <key>'."
            )
        return None
    value = bearer_token(request)
    parts = auth.split_key(value) if value is not None else None
    if parts is None:
        raise protocol.Failure(
            protocol.UNAUTHORIZED,
            "That is not a facilitator key. Send your facilitator key as 'Authorization: Bearer <key>'.",
        )
    key = await request.app[STORE].keys.get(parts[0])
    if key is None or not auth.key_matches(key, parts[1]):
        raise protocol.Failure(protocol.UNAUTHORIZED, "This facilitator key is not valid.")
    if key.revoked:
        raise protocol.Failure(
            protocol.FORBIDDEN, "This facilitator key was revoked; ask the server's operator for a new one."
        )
    return key
