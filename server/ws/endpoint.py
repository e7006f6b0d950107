"""The websocket endpoint: Origin check, the hello phase, then the command loop.

Every frame a client sends is answered or counted, never raised: a frame that cannot be read
gets `invalid` (or `too_large`) and the socket lives on; only a flood closes it. Every sentence
a socket is sent is in its page's language: the hello's `lang`, else what the upgrade request
asked for (the `lang` cookie, Accept-Language), else English.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from typing import Any

from aiohttp import WSCloseCode, WSMessage, WSMsgType, web

from .. import auth, protocol
from ..appkeys import HUB, LINKS, METRICS, SETTINGS, SOCKETS, STORE, TRANSPORTS
from ..clock import now_ms
from ..domain import Actor, NewerFormat, Plural, ballot_holder
from ..guard.origins import foreign
from ..guard.ratelimit import Bucket
from ..i18n import shipped
from ..store import StoreUnavailable
from ..web import teardown
from ..web.errors import answer
from ..web.language import request_language
from ..write import execute
from . import supplied
from .connection import Connection, Phase

log = logging.getLogger(__name__)

# A client that keeps sending while refused is closed after this many refusals in a row.
FLOOD_REFUSALS = 20


async def handler(request: web.Request) -> web.StreamResponse:
    # No middleware awaits this handler (web/edge.py): it answers its own refusals.
    settings = request.app[SETTINGS]
    # The upgraded socket's transport: by the time the handler ends, `request.transport` is None
    # if the connection was lost.
    transport = request.transport
    try:
        if foreign(request, settings):
            raise protocol.Failure(protocol.FORBIDDEN, "Connections from pages of other sites are refused.")
        ws = web.WebSocketResponse(
            heartbeat=settings.heartbeat,
            compress=False,
            max_msg_size=protocol.MAX_READ,
        )
        await ws.prepare(request)
    except Exception as exc:
        request.app[TRANSPORTS].watch(transport)
        return answer(request, exc)
    conn = Connection(ws)
    conn.lang = request_language(request)
    request.app[SOCKETS].add(ws)
    try:
        if await _hello(request, conn):
            await _serve(request, conn)
    except Exception:
        log.exception("a socket's handler failed")
    finally:
        request.app[SOCKETS].discard(ws)
        if conn.link is not None:
            request.app[LINKS].close(conn.link_key)
        if conn.phase is Phase.READY or conn.group_id:
            await request.app[HUB].leave(conn)
        conn.phase = Phase.CLOSED
        await conn.finish()
        teardown.release_socket(request)
        request.app[TRANSPORTS].watch(transport)
    return ws


async def _hello(request: web.Request, conn: Connection) -> bool:
    settings = request.app[SETTINGS]
    # Before hello a socket belongs to no link: it gets a budget of its own.
    frames = Bucket(settings.ping_rate, settings.ping_burst)
    refusals = 0
    try:
        async with asyncio.timeout(settings.hello_timeout):
            async for msg in conn.ws:
                message = _read(msg)
                if message is None:
                    continue
                if not frames.take():
                    refusals += 1
                    if await _refuse(conn, message, refusals):
                        return False
                    continue
                refusals = 0
                if isinstance(message, protocol.Failure):
                    _error(conn, None, message)
                elif isinstance(message, protocol.Ping):
                    conn.send(protocol.pong(message.t0, now_ms()))
                elif isinstance(message, protocol.Hello):
                    conn.lang = shipped(message.lang) or conn.lang
                    return await _welcome(request, conn, message.token)
                else:
                    first = protocol.Failure(protocol.UNAUTHORIZED, "Say hello with your link's token first.")
                    _error(conn, message, first)
    except TimeoutError:
        await conn.close(WSCloseCode.POLICY_VIOLATION, "no hello in time")
    return False


async def _welcome(request: web.Request, conn: Connection, token: Any) -> bool:
    try:
        return await _join(request, conn, token)
    except (StoreUnavailable, NewerFormat) as exc:
        # The page shows "reconnecting" and tries again with backoff: the store comes back, or
        # (a rolling upgrade) an instance of the newer release serves it.
        _error(conn, None, exc)
        await conn.close(WSCloseCode.TRY_AGAIN_LATER, "store unavailable")
        return False


async def _join(request: web.Request, conn: Connection, token: Any) -> bool:
    store = request.app[STORE]
    well_formed = isinstance(token, str) and len(token) <= protocol.MAX_TOKEN
    parts = auth.split(token) if well_formed else None
    doc = await store.load(parts[0]) if parts else None
    cred = auth.authenticate(doc, parts[1]) if doc is not None and parts else None
    if doc is None or cred is None or parts is None:
        bad = protocol.Failure(
            protocol.UNAUTHORIZED, "This link is not valid. Ask your facilitator for your link again."
        )
        _error(conn, None, bad)
        await conn.close(WSCloseCode.POLICY_VIOLATION, "invalid link")
        return False
    settings = request.app[SETTINGS]
    # The hash names the link in every group (a SHA-256 of a random secret), and the group holds
    # it already: a key made per socket was 0.13 KB of every socket (bench.memory).
    conn.link_key = cred.hash
    conn.link = request.app[LINKS].open(conn.link_key)
    if conn.link is None:
        # A reload that overlaps its old page gets in on its next try, once that one closed.
        crowded = protocol.Failure(
            protocol.RATE_LIMITED,
            Plural(
                "This link is already open in another window; close it. This window keeps trying.",
                "This link is already open in {n} windows; close one of them. This window keeps trying.",
            ),
            n=settings.sockets_per_link,
        )
        _error(conn, None, crowded)
        await conn.close(WSCloseCode.TRY_AGAIN_LATER, "too many windows on this link")
        return False
    conn.group_id = doc.id
    conn.role = cred.role
    conn.member = cred.member
    conn.credential = cred.hash
    conn.sender = cred.member or cred.label
    conn.holder = ballot_holder(parts[1]) if cred.member is not None else None
    conn.send(protocol.welcome(cred.role, cred.member, doc.id))
    conn.phase = Phase.READY
    return await request.app[HUB].join(conn)


async def _serve(request: web.Request, conn: Connection) -> None:
    link = conn.link
    assert link is not None
    refusals = 0
    async for msg in conn.ws:
        message = _read(msg)
        if message is None:
            continue
        # Commands pay from the link's command bucket; pings and anything unreadable from the
        # other one, so a flood of either is bounded for the link, however many sockets it has.
        bucket = link.commands if isinstance(message, protocol.Cmd) else link.pings
        if not bucket.take():
            refusals += 1
            if await _refuse(conn, message, refusals):
                return
            continue
        refusals = 0
        if isinstance(message, protocol.Cmd):
            await _command(request, conn, message)
        elif isinstance(message, protocol.Ping):
            conn.send(protocol.pong(message.t0, now_ms()))
        elif isinstance(message, protocol.Failure):
            _error(conn, None, message)
        else:
            again = protocol.Failure(protocol.INVALID, "You are already connected; hello is said once.")
            _error(conn, message, again)
        if conn.phase is Phase.CLOSED:
            return
        if conn.unsent():
            # Let the loop flush this socket before the next buffered frame is handled, so a
            # client sending quickly is never mistaken for one that reads slowly. (Frames are
            # written straight to the socket: most often nothing is left to flush, and the next
            # receive suspends anyway.)
            await asyncio.sleep(0)


async def _refuse(conn: Connection, message: object, refusals: int) -> bool:
    """Answer `rate_limited`; close the socket (True) once it keeps sending regardless."""
    _error(
        conn, message, protocol.Failure(protocol.RATE_LIMITED, "Too many messages at once; wait a moment.")
    )
    if refusals >= FLOOD_REFUSALS:
        await conn.close(WSCloseCode.POLICY_VIOLATION, "too many messages")
        return True
    return False


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
        code = _error(conn, cmd, exc)
        if code == protocol.INTERNAL:
            # Only the command's name: its arguments may hold a member's words.
            log.exception("command %s failed", cmd.name[:64])
        request.app[METRICS].commands[code] += 1
    else:
        request.app[METRICS].commands["applied" if changed else "unchanged"] += 1
        # Not the group's version: that would count changes this page cannot see (answers,
        # ballots, others' signals). The frame counter of this socket says nothing about them.
        conn.send(protocol.ack(cmd.id, conn.frames, changed))


Read = protocol.Hello | protocol.Cmd | protocol.Ping | protocol.Failure


def _read(msg: WSMessage) -> Read | None:
    """The client's message, or the Failure to answer it with; None for no data at all."""
    if msg.type == WSMsgType.TEXT:
        try:
            return protocol.decode(msg.data)
        except protocol.Failure as bad:
            return bad
    if msg.type == WSMsgType.BINARY:
        return protocol.Failure(protocol.INVALID, "Send JSON as text frames.")
    return None


def _error(conn: Connection, message: object, exc: BaseException) -> str:
    """Answer `message` (a command gets its id back) with `exc`'s code and sentence, in the
    page's language; returns the code."""
    cmd_id = message.id if isinstance(message, protocol.Cmd) else None
    code, text = protocol.failure(exc, conn.lang)
    conn.send(protocol.error(cmd_id, code, text))
    return code
