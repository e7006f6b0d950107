"""Results across the course: per prompt, one point per card that asked it.

Only aggregates that `feedback_views.shown()` lets out are included, and never comments:
this feeds the course charts and the CSV export, which may leave the room.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from ..document import Group, Kind, Question
from .builtin import builtin_prompt
from .view import shown


@dataclass(frozen=True)
class Point:
    session: int
    card: str
    answered: int
    counts: tuple[int, ...]


@dataclass
class Series:
    key: str  # the library id, or a hash of a question written on the spot
    kind: Kind
    text: str
    options: tuple[str, ...]
    source: str | None = None  # the library item, when the prompt came from one
    points: list[Point] = field(default_factory=list)

    @property
    def builtin(self) -> bool:
        """Still the shipped wording: shown in each reader's language."""
        return builtin_prompt(self.source, self.text, self.options)


def series_key(q: Question) -> str:
    """Questions are the same prompt if they came from the same library item with the same
    answer labels, or if they were written identically."""
    ident = "\0".join((q.kind, q.text if q.source is None else "", *q.options))
    digest = hashlib.sha256(ident.encode()).hexdigest()[:8]
    return f"{q.source}-{digest}" if q.source else f"custom-{digest}"


def course(doc: Group) -> list[Series]:
    by_key: dict[str, Series] = {}
    for card in doc.feedback.cards:
        for index, q in enumerate(card.questions):
            if not shown(card, index):
                continue
            key = series_key(q)
            series = by_key.get(key)
            if series is None:
                series = by_key[key] = Series(key, q.kind, q.text, tuple(q.options), q.source)
            tally = card.tallies[index]
            series.text = q.text  # the latest wording
            series.points.append(Point(card.session, card.id, tally.answered, tuple(tally.counts)))
    return list(by_key.values())
