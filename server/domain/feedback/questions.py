"""Checking a question as a facilitator wrote it, for a card or for the library."""

from __future__ import annotations

import msgspec

from ..document import (
    MAX_OPTION,
    MAX_OPTIONS,
    MAX_QUESTION_TEXT,
    MIN_OPTIONS,
    TOPICS,
    Kind,
    LibraryItem,
    Question,
)
from ..refusal import INVALID, NOT_FOUND, Phrase, Refused
from ..text import clean
from .rules import labels


class QuestionSpec(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Either `library` (an item id) or a question written on the spot (`kind`, `text`, ...)."""

    library: str | None = None
    kind: Kind | None = None
    text: str | None = None
    options: list[str] | None = None
    comment: bool = False


def checked_text(text: str) -> str:
    return clean(text, field=Phrase("question"), limit=MAX_QUESTION_TEXT)


def checked_options(kind: Kind, options: list[str] | None) -> list[str]:
    if kind != "choice":
        if options:
            raise Refused(INVALID, "Only a single-choice question takes its own options.")
        return []
    if options is None or not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
        raise Refused(
            INVALID, "A single-choice question has {min} to {max} options.", min=MIN_OPTIONS, max=MAX_OPTIONS
        )
    cleaned = [clean(o, field=Phrase("answer option"), limit=MAX_OPTION) for o in options]
    if len({o.casefold() for o in cleaned}) != len(cleaned):
        raise Refused(INVALID, "Two options are the same; make each option different.")
    return cleaned


def checked_comment(kind: Kind, comment: bool) -> bool:
    # Free text is already a comment; the box is an extra only under a scale or a choice.
    return comment and kind != "text"


def checked_topic(topic: str) -> str:
    if topic not in TOPICS:
        raise Refused(INVALID, "The topic is one of: {topics}.", topics=tuple(TOPICS))
    return topic


def question_from(spec: QuestionSpec, question_id: str, library: list[LibraryItem]) -> Question:
    if spec.library is not None:
        if spec.kind is not None or spec.text is not None or spec.options is not None:
            raise Refused(INVALID, "A question comes either from the library or is written out, not both.")
        item = next((i for i in library if i.id == spec.library), None)
        if item is None:
            raise Refused(NOT_FOUND, "That prompt is no longer in the library.")
        return Question(
            id=question_id,
            kind=item.kind,
            text=item.text,
            options=labels(item.kind, item.options),
            comment=item.comment,
            source=item.id,
        )
    if spec.kind is None or spec.text is None:
        raise Refused(INVALID, "A question needs a kind and a text, or a library id.")
    options = checked_options(spec.kind, spec.options)
    return Question(
        id=question_id,
        kind=spec.kind,
        text=checked_text(spec.text),
        options=labels(spec.kind, options),
        comment=checked_comment(spec.kind, spec.comment),
    )
