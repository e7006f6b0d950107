"""The group document: one versioned record per course of weekly sessions.

Instants are server milliseconds since the epoch. The document stores instants and
accumulated durations, never "time remaining": views derive that from `now`.
"""

from __future__ import annotations

from typing import Any, Literal, get_type_hints

import msgspec

from . import alike
from .course import Course
from .feedback import Feedback
from .floor import Floor
from .selfreport import SelfReport
from .session import Segment, Session
from .signals import Signals

Role = Literal["facilitator", "member", "display"]

FACILITATOR: Role = "facilitator"
MEMBER: Role = "member"
DISPLAY: Role = "display"


class Credential(msgspec.Struct, kw_only=True):
    """A link's secret, kept only as a hash."""

    hash: str
    role: Role
    member: str | None = None
    label: str = ""


class Member(msgspec.Struct, kw_only=True):
    id: str
    name: str


# The languages Holdspace ships (catalogs under static/i18n/ and server/i18n/; tests/test_i18n.py
# keeps the three lists equal). A group's default is the language its pages fall back to.
LANGUAGES: tuple[str, ...] = ("en", "es")
DEFAULT_LANGUAGE = "en"

# The stored format this build writes (domain/document/format.py reads older ones forward).
FORMAT = 2


class Group(msgspec.Struct, kw_only=True):
    # Documents written before formats were numbered (release c3c67d0) have none: format 1.
    format: int = FORMAT
    id: str
    version: int = 1
    name: str
    created_at: int
    sessions_planned: int
    members: list[Member]
    credentials: list[Credential]
    template: list[Segment]
    session: Session | None = None
    sessions_held: int = 0
    # Speaking turns, the hand queue and the floor ledger (floor.py).
    floor: Floor = msgspec.field(default_factory=Floor)
    # Counter for ids minted inside the domain (segments), so apply() stays deterministic.
    seq: int = 0
    # Commands applied in the last minutes, so a retry after reconnect is acknowledged, not
    # re-applied (domain/retries.py): command key -> when, oldest first.
    recent: dict[str, int] = msgspec.field(default_factory=dict)
    # Agreements, goals, homework and attendance across the weeks (course.py).
    course: Course = msgspec.field(default_factory=Course)
    # Members' private signals to the facilitators (signals.py).
    signals: Signals = msgspec.field(default_factory=Signals)
    # Set on the last version a deleted group ever has: every server closes its sockets.
    deleted_at: int | None = None
    # Anonymous feedback cards, their counts and the group's library (feedback.py).
    feedback: Feedback = msgspec.field(default_factory=Feedback)
    # Weekly self-report (selfreport.py): named clinical answers; None until turned on.
    selfreport: SelfReport | None = None
    # The language of a page whose person chose none and whose browser asks for none we ship.
    language: str = DEFAULT_LANGUAGE
    # The id of the facilitator key that created the group (its holder lists it, reopens its
    # console, re-issues links); None for groups created without a key.
    owner: str | None = None


_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder(Group)


def encode(doc: Group) -> bytes:
    return _encoder.encode(doc)


# The parts of a group that change rarely (not its clock, floor, retry memory or counters) and
# make up most of a stored document (the feedback library, the links' hashes, the course).
_COLD = ("members", "credentials", "template", "course", "signals", "feedback", "selfreport")
_HOT = tuple(name for name in Group.__struct_fields__ if name not in _COLD)
# Of those, what each group has its own; the template and the feedback's library are most often
# the ones most groups have alike (alike.py), whose bytes are then held once for all of them.
_OWN = tuple(name for name in _COLD if name not in ("template", "feedback"))
_FEEDBACK_OWN = tuple(name for name in Feedback.__struct_fields__ if name != "library")

# What encode_after() hands back for the next version of the same group: a version and the
# encoding of its rarely-changing parts, in pieces to join.
Encoded = tuple[Group, tuple[bytes, ...]]


def encode_after(doc: Group, last: Encoded | None) -> tuple[bytes, Encoded]:
    """`doc` encoded (the members of encode(doc), in another order: decode() reads either),
    reusing the encoding of its rarely-changing parts when it shares every one of them with the
    version `last` was made for: most commands change the clock or the floor and leave them."""
    if last is not None and all(getattr(doc, name) is getattr(last[0], name) for name in _COLD):
        cold = last[1]
    else:
        cold = _cold(doc)
    hot = _encoder.encode({name: getattr(doc, name) for name in _HOT})
    # Joined from views: the whole document is copied once, not once per concatenation.
    return b"".join((memoryview(hot)[:-1], b",", *cold)), (doc, cold)


def _cold(doc: Group) -> tuple[bytes, ...]:
    """The rarely-changing parts' members, `{` left off: kept for as long as the group's versions
    share them, so as exact copies (msgspec hands back its buffer as it grew, up to half of it
    unused), and the held bytes of the parts alike in many groups instead of their own."""
    own = {name: getattr(doc, name) for name in _OWN}
    own["feedback"] = {name: getattr(doc.feedback, name) for name in _FEEDBACK_OWN}
    data = memoryview(_encoder.encode(own))
    # `..."feedback":{...}}`: the library goes in before the feedback's own closing brace.
    return (
        bytes(data[1:-2]),
        b',"library":',
        _kept(doc.feedback.library),
        b'},"template":',
        _kept(doc.template),
        b"}",
    )


def _kept(part: object) -> bytes:
    return alike.encoding(part) or bytes(memoryview(_encoder.encode(part)))


def copy(doc: Group) -> Group:
    """A deep copy that commands may mutate freely."""
    return _decoder.decode(_encoder.encode(doc))


# Each top-level field's own decoder, so one part of a document can be copied alone.
_PART_DECODERS: dict[str, msgspec.json.Decoder[Any]] = {
    name: msgspec.json.Decoder(hint) for name, hint in get_type_hints(Group).items()
}


def copy_parts(doc: Group, parts: tuple[str, ...]) -> Group:
    """A new Group sharing every part with `doc` except `parts`, which are deep copies: a command
    that changes only those may mutate them, and must not touch any other part (tests run with
    HOLDSPACE_CHECK_SHARING=1, which makes apply() check that the old version is untouched)."""
    new = msgspec.structs.replace(doc)
    for name in parts:
        setattr(new, name, _PART_DECODERS[name].decode(_encoder.encode(getattr(doc, name))))
    return new
