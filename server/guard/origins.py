"""Which web pages may talk to this server: its own, and the origins the operator allowed.

A browser names the page that makes a request in `Origin` (and, newer ones, `Sec-Fetch-Site`).
Requests without them come from programs, not from a page of another site, and are judged by
their credentials alone.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from aiohttp import web

from ..config import Settings


def foreign(request: web.Request, settings: Settings) -> bool:
    """True if a page of another site sent this request."""
    origin = request.headers.get("Origin")
    if origin is not None and (
        origin in settings.allowed_origins
        or (settings.public_url is not None and origin == _origin_of(settings.public_url))
    ):
        return False
    if request.headers.get("Sec-Fetch-Site", "").lower() == "cross-site":
        return True
    if origin is None:
        return False
    # "null" (a sandboxed frame, a file) has no host and is never ours.
    return urlsplit(origin).netloc.lower() != request.host.lower()


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
