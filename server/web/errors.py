"""One error body for every HTTP endpoint: {"error": {"code": ..., "message": ...}}."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

from .. import protocol
from ..domain import Refused
from ..store import StoreUnavailable

_STATUS = {
    "invalid": 400,
    "unauthorized": 401,
    "forbidden": 403,
    "not_found": 404,
    "conflict": 409,
    "too_large": 413,
    "rate_limited": 429,
    "internal": 500,
    "unavailable": 503,
}
_FROM_STATUS = {v: k for k, v in _STATUS.items()} | {405: "invalid", 415: "invalid"}
_REASONS = {
    404: "There is nothing at this address.",
    405: "This address does not accept that method.",
    413: "The request is too large.",
}


def error_response(code: str, message: str, status: int | None = None) -> web.Response:
    body = protocol.encode({"error": {"code": code, "message": message}})
    return web.Response(body=body, status=status or _STATUS.get(code, 400), content_type="application/json")


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def api_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    if not request.path.startswith("/api/"):
        return await handler(request)
    try:
        return await handler(request)
    except Refused as refused:
        return error_response(refused.code, refused.message)
    except StoreUnavailable:
        return error_response("unavailable", "The store is out of reach; nothing was changed.")
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        code = _FROM_STATUS.get(exc.status, "invalid")
        return error_response(code, _REASONS.get(exc.status, exc.reason), exc.status)
