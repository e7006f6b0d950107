"""The contract every store keeps (tests/store/ runs one suite against each)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Protocol

from ..domain import Group

if TYPE_CHECKING:
    from .keyring import Keyring

Listener = Callable[[Group], None]
Unwatch = Callable[[], Awaitable[None]]

# A group document is a few KB; anything near this is a bug or abuse.
MAX_DOCUMENT = 512 * 1024


class VersionConflict(Exception):
    """Someone committed first: reload and apply again."""


class GroupExists(Exception):
    pass


class TooLarge(Exception):
    pass


class StoreUnavailable(Exception):
    """The store cannot be reached; nothing was written."""


class WriteFailed(StoreUnavailable):
    """The store's disk refused the write (full, read-only, failing); nothing was written."""


class Store(Protocol):
    # Facilitator keys, kept beside the groups (keyring.py).
    keys: Keyring

    async def create(self, doc: Group) -> None:
        """Store a new group; GroupExists if its id is taken."""

    async def load(self, group_id: str) -> Group | None:
        """The latest committed version. Callers must not mutate it."""

    def cached(self, group_id: str) -> Group | None:
        """A recent version already in this process, if the store keeps one, to try a command
        on before loading: the write path's compare-and-set finds out if it was not the
        latest, and it decides nothing but a successful commit on it (server/write.py)."""

    async def peek(self, group_id: str) -> Group | None:
        """Like load, for a walk over every stored group: the store need not keep it in memory,
        nor write it back in the current format."""

    async def commit(self, doc: Group, expected_version: int) -> None:
        """Store `doc` if the stored version is still `expected_version`, else VersionConflict.

        Every watcher of the group, in every process, then hears of the new version; those in
        this process before commit returns (so a page's frame precedes the command's ack).
        """

    async def watch(self, group_id: str, listener: Listener) -> Unwatch:
        """Call `listener` with newly committed versions of the group, in order, each once.

        Returns once the watch is live: a commit after it is heard. If notifications were
        lost (a broken connection), the store hands over the latest version once it is back.
        """

    async def delete(self, group_id: str) -> None: ...

    def compact(self) -> None:
        """Drop what the store keeps of earlier versions, if it keeps any (Redis: its
        append-only file's history); returns at once. Called when a feedback card closes and
        when a group is deleted, so their history does not outlive them (docs/privacy.md)."""

    async def group_ids(self) -> list[str]:
        """Every stored group's id (the retention sweep walks them)."""

    async def owned(self, key_id: str) -> list[Group]:
        """The stored groups that facilitator key `key_id` created (not deleted)."""

    async def healthy(self) -> bool:
        """Whether the store can take writes now (for /healthz)."""

    async def close(self) -> None: ...
