"""Private signals: a member discreetly tells the facilitators "I need a moment", "please
check in with me after the session" or "something said didn't sit right with me".

One sub-document of the group (`Group.signals`). Only facilitators' views include signals.
An anonymous signal stores no member id, and its time only to the minute, so nothing in the
document ties it to its sender.
"""

from __future__ import annotations

from typing import Literal

import msgspec

SignalKind = Literal["moment", "check_in", "not_right"]

SIGNAL_TEXT: dict[str, str] = {
    "moment": "I need a moment",
    "check_in": "Please check in with me after the session",
    "not_right": "Something said didn't sit right with me",
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


class Signals(msgspec.Struct, kw_only=True):
    # Ids are random (`g` + 16 hex digits); groups stored by release c3c67d0 numbered them from
    # one sequence, which the format-2 migration replaced.
    items: list[Signal] = msgspec.field(default_factory=list)
