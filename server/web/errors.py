"""One error body for every HTTP response that is an error: {"error": {"code", "message"}}.

The code and sentence come from `protocol.failure()`, the same mapping a socket's `error`
message uses, the sentence in the request's language (web/language.py); the status from
`protocol.HTTP_STATUS`.
"""

from __future__ import annotations

import logging
import math

from aiohttp import web

from .. import protocol
from .language import request_language

log = logging.getLogger(__name__)

# aiohttp's own refusals (no route, wrong method, ...) by status, with a sentence for a person.
_FROM_STATUS: dict[int, protocol.Failure] = {
    400: protocol.Failure(protocol.INVALID, "The request could not be read."),
    401: protocol.Failure(protocol.UNAUTHORIZED, "This needs a valid link's token."),
    403: protocol.Failure(protocol.FORBIDDEN, "That is not allowed."),
    404: protocol.Failure(protocol.NOT_FOUND, "There is nothing at this address."),
    405: protocol.Failure(protocol.INVALID, "This address does not accept that method."),
    413: protocol.Failure(protocol.TOO_LARGE, "The request is too large."),
    415: protocol.Failure(protocol.INVALID, "This address does not accept that kind of content."),
}
REFUSED = protocol.Failure(protocol.INVALID, "The request was refused.")
GONE = protocol.Failure(protocol.INVALID, "The connection closed before the request was answered.")


def error_response(request: web.Request, exc: BaseException, status: int | None = None) -> web.Response:
    """The one error body for `exc`, its sentence in the request's language. `status` only
    where HTTP says more than the code (405, 415)."""
    lang = request_language(request)
    code, message = protocol.failure(exc, lang)
    return web.Response(
        body=protocol.error_body(code, message),
        status=status or protocol.HTTP_STATUS[code],
        content_type="application/json",
        headers={"Cache-Control": "no-store", "Content-Language": lang, "Vary": "Cookie, Accept-Language"},
    )


def answer(request: web.Request, exc: Exception) -> web.Response:
    """The error response for what a handler raised; a redirect (an HTTPException below 400)
    is raised again, for aiohttp to send as it is."""
    if isinstance(exc, web.HTTPException):
        if exc.status < 400:
            raise exc
        response = error_response(request, _FROM_STATUS.get(exc.status, REFUSED), exc.status)
        if "Allow" in exc.headers:
            response.headers["Allow"] = exc.headers["Allow"]
        return response
    if isinstance(exc, ConnectionError) and (request.transport is None or request.transport.is_closing()):
        # The client hung up mid-request (often mid-upgrade): nothing of ours failed, and
        # nobody is left to answer. The access log records the request.
        return error_response(request, GONE)
    response = error_response(request, exc)
    if response.status == protocol.HTTP_STATUS[protocol.INTERNAL]:
        # The path only: a query string or a body could hold a member's words or a token.
        log.exception("request %s %s failed", request.method, request.path, exc_info=exc)
    if isinstance(exc, protocol.Limited):
        response.headers["Retry-After"] = str(max(1, math.ceil(exc.retry_after)))
    return response
