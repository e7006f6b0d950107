"""Typed application state, shared by the modules that serve requests."""

from __future__ import annotations

import weakref

from aiohttp import web

from .config import Settings
from .metrics import Metrics
from .store import Store
from .web.limits import CreationLimits
from .ws.hub import Hub
from .ws.links import Links

SETTINGS = web.AppKey("settings", Settings)
STORE = web.AppKey("store", Store)
HUB = web.AppKey("hub", Hub)
METRICS = web.AppKey("metrics", Metrics)
LINKS = web.AppKey("links", Links)
CREATION_LIMITS = web.AppKey("creation_limits", CreationLimits)


class Sockets(weakref.WeakSet[web.WebSocketResponse[bool]]):
    """Open websockets, closed with GOING_AWAY on shutdown."""


SOCKETS = web.AppKey("sockets", Sockets)
