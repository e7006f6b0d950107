"""The server's own words in each language Holdspace ships.

Two kinds of catalog, one per side, both plain files and no build step:
- `server/i18n/<lang>/LC_MESSAGES/holdspace.po`: what the server writes (templates, CSV
  headers, chart words, and every refusal's sentence: `Refused`/`Failure` carry a message id
  and its parameters, `sentence()` says it). The English text is the message id.
  Babel reads each PO file and compiles it in memory when first asked for a language (the app
  asks for every language at startup). Extraction: `pybabel extract` with the mapping in
  pyproject.toml ([tool.babel]), see docs/translating.md.
- `static/i18n/<lang>.json`: the browser's messages by symbolic key, which also hold the
  built-in content (library prompts, answer labels, default agreements). The server reads
  those keys from there too (`Words.builtin`), so each built-in sentence is translated once.

Messages written for Python code use `{name}` placeholders (str.format, like the browser's);
templates use jinja2's own `%(name)s`, which `{% trans %}` writes into the msgid by itself.
"""

from __future__ import annotations

import gettext
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from ..domain import DEFAULT_LANGUAGE, LANGUAGES, Message, Phrase, Plural

HERE = Path(__file__).resolve().parent
DOMAIN = "holdspace"

__all__ = [
    "LANGUAGES",
    "N_",
    "Words",
    "negotiate",
    "ntranslate",
    "sentence",
    "shipped",
    "translate",
    "translations",
]


def N_(msgid: str) -> str:
    """Marks a message for extraction; it is translated where it is shown."""
    return msgid


def po_path(lang: str) -> Path:
    return HERE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of `lang`; English (the message ids themselves) when it has none."""
    path = po_path(lang)
    if lang not in LANGUAGES or not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as f:
        catalog = read_po(f, locale=lang, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def translate(lang: str, msgid: str, **params: Any) -> str:
    """`msgid` in `lang` (English when missing), its `{name}` placeholders filled."""
    text = translations(lang).gettext(msgid)
    return text.format(**params) if params else text


def ntranslate(lang: str, singular: str, plural: str, n: int, **params: Any) -> str:
    """The plural form CLDR's rules pick for `n` in `lang`; `{n}` is available."""
    return translations(lang).ngettext(singular, plural, n).format(n=n, **params)


def _value(lang: str, value: Any) -> Any:
    """A parameter as the reader's language writes it: words of the catalogs translated, a
    list of words as a list ("a, b y c"), a number with its separators; anything else (a
    name someone typed) as it is."""
    if isinstance(value, Phrase):
        return translate(lang, value)
    if isinstance(value, tuple | list):
        return format_list([str(_value(lang, v)) for v in value], locale=lang)
    if isinstance(value, int) and not isinstance(value, bool):
        return format_decimal(value, locale=lang)
    return value


def sentence(lang: str, message: Message, params: Mapping[str, Any]) -> str:
    """A refusal's sentence (`Refused`, `Failure`: message id and parameters) in `lang`
    (English for a language Holdspace does not ship)."""
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    values = {name: _value(lang, value) for name, value in params.items()}
    if isinstance(message, Plural):
        text = translations(lang).ngettext(message.one, message.other, params["n"])
    else:
        text = translations(lang).gettext(message)
    try:
        return text.format(**values) if values else text
    except (KeyError, IndexError, ValueError):
        if lang == DEFAULT_LANGUAGE:
            raise
        # A translation whose placeholders are not the English's (tests/test_i18n.py fails on
        # one): the refusal is still said, in English, rather than turned into a failure.
        return sentence(DEFAULT_LANGUAGE, message, params)


def _primary(tag: str) -> str:
    return tag.strip().lower().replace("_", "-").split("-")[0]


def shipped(tag: Any) -> str | None:
    """The language Holdspace ships that a language tag names ("es-MX": "es"), or None."""
    if not isinstance(tag, str) or not tag or len(tag) > 35:
        return None
    code = _primary(tag)
    return code if code in LANGUAGES else None


def negotiate(cookie: str | None, accept_language: str | None) -> str:
    """The language of a response: the `lang` cookie a page set when its person chose one,
    else the best of Accept-Language that Holdspace ships, else English."""
    chosen = shipped(cookie)
    if chosen is not None:
        return chosen
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate((accept_language or "").split(",")):
        tag, _, rest = part.partition(";")
        q = 1.0
        if rest.strip().startswith("q="):
            try:
                q = float(rest.strip()[2:])
            except ValueError:
                continue
        if tag.strip() and q > 0:
            ranked.append((-q, i, _primary(tag)))
    for _, _, code in sorted(ranked):
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


def _static_root() -> Path:
    """static/: inside the package once installed (pyproject maps it), beside it in a checkout."""
    package = HERE.parent
    inside = package / "static"
    return inside if inside.is_dir() else package.parent / "static"


@cache
def browser_catalog(lang: str) -> dict[str, Any]:
    path = _static_root() / "i18n" / f"{lang}.json"
    if lang not in LANGUAGES or not path.is_file():
        return {}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@dataclass(frozen=True)
class Words:
    """One response's language: what report code needs to write in it."""

    lang: str

    def __call__(self, msgid: str, **params: Any) -> str:
        return translate(self.lang, msgid, **params)

    def builtin(self, key: str, english: str) -> str:
        """Built-in content (a library prompt, an answer label) by its browser catalog key;
        `english` (as stored) when the catalog has no plain string for it."""
        text = browser_catalog(self.lang).get(key)
        return text if isinstance(text, str) else english
