"""Every sentence the server sends a person is a message id of the catalogs (docs/translating.md).

Read from the source (ast): each `Refused(code, …)`, `Failure(code, …)` and `Limited(…)` in
server/ passes its sentence as a literal (or a `Plural` of two literals) -- never an f-string,
a variable or a concatenation, which extraction would miss and no catalog could translate --
and names each of its placeholders as a keyword (a missing one would fail at the refusal,
turning it into `internal`). `Phrase` and `N_` take literals too, and a `Phrase`'s words are
no other message's (their translations differ: "la opción de respuesta" in a sentence, "opción"
as a CSV header). Sentences reach a socket or an HTTP body only through `protocol.failure()`.
"""

from __future__ import annotations

import ast
import re
from gettext import NullTranslations
from pathlib import Path

import pytest

from server.domain import Phrase, Plural, Refused, english
from server.i18n import sentence

ROOT = Path(__file__).resolve().parent.parent
SERVER = ROOT / "server"
PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Where each call takes its sentence.
SENTENCE_AT = {"Refused": 1, "Failure": 1, "Limited": 0}
# Calls that put a ready sentence on the wire: its text must come from protocol.failure().
WIRE = {"error": 2, "error_body": 1}


def _name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _forms(node: ast.expr) -> list[str] | None:
    """The English forms of a sentence argument, or None if it is not written out."""
    text = _literal(node)
    if text is not None:
        return [text]
    if isinstance(node, ast.Call) and _name(node) == "Plural" and len(node.args) == 2 and not node.keywords:
        forms = [_literal(a) for a in node.args]
        return [f for f in forms if f is not None] if None not in forms else None
    return None


