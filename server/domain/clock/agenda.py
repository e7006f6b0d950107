"""Agenda templates and the default IPT-G session plan (DOMAIN.md, "the reference agenda")."""

from __future__ import annotations

import msgspec

from .. import limits
from ..document import Segment, SegmentKind
from ..refusal import INVALID, Phrase, Refused
from ..text import clean


class SegmentSpec(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A segment as a person describes it: a title and whole minutes."""

    title: str
    minutes: int
    kind: SegmentKind = "discussion"


REFERENCE_AGENDA: tuple[SegmentSpec, ...] = (
    SegmentSpec(title="Grounding meditation", minutes=5, kind="lead"),
    SegmentSpec(title="Check-in round", minutes=15, kind="round"),
    SegmentSpec(title="Treatment discussion", minutes=15, kind="discussion"),
    SegmentSpec(title="In-depth turns", minutes=60, kind="spotlight"),
    SegmentSpec(title="Homework setting", minutes=5, kind="homework"),
)


def duration_ms(minutes: int) -> int:
    ms = minutes * limits.MINUTE_MS
    if not 0 < ms <= limits.MAX_SEGMENT_MS:
        raise Refused(
            INVALID,
            "A segment lasts between 1 and {max} minutes.",
            max=limits.MAX_SEGMENT_MS // limits.MINUTE_MS,
        )
    return ms


def segment_from(spec: SegmentSpec, segment_id: str) -> Segment:
    return Segment(
        id=segment_id,
        title=clean(spec.title, field=Phrase("segment title"), limit=limits.MAX_NAME),
        kind=spec.kind,
        duration_ms=duration_ms(spec.minutes),
    )


def check_size(count: int) -> None:
    if count > limits.MAX_SEGMENTS:
        raise Refused(INVALID, "An agenda holds at most {max} segments.", max=limits.MAX_SEGMENTS)
