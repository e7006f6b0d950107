"""Which feedback words are built in and unedited, so each reader's page can show them in the
reader's own language (static/i18n/<lang>.json, keys `library.<id>` and `feedback.title.*`).

The document keeps built-in prompts in their English wording, whatever language the group
speaks: answers count by option index against one stored question, so a card read in two
languages counts together, and the course series key (feedback/course.py) stays the same.
A prompt a facilitator wrote or edited is shown as written.
"""

from __future__ import annotations

from ..document import LibraryItem, Question, builtin_library
from .rules import labels

_BUILTIN = {item.id: item for item in builtin_library()}

# feedback/cards.py's default titles, by their catalog key.
TITLES = {"single": "Your feedback", "survey": "End-of-session survey"}


def builtin_item(item: LibraryItem) -> bool:
    """A library item still worded as shipped."""
    ship = _BUILTIN.get(item.id)
    return ship is not None and (item.kind, item.text, item.options) == (ship.kind, ship.text, ship.options)


def builtin_prompt(source: str | None, text: str, options: list[str] | tuple[str, ...]) -> bool:
    """A question (or a course series) asked from a built-in item nobody had edited."""
    ship = _BUILTIN.get(source or "")
    return ship is not None and text == ship.text and list(options) == labels(ship.kind, ship.options)


def builtin_question(q: Question) -> bool:
    return builtin_prompt(q.source, q.text, q.options)


def builtin_title(title: str) -> str | None:
    """The catalog key of a default card title, or None for a title a facilitator wrote."""
    return next((key for key, text in TITLES.items() if text == title), None)
