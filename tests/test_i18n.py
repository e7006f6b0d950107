"""The message catalogs stay complete and honest (docs/translating.md).

Browser (static/i18n/<lang>.json): every catalog has every key English has and no other, no key
is unused by the code and none the code uses is missing, plural forms cover the language's
categories, and placeholders match English. Built-in content in English is word for word what
the domain stores. Server (server/i18n/<lang>/LC_MESSAGES/holdspace.po): every message that
extraction finds with pyproject's own config -- templates, `_()`/`N_()`, and every refusal's
sentence (`Refused`, `Failure`, `Limited`, `Plural`, `Phrase`) -- is translated in every form
the language's plural rules have, no entry is stale, and placeholders match. (That each refusal
is a literal message id with its parameters: tests/test_i18n_refusals.py.)
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_keywords
from babel.messages.pofile import read_po

from server.domain import document
from server.domain.feedback.builtin import TITLES
from server.i18n import po_path
from server.web.language import NAMES, lang_cookie

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = ROOT / "static" / "i18n"
OVERLAY = ROOT / "overlay"
LANGS = document.LANGUAGES
PLACEHOLDER = re.compile(r"\{(\w+)\}")
# t("key", …), tNodes("key", …), english("key"), has("key"); a template literal's static head
# (t(`library.${id}`)) stands for every key that starts with it.
KEY_CALL = re.compile(r"""\b(?:t|tNodes|english|has)\(\s*(?:"([^"]+)"|'([^']+)'|`([^`$]*)(\$\{)?[^`]*`)""")
LITERAL = re.compile(r"""["']([a-z_]+(?:\.[a-z0-9_]+)+)["']""")
ORDINAL_CALL = re.compile(r"""\bt\(\s*"([^"]+)",\s*\{\s*nth:""")


def catalog(lang: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CATALOGS / f"{lang}.json").read_text(encoding="utf-8"))
    return data


def forms(message: Any) -> list[str]:
    return list(message.values()) if isinstance(message, dict) else [message]


def code_keys() -> tuple[set[str], set[str]]:
    """Keys the ES modules name literally, and the prefixes of keys they build."""
    keys: set[str] = set()
    prefixes: set[str] = set()
    for path in OVERLAY.rglob("*.js"):
        for m in KEY_CALL.finditer(path.read_text()):
            if m.group(1) or m.group(2):
                keys.add(m.group(1) or m.group(2))
            elif m.group(4):
                prefixes.add(m.group(3))
            else:
                keys.add(m.group(3))
    return keys, prefixes


def test_the_shipped_languages_are_the_same_everywhere() -> None:
    js = (OVERLAY / "core" / "i18n.js").read_text()
    browser = re.findall(r'\{ code: "(\w+)", name: "([^"]+)", dir: "(ltr|rtl)" \}', js)
    assert [code for code, _, _ in browser] == list(LANGS)
    assert {code: name for code, name, _ in browser} == NAMES
    assert sorted(p.stem for p in CATALOGS.glob("*.json")) == sorted(LANGS)
    for lang in LANGS:
        if lang != "en":
            assert po_path(lang).is_file(), f"{lang} has no server catalog"


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_every_catalog_has_every_key_and_no_other(lang: str) -> None:
    english, other = catalog("en"), catalog(lang)
    assert sorted(english.keys() - other.keys()) == [], f"{lang} misses keys"
    assert sorted(other.keys() - english.keys()) == [], f"{lang} has keys English lacks"
    for key, message in other.items():
        assert all(isinstance(f, str) and f.strip() for f in forms(message)), f"{lang} {key} is empty"


def test_no_catalog_key_is_unused_and_none_used_is_missing() -> None:
    english = catalog("en")
    keys, prefixes = code_keys()
    assert sorted(keys - english.keys()) == [], "the code uses keys en.json lacks"
    # A key chosen before the call (`t(paused ? "a.b" : "a.c")`, a table of keys) is a literal too.
    literals = {m.group(1) for p in OVERLAY.rglob("*.js") for m in LITERAL.finditer(p.read_text())}
    used = keys | (literals & english.keys())
    unused = [k for k in english if k not in used and not any(k.startswith(p) for p in prefixes)]
    assert unused == [], "en.json has keys no module uses"
    # Each built key's prefix names something real.
    for prefix in prefixes:
        assert any(k.startswith(prefix) for k in english), prefix


@pytest.mark.parametrize("lang", LANGS)
def test_plural_forms_cover_the_languages_categories(lang: str) -> None:
    ordinal = {m.group(1) for p in OVERLAY.rglob("*.js") for m in ORDINAL_CALL.finditer(p.read_text())}
    assert ordinal, "the ordinal scan found nothing: fix ORDINAL_CALL"
    locale = Locale.parse(lang)
    for key, message in catalog(lang).items():
        if not isinstance(message, dict):
            continue
        rule = locale.ordinal_form if key in ordinal else locale.plural_form
        needed = {rule(n) for n in range(0, 201)} | {"other"}
        assert needed <= message.keys(), f"{lang} {key} lacks {needed - message.keys()}"
        assert message.keys() <= rule.tags | {"other"}, f"{lang} {key}: not {lang}'s categories"


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_placeholders_match_english(lang: str) -> None:
    english = catalog("en")
    for key, message in catalog(lang).items():
        want = {p for f in forms(english[key]) for p in PLACEHOLDER.findall(f)}
        got = [set(PLACEHOLDER.findall(f)) for f in forms(message)]
        # A form may leave its number out ("the only session"); together they name every one.
        assert set().union(*got) == want, f"{lang} {key}"
        assert all(g <= want for g in got), f"{lang} {key}"


