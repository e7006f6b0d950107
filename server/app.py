"""create_app(): the aiohttp application with its store, hub and routes."""

from __future__ import annotations

import math
import os
from collections.abc import AsyncIterator
from pathlib import Path

from aiohttp import WSCloseCode, web

from . import logs
from .appkeys import CREATION_LIMITS, HUB, LINKS, METRICS, SETTINGS, SOCKETS, STORE, TRANSPORTS, Sockets
from .config import Settings
from .domain import check_sharing
from .jobs.context import jobs_ctx
from .metrics import Metrics
from .store import Store
from .store.memory import MemoryStore
from .store.redis import RedisStore
from .web import api, assets, course, feedback, language, owner, pages, selfreport
from .web.edge import SOCKET_ROUTE, edge
from .web.headers import security_headers
from .web.limits import CreationLimits
from .web.teardown import Transports
from .ws import endpoint
from .ws.hub import Hub
from .ws.links import Links

PACKAGE = Path(__file__).resolve().parent


def asset_root(name: str) -> Path:
    """`overlay/` or `static/`: inside the package once installed from a wheel (pyproject maps
    them there), beside it in a checkout."""
    inside = PACKAGE / name
    return inside if inside.is_dir() else PACKAGE.parent / name


async def open_store(settings: Settings) -> Store:
    if settings.redis_url:
        return await RedisStore.open(
            settings.redis_url, settings.redis_prefix, rewrite_aof=settings.aof_rewrite
        )
    return await MemoryStore.open(settings.data_dir, idle_after=settings.idle_after)


async def _store_ctx(app: web.Application) -> AsyncIterator[None]:
    store = await open_store(app[SETTINGS])
    hub = Hub(store)
    app[STORE] = store
    app[HUB] = hub
    if isinstance(store, RedisStore):

        async def store_lost() -> None:
            await hub.reconnect_all("store unreachable; reconnect shortly")

        store.on_outage(store_lost)
    yield
    await store.close()


async def _close_sockets(app: web.Application) -> None:
    sockets: Sockets = app[SOCKETS]
    for sock in list(sockets):
        await sock.close(code=WSCloseCode.GOING_AWAY, message=b"server shutting down")


def create_app(settings: Settings | None = None) -> web.Application:
    settings = settings or Settings()
    if os.environ.get("HOLDSPACE_CHECK_SHARING") == "1":
        check_sharing(True)  # the test suite's servers check every command's `changes=`
    logs.guard()
    app = web.Application(
        middlewares=[edge],
        # By default aiohttp rounds timers longer than 5 s up to a whole second, which lines
        # up every socket's heartbeat: with 12,000 sockets, ~600 pings fire in the same tick
        # each second and every update due then waits behind them (bench/README.md). Never
        # round: each socket's heartbeat keeps its own instant.
        handler_args={"timeout_ceil_threshold": math.inf},
    )
    app[SETTINGS] = settings
    app[METRICS] = Metrics()
    app[SOCKETS] = Sockets()
    app[TRANSPORTS] = Transports()
    app[LINKS] = Links(settings)
    app[CREATION_LIMITS] = CreationLimits(settings)
    app.on_response_prepare.append(security_headers)
    app.cleanup_ctx.append(_store_ctx)
    app.cleanup_ctx.append(jobs_ctx)
    app.on_shutdown.append(_close_sockets)
    language.setup_templates(app)
    for part in (api, owner, pages, course, feedback, selfreport):
        app.router.add_routes(part.routes())
    app.router.add_get("/ws", endpoint.handler, name=SOCKET_ROUTE)
    app.router.add_routes(
        [assets.route("/overlay/", asset_root("overlay")), assets.route("/static/", asset_root("static"))]
    )
    return app
