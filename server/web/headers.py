"""Headers on every response, as Zoom requires of an app shown inside its client.

Framing is decided, not left to chance: `frame-ancestors 'self'` plus the origins configured
with `--frame-ancestor` (Zoom's, when run as a Zoom App). `X-Frame-Options` says the same
for browsers that predate CSP: `SAMEORIGIN` when only our own pages may frame us; when other
origins may, it is left out, since it cannot name them (ALLOW-FROM is obsolete) and any
value it can hold would contradict the CSP. The `Server` header names no version.
"""

from __future__ import annotations

from functools import cache

from aiohttp import web, web_response

from ..appkeys import SETTINGS

CSP = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
]
SERVER = "Holdspace"

# aiohttp names its version in the `Server` header of every response it prepares: our pages,
# websocket upgrades, and the answers to requests it cannot parse (sent before any application
# code runs). That default is ours instead, so no hook has to overwrite it per response.
web_response.SERVER_SOFTWARE = SERVER  # type: ignore[attr-defined]


@cache
def csp(frame_ancestors: tuple[str, ...]) -> str:
    return "; ".join([*CSP, " ".join(["frame-ancestors 'self'", *frame_ancestors])])


async def security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """On every response as it is prepared (errors and aiohttp's own answers included), but not
    on a websocket's upgrade: its headers say nothing a browser would frame or sniff."""
    if isinstance(response, web.WebSocketResponse):
        return
    ancestors = request.app[SETTINGS].frame_ancestors
    h = response.headers
    h["Content-Security-Policy"] = csp(ancestors)
    if not ancestors:
        h["X-Frame-Options"] = "SAMEORIGIN"
    h["X-Content-Type-Options"] = "nosniff"
    h["Referrer-Policy"] = "no-referrer"
    if request.secure or request.headers.get("X-Forwarded-Proto") == "https":
        h["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
