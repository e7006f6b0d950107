"""apply(): the only way a group document changes."""

from __future__ import annotations

from typing import Any

import msgspec

from . import retries
from .document import Group, copy
from .refusal import FORBIDDEN, INVALID, Refused, Unchanged
from .registry import COMMANDS, Actor

_ROLE_WORDS = {
    frozenset({"facilitator"}): "Only a facilitator can do that.",
    frozenset({"member"}): "Only a group member can do that.",
    frozenset({"facilitator", "member"}): "The display view is read-only.",
}


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
        raise Refused(INVALID, f"There is no command called {name[:40]!r}.")
    if spec.server_only and not actor.server:
        raise Refused(FORBIDDEN, "Only the server issues this command (over HTTP, with a facilitator key).")
    if actor.role not in spec.roles:
        raise Refused(FORBIDDEN, _ROLE_WORDS.get(spec.roles, "You may not do that."))
    remember = None if spec.anonymous else key
    if remember is not None and retries.seen(doc.recent, remember):
        raise Unchanged()
    try:
        parsed = msgspec.convert({} if args is None else args, spec.args, strict=True)
    except msgspec.ValidationError as exc:
        raise Refused(INVALID, f"The arguments of {name} are not right: {exc}.") from None
    new = copy(doc)
    spec.handler(new, parsed, actor, now)
    new.version = doc.version + 1
    if remember is not None:
        new.recent = retries.remember(new.recent, remember, now)
    return new
