"""The server's own words in each language Holdspace ships.

Two kinds of catalog, one per side, both plain files and no build step:
- `server/i18n/<lang>/LC_MESSAGES/holdspace.po`: what the server writes (templates, CSV
  headers, chart words and, from phase 2 on, refusals). The English text is the message id.
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
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from ..domain.document import DEFAULT_LANGUAGE, LANGUAGES

HERE = Path(__file__).resolve().parent
DOMAIN = "holdspace"

__all__ = ["LANGUAGES", "Words", "negotiate", "ntranslate", "translate", "translations"]


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


def _primary(tag: str) -> str:
    return tag.strip().lower().replace("_", "-").split("-")[0]


def negotiate(cookie: str | None, accept_language: str | None) -> str:
    """The language of a response: the `lang` cookie a page set when its person chose one,
    else the best of Accept-Language that Holdspace ships, else English."""
    if cookie and _primary(cookie) in LANGUAGES:
        return _primary(cookie)
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
