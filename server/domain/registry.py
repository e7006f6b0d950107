"""Commands register here with who may send them and the shape of their arguments.

A handler receives a private copy of the document and mutates it; raising Refused or
Unchanged leaves the stored document untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import msgspec

from .document import DISPLAY, FACILITATOR, MEMBER, Group, Role

FACILITATORS: frozenset[Role] = frozenset({FACILITATOR})
MEMBERS: frozenset[Role] = frozenset({MEMBER})
PARTICIPANTS: frozenset[Role] = frozenset({FACILITATOR, MEMBER})
ALL_ROLES: frozenset[Role] = frozenset({FACILITATOR, MEMBER, DISPLAY})


@dataclass(frozen=True, slots=True)
class Actor:
    role: Role
    member: str | None = None
    # The server itself, acting for someone it checked outside the socket (a facilitator key
    # over HTTP): only such an actor may run `server_only` commands.
    server: bool = False


class NoArgs(msgspec.Struct, forbid_unknown_fields=True):
    pass


Handler = Callable[[Group, Any, Actor, int], None]
# What a command answers its sender alone, after it was accepted (e.g. a member's ballot).
Reply = Callable[[Group, Any], dict[str, Any] | None]


@dataclass(frozen=True, slots=True)
class CommandSpec:
    name: str
    roles: frozenset[Role]
    args: type[msgspec.Struct]
    handler: Handler
    summary: str
    # Anonymous commands are never remembered for de-duplication: the memory would tie
    # a sender to a command in the stored document.
    anonymous: bool = False
    # Arguments the server fills in (randomness, facts about the sender's link), never the
    # client: whatever a client sends in them is replaced (server/ws/supplied.py).
    supplied: tuple[str, ...] = ()
    reply: Reply | None = None
    # Commands whose arguments the server mints (a new link's hash): no socket may send them,
    # whatever its role, or a client could choose its own link secret.
    server_only: bool = False
    # The parts of the group (top-level fields) the command may change: only those are copied
    # for it, the rest shared with the version before (None: the whole document is copied).
    changes: tuple[str, ...] | None = None


COMMANDS: dict[str, CommandSpec] = {}


def command(
    name: str,
    *,
    roles: frozenset[Role],
    args: type[msgspec.Struct] = NoArgs,
    anonymous: bool = False,
    supplied: tuple[str, ...] = (),
    reply: Reply | None = None,
    server_only: bool = False,
    changes: tuple[str, ...] | None = None,
) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        if name in COMMANDS:
            raise RuntimeError(f"command {name} registered twice")
        summary = (handler.__doc__ or "").strip().splitlines()[0] if handler.__doc__ else ""
        unknown = set(changes or ()) - set(Group.__struct_fields__)
        if unknown:
            raise RuntimeError(f"command {name} changes unknown parts {sorted(unknown)}")
        COMMANDS[name] = CommandSpec(
            name, roles, args, handler, summary, anonymous, supplied, reply, server_only, changes
        )
        return handler

    return register
