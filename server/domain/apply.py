"""apply(): the only way a group document changes."""

from __future__ import annotations

from typing import Any

import msgspec

from . import retries
from .document import Group, copy, copy_parts, encode, keep_alike
from .refusal import FORBIDDEN, INVALID, Refused, Unchanged
from .registry import COMMANDS, Actor

# Tests turn this on (check_sharing below; the service does for HOLDSPACE_CHECK_SHARING=1):
# apply() then checks that no command touched the version it started from, i.e. that
# `changes=` in each @command names every part it changes.
CHECK_SHARING = False


def check_sharing(on: bool) -> None:
    global CHECK_SHARING
    CHECK_SHARING = on


def _not_for(roles: frozenset[str]) -> Refused:
    """The refusal of a command sent by a role not among `roles`."""
    if roles == {"facilitator"}:
        return Refused(FORBIDDEN, "Only a facilitator can do that.")
    if roles == {"member"}:
        return Refused(FORBIDDEN, "Only a group member can do that.")
    if roles == {"facilitator", "member"}:
        return Refused(FORBIDDEN, "The display view is read-only.")
    return Refused(FORBIDDEN, "You may not do that.")


def apply(
    doc: Group,
    name: str,
    args: Any,
    actor: Actor,
    now: int,
    key: str | None = None,
) -> Group:
    """Return the next version of `doc`, or raise Refused / Unchanged.

    `key` names this command instance (sender + client id): a key applied in the last
    10 minutes means a retry, so it is acknowledged without being applied twice.
    """
    spec = COMMANDS.get(name)
    if spec is None:
        raise Refused(INVALID, 'There is no command called "{name}".', name=name[:40])
    if spec.server_only and not actor.server:
        raise Refused(FORBIDDEN, "Only the server issues this command (over HTTP, with a facilitator key).")
    if actor.role not in spec.roles:
        raise _not_for(spec.roles)
    remember = None if spec.anonymous else key
    if remember is not None and retries.seen(doc.recent, remember):
        raise Unchanged()
    try:
        parsed = msgspec.convert({} if args is None else args, spec.args, strict=True)
    except msgspec.ValidationError as exc:
        raise Refused(
            INVALID, "The arguments of {name} are not right: {detail}.", name=name, detail=str(exc)
        ) from None
    # Only the parts the command changes are copied; the rest is shared with `doc`, which is
    # the store's current version and must stay as it is (a refused command changes nothing).
    new = copy(doc) if spec.changes is None else copy_parts(doc, spec.changes)
    before = encode(doc) if CHECK_SHARING else b""
    try:
        spec.handler(new, parsed, actor, now)
    finally:
        if CHECK_SHARING and encode(doc) != before:
            raise AssertionError(f"{name} changed a part of the group it does not declare")
    keep_alike(new, doc, spec.changes)
    new.version = doc.version + 1
    if remember is not None:
        new.recent = retries.remember(new.recent, remember, now)
    return new
