"""What one link may use in this process, whatever number of sockets it opens.

A link is one of a group's credentials (a member's personal link, the console link, ...). All
sockets of one link share its buckets -- one for commands, one for everything else a socket
sends (pings, and frames that are refused as malformed) -- so opening more sockets buys no
more: before, 100 sockets on one member link applied 100 times one socket's budget. A link
may have at most `sockets_per_link` sockets open at once.

A link's state outlives its sockets until its buckets are full again, so closing and
reopening a socket does not refill them either.
"""

from __future__ import annotations

from ..config import Settings
from ..guard.ratelimit import Bucket, Table


class Link:
    __slots__ = ("commands", "pings", "sockets")

    def __init__(self, settings: Settings) -> None:
        self.commands = Bucket(settings.command_rate, settings.command_burst)
        self.pings = Bucket(settings.ping_rate, settings.ping_burst)
        self.sockets = 0

    def idle(self) -> bool:
        return self.sockets == 0 and self.commands.full() and self.pings.full()


class Links:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        # A link is forgotten once idle: no socket, and both buckets full again.
        self._links: Table[Link] = Table(lambda: Link(settings), Link.idle)

    def __len__(self) -> int:
        return len(self._links)

    def open(self, key: str) -> Link | None:
        """The link's shared state for one more socket; None if it has its most already."""
        link = self._links.get(key)
        if link.sockets >= self._settings.sockets_per_link:
            return None
        link.sockets += 1
        return link

    def close(self, key: str) -> None:
        link = self._links.peek(key)
        if link is not None:
            link.sockets -= 1
