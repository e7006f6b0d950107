"""Typed application state, shared by the modules that serve requests."""

from __future__ import annotations

from aiohttp import web

from .config import Settings
from .metrics import Metrics
from .store import Store
from .web.limits import CreationLimits
from .web.teardown import Transports
from .ws.hub import Hub
from .ws.links import Links

SETTINGS = web.AppKey("settings", Settings)
STORE = web.AppKey("store", Store)
HUB = web.AppKey("hub", Hub)
METRICS = web.AppKey("metrics", Metrics)
LINKS = web.AppKey("links", Links)
CREATION_LIMITS = web.AppKey("creation_limits", CreationLimits)
# Closed connections, freed without the collector (web/teardown.py).
TRANSPORTS = web.AppKey("transports", Transports)


class Sockets(set[web.WebSocketResponse[bool]]):
    """Open websockets, closed with GOING_AWAY on shutdown. A plain set: each socket's handler
    takes it out when it ends (a weak set spent a weak reference on every socket)."""


SOCKETS = web.AppKey("sockets", Sockets)
