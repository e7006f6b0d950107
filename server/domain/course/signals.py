"""Private signals from a member to the facilitators, named or anonymous.

Signals are numbered from one sequence, but their ids are not the numbers: a member who saw
their own `g1` and `g4` knew two other signals were sent in between. An id is a hash of the
number keyed by the group's link hashes (document/signals.py), which no page ever receives.
"""

from __future__ import annotations

from typing import Annotated

import msgspec

from ..document import MAX_NOTE, MAX_SIGNALS, Group, MemberSignalKind, Signal, link_key, signal_id
from ..limits import MINUTE_MS
from ..refusal import CONFLICT, NOT_FOUND, Phrase, Refused, Unchanged
from ..registry import FACILITATORS, MEMBERS, Actor, command
from .rules import text

Nonce = Annotated[str, msgspec.Meta(min_length=16, max_length=64, pattern="^[A-Za-z0-9_-]+$")]


class Send(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    kind: MemberSignalKind
    note: str = ""


class SendAnonymous(Send, forbid_unknown_fields=True, kw_only=True):
    nonce: Nonce | None = None


class Target(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    signal_id: str


def make_room(doc: Group) -> bool:
    """Make room for one more signal by forgetting the oldest acknowledged one; False if the
    list is full of signals nobody has acknowledged yet."""
    items = doc.signals.items
    if len(items) < MAX_SIGNALS:
        return True
    oldest = next((s for s in items if s.acknowledged_at is not None), None)
    if oldest is None:
        return False
    items.remove(oldest)
    return True


def next_id(doc: Group) -> str:
    """The next signal's id: says nothing about how many came before, to anyone without the
    group's link hashes."""
    doc.signals.seq += 1
    return signal_id(link_key(c.hash for c in doc.credentials), doc.signals.seq)


def _add(doc: Group, args: Send, member: str | None, at: int, nonce: str | None) -> None:
    note = text(args.note, field=Phrase("note"), limit=MAX_NOTE, allow_empty=True)
    if not make_room(doc):
        raise Refused(CONFLICT, "The facilitators have many signals waiting; please tell them in the group.")
    live = doc.session is not None and doc.session.status == "live"
    doc.signals.items.append(
        Signal(
            id=next_id(doc),
            kind=args.kind,
            note=note,
            member=member,
            at=at,
            session=doc.session.number if live and doc.session else None,
            nonce=nonce,
        )
    )


@command("signal.send", roles=MEMBERS, args=Send, changes=("signals",))
def send(doc: Group, args: Send, actor: Actor, now: int) -> None:
    """Signal the facilitators, and only them, with your name."""
    _add(doc, args, actor.member, now, None)


@command("signal.send_anonymous", roles=MEMBERS, args=SendAnonymous, anonymous=True, changes=("signals",))
def send_anonymous(doc: Group, args: SendAnonymous, actor: Actor, now: int) -> None:
    """Signal the facilitators without your name: nothing stored says who sent it."""
    if args.nonce is not None and any(s.nonce == args.nonce for s in doc.signals.items):
        raise Unchanged()  # the same signal, resent after a reconnect
    # To the minute only: an exact instant could be matched against other records.
    _add(doc, args, None, now - now % MINUTE_MS, args.nonce)


@command("signal.ack", roles=FACILITATORS, args=Target, changes=("signals",))
def acknowledge(doc: Group, args: Target, actor: Actor, now: int) -> None:
    """Mark a signal as seen; a named sender sees that it was."""
    signal = next((s for s in doc.signals.items if s.id == args.signal_id), None)
    if signal is None:
        raise Refused(NOT_FOUND, "That signal is no longer there.")
    if signal.acknowledged_at is not None:
        raise Unchanged()
    signal.acknowledged_at = now
