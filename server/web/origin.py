"""Writes only from our own pages: a POST, PUT, PATCH or DELETE sent by a page of another site
is refused with 403, whatever its content type. (A `text/plain` POST needs no CORS preflight,
so without this a foreign page could make its visitors' browsers create groups here.)"""

from __future__ import annotations

from aiohttp import web

from .. import protocol
from ..appkeys import SETTINGS
from ..guard.origins import foreign

WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def refuse_foreign_writes(request: web.Request) -> None:
    if request.method in WRITES and foreign(request, request.app[SETTINGS]):
        raise protocol.Failure(protocol.FORBIDDEN, "Requests from pages of other sites are refused.")
