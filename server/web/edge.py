"""The application's one middleware: writes only from our own pages (web/origin.py), and one
error body for whatever a handler raises (web/errors.py). Security headers are added as each
response is prepared (web/headers.py), not here.

A websocket's handler runs for as long as its socket is open, and a middleware that awaits it
keeps its own frame alive all that time: ~0.3-0.5 KB per open socket and per middleware. So for
the socket route this hands aiohttp the handler's own coroutine, un-awaited, and the handler
answers its own refusals (ws/endpoint.py).

Every connection that served a request is watched until it closes, so it is freed without the
collector (web/teardown.py); a socket's is watched once its handler ends.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

from ..appkeys import TRANSPORTS
from . import teardown
from .errors import answer
from .origin import refuse_foreign_writes

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

# The route name of the websocket endpoint (server/app.py).
SOCKET_ROUTE = "socket"


@web.middleware
def edge(request: web.Request, handler: Handler) -> Awaitable[web.StreamResponse]:
    if request.match_info.route.name == SOCKET_ROUTE:
        return handler(request)
    return _answered(request, handler)


async def _answered(request: web.Request, handler: Handler) -> web.StreamResponse:
    request.app[TRANSPORTS].watch(request.transport)
    try:
        refuse_foreign_writes(request)
        return await handler(request)
    except Exception as exc:
        try:
            return answer(request, exc)
        finally:
            teardown.release_refusal(request, exc)