def test_built_in_content_in_english_is_what_the_domain_stores() -> None:
    en = catalog("en")
    for i, text in enumerate(document.DEFAULT_AGREEMENTS):
        assert en[f"agreements.default.{i}"] == text
    assert (
        f"const DEFAULT_AGREEMENTS = {len(document.DEFAULT_AGREEMENTS)};"
        in (OVERLAY / "course" / "text.js").read_text()
    )
    for item in document.builtin_library():
        assert en[f"library.{item.id}"] == item.text
        for i, option in enumerate(item.options):
            assert en[f"library.{item.id}.option.{i}"] == option
    for i, label in enumerate(document.AGREE_LABELS):
        assert en[f"answers.agree.{i}"] == label
    for i, label in enumerate(document.YESNO_LABELS):
        assert en[f"answers.yesno.{i}"] == label
    for topic, label in document.TOPICS.items():
        assert en[f"library.topic.{topic}"] == label
    for key, title in TITLES.items():
        assert en[f"feedback.title.{key}"] == title
    for area, label in document.FOCUS_LABELS.items():
        assert en[f"course.focus.{area}"] == label
    for kind in document.SIGNAL_TEXT:
        assert f"signal.kind.{kind}" in en


# ---- the server's PO catalogs -----------------------------------------------------------


def babel_config() -> list[dict[str, Any]]:
    """pyproject's [tool.babel] mappings: what `pybabel extract -F pyproject.toml` uses."""
    mappings: list[dict[str, Any]] = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["babel"][
        "mappings"
    ]
    return mappings


def extracted() -> dict[str, set[str]]:
    """msgid (a plural's singular) -> the files it comes from, extracted as pybabel does."""
    method_map = []
    options: dict[str, dict[str, Any]] = {}
    for mapping in babel_config():
        method_map.append((mapping["pattern"], mapping["method"]))
        rest = {k: v for k, v in mapping.items() if k not in ("pattern", "method")}
        if "keywords" in rest:
            rest["keywords"] = parse_keywords(rest["keywords"])
        options[mapping["pattern"]] = rest
    found: dict[str, set[str]] = {}
    for filename, _, message, _, _ in extract_from_dir(ROOT, method_map, options, comment_tags=()):
        msgid = message[0] if isinstance(message, tuple) else message
        found.setdefault(msgid, set()).add(filename)
    return found


def po(lang: str) -> Catalog:
    with po_path(lang).open("rb") as f:
        return read_po(f, locale=lang)


def singular(msgid: str | tuple[str, ...]) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]


def strings(value: str | tuple[str, ...]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_server_catalog_translates_everything_the_server_writes(lang: str) -> None:
    cat = po(lang)
    found = extracted()
    forms_needed = cat.num_plurals
    translated = {
        singular(m.id)
        for m in cat
        if m.id
        and all(f.strip() for f in strings(m.string))
        and (isinstance(m.id, str) or len(strings(m.string)) == forms_needed)
        and not m.fuzzy
    }
    missing = sorted(set(found) - translated)
    assert missing == [], f"{lang} PO lacks translations"
    stale = sorted(singular(m.id) for m in cat if m.id and singular(m.id) not in found)
    assert stale == [], f"{lang} PO has entries nothing extracts"


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_server_catalog_placeholders_match(lang: str) -> None:
    cat = po(lang)
    problems = [f"{m.id}: {e}" for m, errors in cat.check() for e in errors]
    assert problems == []
    for m in cat:
        if not m.id:
            continue
        want = {p for f in strings(m.id) for p in PLACEHOLDER.findall(f)}
        got = [set(PLACEHOLDER.findall(f)) for f in strings(m.string)]
        # A plural form may leave its number out ("the only session"); together they name every one.
        assert set().union(*got) == want, m.id
        assert all(g <= want for g in got), m.id


def test_the_extraction_finds_every_kind_of_server_sentence() -> None:
    found = extracted()
    for msgid, where in [
        ("The agreements were just changed; please read them again.", "server/domain/course/agreements.py"),
        ("The {field} cannot be empty.", "server/domain/text.py"),
        ("The {field} is too long: at most {n} character.", "server/domain/text.py"),  # Plural
        ("group name", "server/domain/creation.py"),  # Phrase
        ("Only facilitators can do this.", "server/web/bearer.py"),  # Failure
        ("Too many groups were created from your address; try again later.", "server/web/limits.py"),
        ("Something went wrong on the server; nothing changed.", "server/protocol.py"),  # N_
        ("Course summary", "server/web/pages.py"),
        ("Agenda for each session:", "server/web/templates/start.html"),
    ]:
        assert where in found.get(msgid, set()), msgid
    assert all(f.startswith("server/") for files in found.values() for f in files)


@pytest.mark.parametrize(
    ("header", "found"),
    [
        (None, None),
        ("", None),
        ("lang=es", "es"),
        ('theme=dark; lang="es"; x=1', "es"),
        ("language=es; lang=en", "en"),
        ("lang", None),
        ("xlang=es", None),
        ("lang=es; lang=en", "es"),
    ],
)
def test_the_lang_cookie_is_read_from_the_cookie_header(header: str | None, found: str | None) -> None:
    assert lang_cookie(header) == found
