"""A request's JSON body, read with a size cap and the frames' nesting limit, decoded strictly."""

from __future__ import annotations

from typing import TypeVar

import msgspec
from aiohttp import web

from .. import protocol

T = TypeVar("T")


async def json_body(request: web.Request, type_: type[T], limit: int, too_large: protocol.Failure) -> T:
    """The body as `type_`; `too_large` past `limit` bytes. A msgspec.DecodeError is left to the
    caller, to say in words of its own what it expected."""
    if request.content_length is not None and request.content_length > limit:
        raise too_large
    body = await request.content.read(limit + 1)
    if len(body) > limit:
        raise too_large
    protocol.check_depth(body.decode("utf-8", "replace"))
    return msgspec.json.decode(body, type=type_, strict=True)
