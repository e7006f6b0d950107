"""Private signals from a member to the facilitators, named or anonymous.

A signal's id is random (supplied by the server, `new_id`): ids drawn from one sequence would
tell a member who sees their own `g1` and `g4` that two other signals were sent in between.
"""

from __future__ import annotations

from typing import Annotated

import msgspec

from ..document import MAX_NOTE, MAX_SIGNALS, Group, Signal, SignalKind
from ..limits import MINUTE_MS
from ..refusal import CONFLICT, NOT_FOUND, Refused, Unchanged
from ..registry import FACILITATORS, MEMBERS, Actor, command
from .rules import text

Nonce = Annotated[str, msgspec.Meta(min_length=16, max_length=64, pattern="^[A-Za-z0-9_-]+$")]
NewId = Annotated[str, msgspec.Meta(pattern="^[0-9a-f]{16}$")]


class Send(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    kind: SignalKind
    note: str = ""
    new_id: NewId  # random, supplied by the server


class SendAnonymous(Send, forbid_unknown_fields=True, kw_only=True):
    nonce: Nonce | None = None


class Target(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    signal_id: str


def _room(doc: Group) -> None:
    """Make room for one more signal by forgetting the oldest acknowledged one."""
    items = doc.signals.items
    if len(items) < MAX_SIGNALS:
        return
    oldest = next((s for s in items if s.acknowledged_at is not None), None)
    if oldest is None:
        raise Refused(CONFLICT, "The facilitators have many signals waiting; please tell them in the group.")
    items.remove(oldest)


def _add(doc: Group, args: Send, member: str | None, at: int, nonce: str | None) -> None:
    note = text(args.note, field="note", limit=MAX_NOTE, allow_empty=True)
    _room(doc)
    signal_id = f"g{args.new_id}"
    if any(s.id == signal_id for s in doc.signals.items):
        raise Refused(CONFLICT, "That signal could not be sent; please send it again.")  # 2^-64
    live = doc.session is not None and doc.session.status == "live"
    doc.signals.items.append(
        Signal(
            id=signal_id,
            kind=args.kind,
            note=note,
            member=member,
            at=at,
            session=doc.session.number if live and doc.session else None,
            nonce=nonce,
        )
    )


@command("signal.send", roles=MEMBERS, args=Send, supplied=("new_id",))
def send(doc: Group, args: Send, actor: Actor, now: int) -> None:
    """Signal the facilitators, and only them, with your name."""
    _add(doc, args, actor.member, now, None)


@command("signal.send_anonymous", roles=MEMBERS, args=SendAnonymous, anonymous=True, supplied=("new_id",))
def send_anonymous(doc: Group, args: SendAnonymous, actor: Actor, now: int) -> None:
    """Signal the facilitators without your name: nothing stored says who sent it."""
    if args.nonce is not None and any(s.nonce == args.nonce for s in doc.signals.items):
        raise Unchanged()  # the same signal, resent after a reconnect
    # To the minute only: an exact instant could be matched against other records.
    _add(doc, args, None, now - now % MINUTE_MS, args.nonce)


@command("signal.ack", roles=FACILITATORS, args=Target)
def acknowledge(doc: Group, args: Target, actor: Actor, now: int) -> None:
    """Mark a signal as seen; a named sender sees that it was."""
    signal = next((s for s in doc.signals.items if s.id == args.signal_id), None)
    if signal is None:
        raise Refused(NOT_FOUND, "That signal is no longer there.")
    if signal.acknowledged_at is not None:
        raise Unchanged()
    signal.acknowledged_at = now
