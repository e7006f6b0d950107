"""The websocket endpoint: Origin check, the hello phase, then the command loop."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from urllib.parse import urlsplit

from aiohttp import WSCloseCode, WSMessage, WSMsgType, web

from .. import auth, protocol
from ..appkeys import HUB, METRICS, SETTINGS, SOCKETS, STORE
from ..clock import now_ms
from ..domain import Actor, NewerFormat
from ..store import StoreUnavailable
from ..write import execute
from . import supplied
from .connection import Connection, Phase
from .ratelimit import Bucket

log = logging.getLogger(__name__)

# A client that keeps sending while refused is closed after this many refusals in a row.
FLOOD_REFUSALS = 20
FOREIGN_ORIGIN = "Connections from pages of other sites are refused."


def origin_allowed(request: web.Request) -> bool:
    origin = request.headers.get("Origin")
    if origin is None:
        return True  # not a browser: no page of another site can be behind it
    allowed = request.app[SETTINGS].allowed_origins
    if origin in allowed:
        return True
    return urlsplit(origin).netloc.lower() == request.host.lower()


async def handler(request: web.Request) -> web.WebSocketResponse:
    if not origin_allowed(request):
        raise protocol.Failure(protocol.FORBIDDEN, FOREIGN_ORIGIN)
    settings = request.app[SETTINGS]
    ws = web.WebSocketResponse(
        heartbeat=settings.heartbeat,
        compress=False,
        max_msg_size=protocol.MAX_READ,
    )
    await ws.prepare(request)
    conn = Connection(ws)
    request.app[SOCKETS].add(ws)
    try:
        if await _hello(request, conn):
            await _serve(request, conn)
    finally:
        request.app[SOCKETS].discard(ws)
        if conn.phase is Phase.READY or conn.group_id:
            await request.app[HUB].leave(conn)
        conn.phase = Phase.CLOSED
        await conn.finish()
    return ws


async def _hello(request: web.Request, conn: Connection) -> bool:
    ws = conn.ws
    timeout = request.app[SETTINGS].hello_timeout
    try:
        async with asyncio.timeout(timeout):
            async for msg in ws:
                message = _read(conn, msg)
                if message is None:
                    continue
                if isinstance(message, protocol.Ping):
                    conn.send(protocol.pong(message.t0, now_ms()))
                    continue
                if not isinstance(message, protocol.Hello):
                    _error(
                        conn,
                        message,
                        protocol.UNAUTHORIZED,
                        "Say hello with your link's token first.",
                    )
                    continue
                return await _welcome(request, conn, message.token)
    except TimeoutError:
        await conn.close(WSCloseCode.POLICY_VIOLATION, "no hello in time")
    return False


async def _welcome(request: web.Request, conn: Connection, token: str) -> bool:
    try:
        return await _join(request, conn, token)
    except (StoreUnavailable, NewerFormat) as exc:
        # The page shows "reconnecting" and tries again with backoff: the store comes back, or
        # (a rolling upgrade) an instance of the newer release serves it.
        code, message = protocol.failure(exc)
        conn.send(protocol.error(None, code, message))
        await conn.close(WSCloseCode.TRY_AGAIN_LATER, "store unavailable")
        return False


async def _join(request: web.Request, conn: Connection, token: str) -> bool:
    store = request.app[STORE]
    parts = auth.split(token)
    doc = await store.load(parts[0]) if parts else None
    cred = auth.authenticate(doc, parts[1]) if doc is not None and parts else None
    if doc is None or cred is None:
        conn.send(
            protocol.error(
                None,
                protocol.UNAUTHORIZED,
                "This link is not valid. Ask your facilitator for your link again.",
            )
        )
        await conn.close(WSCloseCode.POLICY_VIOLATION, "invalid link")
        return False
    conn.group_id = doc.id
    conn.role = cred.role
    conn.member = cred.member
    conn.sender = cred.member or cred.label
    conn.holder = supplied.holder_of(parts[1]) if parts and cred.member is not None else None
    conn.send(protocol.welcome(cred.role, cred.member, doc.id))
    conn.phase = Phase.READY
    return await request.app[HUB].join(conn)


async def _serve(request: web.Request, conn: Connection) -> None:
    settings = request.app[SETTINGS]
    bucket = Bucket(settings.command_rate, settings.command_burst)
    async for msg in conn.ws:
        message = _read(conn, msg)
        if message is None:
            continue
        if isinstance(message, protocol.Ping):
            conn.send(protocol.pong(message.t0, now_ms()))
        elif isinstance(message, protocol.Hello):
            _error(conn, message, protocol.INVALID, "You are already connected; hello is said once.")
        elif not bucket.take():
            _error(conn, message, protocol.RATE_LIMITED, "Too many commands at once; wait a moment.")
            if bucket.refusals >= FLOOD_REFUSALS:
                await conn.close(WSCloseCode.POLICY_VIOLATION, "too many commands")
                return
        else:
            await _command(request, conn, message)
        if conn.phase is Phase.CLOSED:
            return
        # Let this socket's writer flush before the next buffered frame is handled, so a client
        # sending quickly is never mistaken for one that reads slowly.
        await asyncio.sleep(0)


async def _command(request: web.Request, conn: Connection, cmd: protocol.Cmd) -> None:
    actor = Actor(conn.role, conn.member)
    # The key ties a retry to its first attempt; hashed so the document holds no raw ids.
    key = hashlib.sha256(f"{conn.sender}\0{cmd.id}".encode()).hexdigest()[:16]
    store = request.app[STORE]
    try:
        args = supplied.supply(conn, cmd.name, cmd.args)
        # The store hands a committed version to this process's hub before commit returns, so
        # the frame showing the sender's change (if their view changed) is queued before the ack.
        _, changed = await execute(store, conn.group_id, cmd.name, args, actor, now_ms, key)
        await supplied.reply(store, conn, cmd.name, args)
    except Exception as exc:
        code, message = protocol.failure(exc)
        if code == protocol.INTERNAL:
            # Only the command's name: its arguments may hold a member's words.
            log.exception("command %s failed", cmd.name)
        request.app[METRICS].commands[code] += 1
        conn.send(protocol.error(cmd.id, code, message))
    else:
        request.app[METRICS].commands["applied" if changed else "unchanged"] += 1
        # Not the group's version: that would count changes this page cannot see (answers,
        # ballots, others' signals). The frame counter of this socket says nothing about them.
        conn.send(protocol.ack(cmd.id, conn.frames, changed))


def _read(conn: Connection, msg: WSMessage) -> protocol.Hello | protocol.Cmd | protocol.Ping | None:
    if msg.type == WSMsgType.TEXT:
        try:
            return protocol.decode(msg.data)
        except protocol.Failure as bad:
            conn.send(protocol.error(None, bad.code, bad.message))
            return None
    if msg.type == WSMsgType.BINARY:
        conn.send(protocol.error(None, protocol.INVALID, "Send JSON as text frames."))
    return None


def _error(conn: Connection, message: object, code: str, text: str) -> None:
    cmd_id = message.id if isinstance(message, protocol.Cmd) else None
    conn.send(protocol.error(cmd_id, code, text))
