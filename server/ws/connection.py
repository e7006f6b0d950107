"""One connected page: its socket, who it is, and a bounded queue of frames to send."""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging

from aiohttp import WSCloseCode, WSMsgType, web

from ..domain import Role
from .links import Link

log = logging.getLogger(__name__)

# A reader this far behind is dropped: it reconnects and gets a fresh snapshot, which is
# worth more to it than a backlog of stale ones.
MAX_QUEUE = 32
CLOSE_TIMEOUT = 2.0


class Phase(enum.Enum):
    AUTH = "auth"
    READY = "ready"
    CLOSED = "closed"


class Connection:
    __slots__ = (
        "__weakref__",
        "_closer",
        "_queue",
        "_writer",
        "credential",
        "frames",
        "group_id",
        "holder",
        "lang",
        "link",
        "link_key",
        "member",
        "phase",
        "role",
        "seen",
        "sender",
        "ws",
    )

    def __init__(self, ws: web.WebSocketResponse) -> None:
        self.ws = ws
        self.phase = Phase.AUTH
        self.group_id = ""
        self.role: Role = "display"
        self.member: str | None = None
        # The stored hash of the link this socket said hello with: when the group no longer
        # holds it (the link was re-issued), the hub closes the socket.
        self.credential = ""
        # The link's budget and socket count in this process (ws/links.py), by "group:hash".
        self.link: Link | None = None
        self.link_key = ""
        # Which link this is (member id, "facilitator", "co-facilitator"): retries are per link.
        self.sender = ""
        # A member's feedback-ballot holder (server/ws/supplied.py): in memory only, never stored.
        self.holder: str | None = None
        # The language of the sentences this socket is sent (ws/endpoint.py: its hello's `lang`,
        # else its upgrade request's).
        self.lang = "en"
        # State frames sent on this socket: the `version` of its frames and acks (1, 2, 3, ...),
        # which says nothing about how often the group changed.
        self.frames = 0
        # The encoded parts of the last state frame sent (shared view, own part, presence): a
        # new version that leaves all three equal sends nothing (server/ws/hub.py).
        self.seen: tuple[bytes, bytes | None, bytes | None] | None = None
        self._queue: list[bytes] = []
        self._writer: asyncio.Task[None] | None = None
        self._closer: asyncio.Task[None] | None = None

    def send(self, frame: bytes) -> None:
        """Queue a frame without waiting; a socket whose queue is full is dropped."""
        if self.phase is Phase.CLOSED:
            return
        if len(self._queue) >= MAX_QUEUE:
            log.info("dropping a slow socket (group %s, role %s)", self.group_id, self.role)
            self.drop()
            return
        self._queue.append(frame)
        if self._writer is None:
            self._writer = asyncio.get_running_loop().create_task(self._drain())

    async def _drain(self) -> None:
        try:
            while self._queue and self.phase is not Phase.CLOSED:
                frame = self._queue.pop(0)
                await self.ws.send_frame(frame, WSMsgType.TEXT)
        except (ConnectionError, RuntimeError):
            self.phase = Phase.CLOSED
        finally:
            self._writer = None

    def drop(self) -> None:
        self.phase = Phase.CLOSED
        self._queue.clear()
        self._closer = asyncio.get_running_loop().create_task(
            self._close(WSCloseCode.TRY_AGAIN_LATER, "too slow")
        )

    async def finish(self) -> None:
        """Wait for a pending close, so the socket ends with its own close code."""
        if self._closer is not None:
            await self._closer

    async def close(self, code: int, message: str) -> None:
        """Send what is queued, then close."""
        writer = self._writer
        if writer is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(asyncio.shield(writer), 2)
        self.phase = Phase.CLOSED
        await self._close(code, message)

    async def _close(self, code: int, message: str) -> None:
        # A reader that is not reading will not answer the close handshake either: give up
        # quickly, which aborts the transport.
        with contextlib.suppress(Exception):
            async with asyncio.timeout(CLOSE_TIMEOUT):
                await self.ws.close(code=code, message=message.encode(), drain=False)
