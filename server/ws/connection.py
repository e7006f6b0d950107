"""One connected page: its socket, who it is, and how its frames are sent.

A frame is written to the socket's transport at once, with no task per frame: the transport's
own buffer is the queue. A page whose buffer holds more than MAX_BUFFERED bytes is not reading
and is dropped: it reconnects and gets a fresh snapshot, which is worth more to it than a
backlog of stale ones. (aiohttp's public `send_frame` is a coroutine that may wait for the
buffer to drain; we never wait, so we make the frame ourselves, `prepare`, once for every socket
of a role: tests/ws/test_flow_control.py checks it is what aiohttp's own writer would write.)
"""

from __future__ import annotations

import asyncio
import enum
import logging
import struct

from aiohttp import WSCloseCode, web

from ..domain import Role
from .links import Link

log = logging.getLogger(__name__)

# About 32 state frames: a page this far behind is not reading.
MAX_BUFFERED = 96 * 1024
CLOSE_TIMEOUT = 2.0


def prepare(message: bytes) -> bytes:
    """A whole text frame as a server writes it (final, unmasked, uncompressed: the sockets are
    opened with compress=False), made once and written to every socket of a role."""
    n = len(message)
    if n < 126:
        return struct.pack("!BB", 0x81, n) + message
    if n < 65536:
        return struct.pack("!BBH", 0x81, 126, n) + message
    return struct.pack("!BBQ", 0x81, 127, n) + message


class Phase(enum.Enum):
    AUTH = "auth"
    READY = "ready"
    CLOSED = "closed"


class Connection:
    __slots__ = (
        "__weakref__",
        "_closer",
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
        "transport",
        "ws",
    )

    def __init__(self, ws: web.WebSocketResponse) -> None:
        self.ws = ws
        # Where frames go (the prepared socket's); None once the socket is closed or dropped.
        writer = ws._writer
        self.transport: asyncio.Transport | None = None if writer is None else writer.transport
        self.phase = Phase.AUTH
        self.group_id = ""
        self.role: Role = "display"
        self.member: str | None = None
        # The stored hash of the link this socket said hello with: when the group no longer
        # holds it (the link was re-issued), the hub closes the socket.
        self.credential = ""
        # The link's budget and socket count in this process (ws/links.py), by its hash.
        self.link: Link | None = None
        self.link_key = ""
        # Which link this is (member id, "facilitator", "co-facilitator"): retries are per link.
        self.sender = ""
        # A member's feedback-ballot holder (server/ws/supplied.py): in memory only, never stored.
        self.holder: str | None = None
        # The language of the sentences this socket is sent (ws/endpoint.py: its hello's `lang`,
        # else its upgrade request's).
        self.lang = "en"
        # State frames sent on this socket (1, 2, 3, ...): the `version` of its acks, which the
        # page's own count of state frames matches; it says nothing about how often the group
        # changed.
        self.frames = 0
        # The encoded parts of the last state frame sent (the shared view's pieces, own part,
        # presence): a new version that leaves all three equal sends nothing (server/ws/hub.py).
        self.seen: tuple[tuple[bytes, ...], bytes | None, bytes | None] | None = None
        self._closer: asyncio.Task[None] | None = None

    def send(self, message: bytes) -> None:
        """Write a text message now, as its own frame."""
        self.write(prepare(message))

    def write(self, frame: bytes) -> None:
        """Write a whole frame made by `prepare` (a role's state frame is made once and written
        to each of its sockets); a socket whose transport holds too much unread is dropped."""
        transport = self.transport
        if transport is None or transport.is_closing():
            self.phase = Phase.CLOSED
            self.transport = None
            return
        if transport.get_write_buffer_size() > MAX_BUFFERED:
            log.info("dropping a slow socket (group %s, role %s)", self.group_id, self.role)
            self.drop()
            return
        transport.write(frame)

    def unsent(self) -> int:
        """Bytes written to this socket that the kernel has not taken yet."""
        transport = self.transport
        return 0 if transport is None else transport.get_write_buffer_size()

    def drop(self) -> None:
        self.phase = Phase.CLOSED
        self.transport = None
        self._closer = asyncio.get_running_loop().create_task(
            self._close(WSCloseCode.TRY_AGAIN_LATER, "too slow")
        )

    async def finish(self) -> None:
        """Wait for a pending close, so the socket ends with its own close code."""
        if self._closer is not None:
            await self._closer

    async def close(self, code: int, message: str) -> None:
        """Close after what was sent (it is already in the transport, ahead of the close frame)."""
        self.phase = Phase.CLOSED
        self.transport = None
        await self._close(code, message)

    async def _close(self, code: int, message: str) -> None:
        # A reader that is not reading will not answer the close handshake either (nor let the
        # close frame through): give up quickly and cut the connection.
        try:
            async with asyncio.timeout(CLOSE_TIMEOUT):
                await self.ws.close(code=code, message=message.encode(), drain=False)
        except Exception:
            writer = self.ws._writer
            if writer is not None and writer.transport is not None:
                writer.transport.abort()
