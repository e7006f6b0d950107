"""The group's default language: the one its pages fall back to for a person who chose none
and whose browser asks for no language Holdspace ships. Each person still picks their own."""

from __future__ import annotations

import msgspec

from ..document import LANGUAGES, Group
from ..refusal import INVALID, Refused, Unchanged
from ..registry import FACILITATORS, Actor, command


class Language(msgspec.Struct, forbid_unknown_fields=True):
    lang: str


@command("group.language", roles=FACILITATORS, args=Language)
def set_language(doc: Group, args: Language, actor: Actor, now: int) -> None:
    """Set the group's default language (one of the languages Holdspace ships)."""
    if args.lang not in LANGUAGES:
        raise Refused(
            INVALID,
            'Holdspace speaks {languages}, not "{lang}".',
            languages=tuple(LANGUAGES),
            lang=args.lang[:40],
        )
    if doc.language == args.lang:
        raise Unchanged()
    doc.language = args.lang
