"""Editing the agenda: the template for coming sessions, or the live session's own plan.

In the live session only segments still ahead may be removed or moved, so the clock never
loses time that was already spent.
"""

from __future__ import annotations

from typing import Literal

import msgspec

from .. import limits
from ..document import Group, Segment, SegmentKind
from ..refusal import CONFLICT, INVALID, NOT_FOUND, Phrase, Refused, Unchanged
from ..registry import FACILITATORS, Actor, command
from ..text import clean
from .agenda import SegmentSpec, check_size, duration_ms, segment_from

Scope = Literal["auto", "session", "template"]


class Add(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    title: str
    minutes: int
    kind: SegmentKind = "discussion"
    at: int | None = None
    scope: Scope = "auto"


class Target(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    segment_id: str
    scope: Scope = "auto"


class Move(Target, forbid_unknown_fields=True, kw_only=True):
    to_index: int


class Rename(Target, forbid_unknown_fields=True, kw_only=True):
    title: str


class SetMinutes(Target, forbid_unknown_fields=True, kw_only=True):
    minutes: int


def _plan(doc: Group, scope: Scope) -> tuple[list[Segment], int]:
    """The segment list to edit and the first index that may still change shape."""
    live = doc.session is not None and doc.session.status == "live"
    if scope == "session" or (scope == "auto" and live):
        if doc.session is None or not live:
            raise Refused(CONFLICT, "No session is running; edit the template instead.")
        return doc.session.segments, doc.session.current + 1
    return doc.template, 0


def _find(segments: list[Segment], segment_id: str) -> int:
    for i, seg in enumerate(segments):
        if seg.id == segment_id:
            return i
    raise Refused(NOT_FOUND, "That segment is no longer on the agenda.")


def _ahead(index: int, first_free: int) -> None:
    if index < first_free:
        raise Refused(CONFLICT, "That segment has already started; only later segments can change.")


@command("agenda.add", roles=FACILITATORS, args=Add)
def add(doc: Group, args: Add, actor: Actor, now: int) -> None:
    """Add a segment at position `at` (default: the end)."""
    segments, first_free = _plan(doc, args.scope)
    check_size(len(segments) + 1)
    at = len(segments) if args.at is None else args.at
    if not first_free <= at <= len(segments):
        raise Refused(
            INVALID,
            "A new segment can go at positions {first} to {last}.",
            first=first_free,
            last=len(segments),
        )
    doc.seq += 1
    spec = SegmentSpec(title=args.title, minutes=args.minutes, kind=args.kind)
    segments.insert(at, segment_from(spec, f"s{doc.seq}"))


@command("agenda.remove", roles=FACILITATORS, args=Target)
def remove(doc: Group, args: Target, actor: Actor, now: int) -> None:
    """Remove a segment that has not started."""
    segments, first_free = _plan(doc, args.scope)
    index = _find(segments, args.segment_id)
    _ahead(index, first_free)
    del segments[index]


@command("agenda.move", roles=FACILITATORS, args=Move)
def move(doc: Group, args: Move, actor: Actor, now: int) -> None:
    """Move a segment that has not started to position `to_index`."""
    segments, first_free = _plan(doc, args.scope)
    index = _find(segments, args.segment_id)
    _ahead(index, first_free)
    if not first_free <= args.to_index < len(segments):
        raise Refused(
            INVALID,
            "Segments can move to positions {first} to {last}.",
            first=first_free,
            last=len(segments) - 1,
        )
    if args.to_index == index:
        raise Unchanged()
    segments.insert(args.to_index, segments.pop(index))


@command("agenda.rename", roles=FACILITATORS, args=Rename)
def rename(doc: Group, args: Rename, actor: Actor, now: int) -> None:
    """Rename a segment."""
    segments, _ = _plan(doc, args.scope)
    seg = segments[_find(segments, args.segment_id)]
    seg.title = clean(args.title, field=Phrase("segment title"), limit=limits.MAX_NAME)


@command("agenda.set_minutes", roles=FACILITATORS, args=SetMinutes)
def set_minutes(doc: Group, args: SetMinutes, actor: Actor, now: int) -> None:
    """Set a segment's planned length in whole minutes (the running one too)."""
    segments, first_free = _plan(doc, args.scope)
    index = _find(segments, args.segment_id)
    _ahead(index, first_free - 1)  # the running segment may be re-planned; finished ones may not
    segments[index].duration_ms = duration_ms(args.minutes)