def problems_in(name: str, source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        call, where = _name(node), f"{name}:{node.lineno}"
        if call in SENTENCE_AT:
            at = SENTENCE_AT[call]
            forms = _forms(node.args[at]) if len(node.args) > at else None
            if forms is None or not all(f.strip() for f in forms):
                found.append(f"{where}: {call}() without a literal sentence")
                continue
            if any(k.arg is None for k in node.keywords):
                found.append(f"{where}: {call}(**…) hides its parameters")
                continue
            given = {k.arg for k in node.keywords if k.arg is not None}
            wanted = {p for f in forms for p in PLACEHOLDER.findall(f)}
            plural = isinstance(node.args[at], ast.Call)
            if plural:
                wanted.add("n")
            if wanted != given:
                found.append(f"{where}: placeholders {sorted(wanted)}, parameters {sorted(given)}")
        elif call in ("Phrase", "N_", "Plural"):
            if not node.args or not all(_literal(a) for a in node.args) or node.keywords:
                found.append(f"{where}: {call}() without literal words")
        elif call in WIRE and len(node.args) > WIRE[call]:
            text = node.args[WIRE[call]]
            named = text.id if isinstance(text, ast.Name) else None
            if isinstance(text, ast.Constant | ast.JoinedStr | ast.BinOp) or (
                named is not None and named.isupper()
            ):
                found.append(f"{where}: {call}() sends a sentence that no catalog translates")
    return found


def test_every_server_sentence_is_a_literal_message_id_with_its_parameters() -> None:
    found = []
    for path in sorted(SERVER.rglob("*.py")):
        found += problems_in(path.relative_to(ROOT).as_posix(), path.read_text())
    assert found == [], "sentences the catalogs cannot hold:\n" + "\n".join(found)


def phrases_and_the_rest() -> tuple[set[str], set[str]]:
    phrases: set[str] = set()
    others: set[str] = set()
    for path in sorted(SERVER.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and node.args and _name(node) in ("Phrase", "N_", *SENTENCE_AT):
                at = SENTENCE_AT.get(_name(node), 0)
                forms = _forms(node.args[at]) if len(node.args) > at else None
                (phrases if _name(node) == "Phrase" else others).update(forms or [])
    return phrases, others


def test_a_phrase_is_no_other_message() -> None:
    phrases, others = phrases_and_the_rest()
    assert "group name" in phrases and "Course summary" in others
    assert sorted(phrases & others) == []


@pytest.mark.parametrize(
    ("source", "caught"),
    [
        ('raise Refused(INVALID, f"At most {MAX} members.")', 1),
        ("raise Refused(INVALID, TOO_LARGE)", 1),
        ('raise Refused(INVALID, "The " + field + " is empty.")', 1),
        ('raise protocol.Failure(protocol.INVALID, "At most {max} KiB.")', 1),  # max not given
        ('raise Refused(INVALID, "Session {number} ended.", number=3, extra=1)', 1),
        ('raise Refused(INVALID, Plural("One {n} session.", words))', 2),  # both calls
        ('raise Refused(INVALID, Plural("The only session.", "{n} sessions."))', 1),  # n not given
        ("raise protocol.Limited(TEXT, 3.0)", 1),
        ('clean(v, field=Phrase(f"{x} name"), limit=3)', 1),
        ('conn.send(protocol.error(None, protocol.INVALID, "Bad frame."))', 1),
        ("conn.send(protocol.error(None, code, BAD_LINK))", 1),
        # Literal message ids with their parameters pass.
        ('raise Refused(INVALID, "Session {number} ended.", number=n)', 0),
        ('raise Refused(INVALID, Plural("The only session.", "{n} sessions."), n=count)', 0),
        ('raise protocol.Limited("Too many; wait.", retry)', 0),
        ('raise Refused(INVALID, "The {field} is empty.", field=Phrase("goal"))', 0),
        ("conn.send(protocol.error(cmd_id, code, text))", 0),
    ],
)
def test_the_scan_catches_sentences_outside_the_catalogs(source: str, caught: int) -> None:
    assert len(problems_in("sample.py", source)) == caught, problems_in("sample.py", source)


def test_a_refusal_carries_its_message_id_and_says_it_in_english() -> None:
    refused = Refused("invalid", "The {field} cannot be empty.", field=Phrase("group name"))
    assert refused.msgid == "The {field} cannot be empty."
    assert refused.message == str(refused) == "The group name cannot be empty."
    one = Plural("The course's only session was held.", "The course has {n} sessions and all were held.")
    assert english(one, {"n": 1}) == "The course's only session was held."
    assert english(one, {"n": 8}) == "The course has 8 sessions and all were held."
    assert english("One of: {words}.", {"words": ("en", "es")}) == "One of: en, es."


def test_the_edge_says_a_refusal_in_the_readers_language() -> None:
    field = {"field": Phrase("group name")}
    assert (
        sentence("es", "The {field} cannot be empty.", field)
        == "Escriba el nombre del grupo; no puede quedar en blanco."
    )
    assert sentence("en", "The {field} cannot be empty.", field) == "The group name cannot be empty."
    held = Plural("The course's only session was held.", "The course has {n} sessions and all were held.")
    assert sentence("es", held, {"n": 1}) == "Ya se realizó la única sesión del curso."
    assert sentence("es", held, {"n": 8}) == "El curso tiene 8 sesiones y ya se realizaron todas."
    topics = {"topics": ("inclusion", "airtime", "safety")}
    assert (
        sentence("es", "The topic is one of: {topics}.", topics)
        == "El tema es uno de estos: inclusion, airtime y safety."
    )
    assert (
        sentence("en", "The topic is one of: {topics}.", topics)
        == "The topic is one of: inclusion, airtime, and safety."
    )
    # A number is written the reader's way; a name someone typed stays as typed.
    assert sentence("es", "Pick at most {max} members.", {"max": 12}) == "Elija como máximo 12 participantes."
    assert sentence("es", 'There is no command called "{name}".', {"name": "{x}"}) == (
        "No existe ningún comando llamado «{x}»."
    )
    # A language Holdspace does not ship gets the English.
    assert sentence("fr", "Pick at most {max} members.", {"max": 12}) == "Pick at most 12 members."


def test_a_broken_translation_falls_back_to_english(monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken(NullTranslations):
        """A catalog whose translator renamed a placeholder."""

        def gettext(self, message: str) -> str:
            return message.replace("{max}", "{maximo}")

    plain = NullTranslations()
    monkeypatch.setattr("server.i18n.translations", lambda lang: Broken() if lang == "es" else plain)
    assert sentence("es", "Pick at most {max} members.", {"max": 12}) == "Pick at most 12 members."
