"""The short texts people type -- names, titles, notes, agreements, homework, questions,
options, comments -- and the one rule for all of them: `clean()`.

What is kept is NFC-normalised, with runs of whitespace made one space. Refused, with a
sentence saying why:
- control, surrogate, private-use and non-characters (they cannot be shown);
- bidi controls (U+202A-202E, U+2066-2069, U+200E/200F, U+061C): they make a name read
  differently from what it is ("Ann" followed by a reversed run that looks like another name);
- other invisible format characters (zero-width spaces, word joiners, soft hyphens, Hangul
  fillers, stray tags and variation selectors): two names that look the same must be the same;
- text with no visible character at all.

Joiners are what emoji and several scripts are built with, so they stay where they join: a
zero-width joiner or non-joiner between two visible characters (the family emoji, Persian
and Indic words), a variation selector right after a visible character, and the tag
characters of a subdivision flag (England, Scotland, Wales).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from .refusal import INVALID, Phrase, Plural, Refused

# What can be wrong with a text, each with its own sentence (_refusal).
Problem = Literal["hidden", "bidi", "invisible", "blank"]
BIDI = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C))
JOINERS = frozenset("\u200c\u200d")  # zero-width non-joiner, joiner
# Variation selectors: standardised (FE00-FE0F, Mongolian 180B-180D, 180F) and ideographic.
_SELECTORS = ((0xFE00, 0xFE0F), (0x180B, 0x180D), (0x180F, 0x180F), (0xE0100, 0xE01EF))
# Default_Ignorable_Code_Point (Unicode's DerivedCoreProperties) outside the format category:
# letters and marks that render as nothing, and ranges reserved to stay invisible.
_IGNORABLE = (
    (0x034F, 0x034F),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x2065, 0x2065),
    (0x3164, 0x3164),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0xE0000, 0xE0FFF),
)
# Format characters that are seen: signs spanning the digits that follow them (Arabic, Syriac,
# Kaithi number signs).
_VISIBLE_FORMAT = frozenset(
    chr(c) for c in (*range(0x0600, 0x0606), 0x06DD, 0x070F, 0x0890, 0x0891, 0x08E2, 0x110BD, 0x110CD)
)
BLANK = frozenset("\u2800")  # braille blank: a symbol that shows nothing
# A subdivision flag: black flag, two to six tag letters or digits, cancel tag.
_FLAG = re.compile("\U0001f3f4[\U000e0030-\U000e0039\U000e0061-\U000e007a]{2,6}\U000e007f")


def _within(code: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(lo <= code <= hi for lo, hi in ranges)


def _noncharacter(code: int) -> bool:
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def visible(ch: str) -> bool:
    """A character that shows something on its own (a letter, digit, punctuation, symbol)."""
    if not ch:
        return False
    category = unicodedata.category(ch)
    if ch in BLANK or _within(ord(ch), _IGNORABLE):
        return False
    if category == "Cn":
        # Unassigned in this Python's Unicode: most likely a newer emoji, which shows.
        return not _noncharacter(ord(ch))
    return category[0] in "LNPS" or ch in _VISIBLE_FORMAT


def _flag_tags(text: str) -> set[int]:
    """Positions of tag characters that belong to a subdivision flag."""
    found: set[int] = set()
    for m in _FLAG.finditer(text):
        found.update(range(m.start() + 1, m.end()))
    return found


def _problem(text: str) -> Problem | None:
    """What is wrong with `text` (normalised, whitespace collapsed), or None: "hidden"
    (control, surrogate, private-use, non-characters), "bidi", "invisible" or "blank"."""
    tags = _flag_tags(text) if "\U0001f3f4" in text else set()
    for i, ch in enumerate(text):
        code = ord(ch)
        category = unicodedata.category(ch)
        if category in ("Cc", "Cs", "Co") or _noncharacter(code):
            return "hidden"
        if ch in BIDI:
            return "bidi"
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if ch in JOINERS:
            # Between a visible character (or its selector / mark) and a visible one.
            joined = before and not before.isspace() and before not in JOINERS and visible(after)
            if joined and (visible(before) or unicodedata.category(before)[0] == "M"):
                continue
        elif _within(code, _SELECTORS):
            if visible(before) or (before and unicodedata.category(before)[0] == "M"):
                continue
        elif i in tags:
            continue
        elif category != "Cf" and not _within(code, _IGNORABLE):
            continue
        elif ch in _VISIBLE_FORMAT:
            continue
        return "invisible"
    if not any(visible(ch) for ch in text):
        return "blank"
    return None


def clean(value: str, *, field: Phrase, limit: int) -> str:
    """The text to keep, NFC-normalised and tidied; Refused(INVALID) with a sentence if not.
    `field` names the text in the sentence ("group name")."""
    text = " ".join(unicodedata.normalize("NFC", value).split())
    if not text:
        # Translators: {field} names the text ("group name", "goal"), an entry of its own here.
        raise Refused(INVALID, "The {field} cannot be empty.", field=field)
    if len(text) > limit:
        # Translators: {field} names the text ("group name", "goal"), an entry of its own here.
        raise Refused(
            INVALID,
            Plural(
                "The {field} is too long: at most {n} character.",
                "The {field} is too long: at most {n} characters.",
            ),
            field=field,
            n=limit,
        )
    if text.isascii():
        problem: Problem | None = None if text.isprintable() else "hidden"
    else:
        problem = _problem(text)
    if problem is not None:
        raise _refusal(problem, field)
    return text


def _refusal(problem: Problem, field: Phrase) -> Refused:
    if problem == "hidden":
        # Translators: {field} names the text ("group name", "goal"), an entry of its own here.
        return Refused(INVALID, "The {field} contains characters that cannot be shown.", field=field)
    if problem == "bidi":
        # Translators: {field} names the text ("group name", "goal"), an entry of its own here.
        return Refused(
            INVALID,
            "The {field} contains invisible text-direction controls, which can make it read as "
            "something else; please type it again without them.",
            field=field,
        )
    if problem == "invisible":
        # Translators: {field} names the text ("group name", "goal"), an entry of its own here.
        return Refused(
            INVALID,
            "The {field} contains invisible characters (such as zero-width spaces or joiners); "
            "please type it again without them.",
            field=field,
        )
    # Translators: {field} names the text ("group name", "goal"), an entry of its own here.
    return Refused(INVALID, "The {field} has no visible character.", field=field)
