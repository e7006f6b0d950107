"""Private signals: a member discreetly tells the facilitators "I need a moment", "please
check in with me after the session" or "something said didn't sit right with me"; and the
self-report raises its own, about a member, never from them (`safety`: an answer above 0 to
PHQ-9 item 9; `deterioration`: a reliable rise in score since last week).

One sub-document of the group (`Group.signals`). Only facilitators' views include signals.
An anonymous signal stores no member id, and its time only to the minute, so nothing in the
document ties it to its sender.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Literal

import msgspec

# What a member may send; the self-report's kinds are raised by the server only.
MemberSignalKind = Literal["moment", "check_in", "not_right"]
SignalKind = Literal["moment", "check_in", "not_right", "safety", "deterioration"]
MEMBER_SIGNAL_KINDS: frozenset[str] = frozenset({"moment", "check_in", "not_right"})

SIGNAL_TEXT: dict[str, str] = {
    "moment": "I need a moment",
    "check_in": "Please check in with me after the session",
    "not_right": "Something said didn't sit right with me",
    "safety": "Answered above 0 to PHQ-9 item 9 (thoughts of being better off dead or of self-harm)",
    "deterioration": "Self-report score rose reliably since last week",
}

MAX_NOTE = 280
# Signals kept per group; when full, the oldest acknowledged one makes room.
MAX_SIGNALS = 100


class Signal(msgspec.Struct, kw_only=True):
    id: str
    kind: SignalKind
    note: str = ""
    # None for an anonymous signal.
    member: str | None = None
    at: int
    # The session it was sent in; None between sessions.
    session: int | None = None
    acknowledged_at: int | None = None
    # A random value the sender's page chose for an anonymous signal, so a resend after a
    # reconnect is recognised; it names the signal, not the sender.
    nonce: str | None = None
    # Self-report signals only: the instrument, the item-9 answer (safety), the new score and
    # its rise since the member's previous score (deterioration).
    instrument: str | None = None
    answer: int | None = None
    score: int | None = None
    change: int | None = None


class Signals(msgspec.Struct, kw_only=True):
    items: list[Signal] = msgspec.field(default_factory=list)
    seq: int = 0  # signals raised so far; ids are keyed hashes of it (signal_id)


def link_key(hashes: Iterable[str]) -> str:
    """Key material only the server holds: the group's link hashes (never sent to any page)."""
    return "\0".join(hashes)


def signal_id(key: str, number: int) -> str:
    """`g` + 16 hex digits: the signal's number, hashed under the group's key. Release c3c67d0
    used `g<number>` itself, which let a member count other members' signals between theirs."""
    digest = hashlib.sha256(f"holdspace/signal-id\0{key}\0g{number}".encode()).hexdigest()
    return "g" + digest[:16]
