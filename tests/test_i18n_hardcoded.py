"""No visible English is hard-coded outside the catalogs (docs/translating.md).

ES modules are read with a small tokenizer, and every string or template literal in a place
whose text a person reads is refused when it holds a letter: `h()`/`svg()` children, the
`aria-label`, `title`, `placeholder`, `label` and `alt` of an attribute object or of
`setAttribute`, `setText`, `.textContent =`, `document.title =`, the error line (`errors.show`,
`errors.run`'s label, `new Error`), screen-reader announcements, and the few helpers of this
code base that take a label (`button`, `field`, `section`, `cmd`). Inside those, `t("key")` and
friends are the way words get in; a literal compared with `===` is a value, not text.
Templates: every text node and those attributes must come from `{% trans %}` or `_()`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OVERLAY = ROOT / "overlay"
TEMPLATES = ROOT / "server" / "web" / "templates"

LETTER = re.compile(r"[A-Za-z]")
TEXT_KEYS = {"aria-label", "title", "placeholder", "label", "alt", "aria-description", "aria-roledescription"}
TEXT_PROPERTIES = {"textContent", "title", "placeholder", "innerText", "label"}
# Calls whose arguments at these positions are read by a person.
TEXT_ARGS: dict[str, tuple[int, ...]] = {
    "setText": (1,),
    "show": (0,),
    "run": (0,),
    "Error": (0,),
    "CommandError": (1,),
    "announce": (0,),
    "say": (0,),
    "fail": (0,),
    "alert": (0,),
    "button": (0,),
    "field": (0,),
    "section": (1,),
    "cmd": (0,),
}
BUILDERS = {"h", "svg"}  # (tag, attrs, ...children)
CATALOG_CALLS = {"t", "tNodes", "english", "has"}
COMPARISON = {"===", "!==", "==", "!="}
REGEX_AFTER = set("(,=:[!&|?{};+-*%<>~^") | {"return", "typeof", "case", "=>", None}


@dataclass
class Tok:
    kind: str  # "id" | "str" | "tpl" | "punct" | "num" | "re"
    text: str
    line: int
    parts: list[str] = field(default_factory=list)  # a template's static parts
    exprs: list[list[Tok]] = field(default_factory=list)  # a template's ${…}


PUNCT = ["===", "!==", "...", "=>", "==", "!=", "&&", "||", "??", "?.", "<=", ">=", "+=", "-="]


def tokenize(src: str, i: int = 0, line: int = 1, until: str | None = None) -> tuple[list[Tok], int, int]:
    """Tokens of `src` from `i`; stops after a `}` that closes `until` ("${" nesting)."""
    out: list[Tok] = []
    depth = 0
    n = len(src)
    while i < n:
        c = src[i]
        if c == "\n":
            line += 1
            i += 1
        elif c.isspace():
            i += 1
        elif src.startswith("//", i):
            i = src.find("\n", i) if "\n" in src[i:] else n
        elif src.startswith("/*", i):
            end = src.index("*/", i) + 2
            line += src.count("\n", i, end)
            i = end
        elif c in "\"'":
            j = i + 1
            while src[j] != c:
                j += 2 if src[j] == "\\" else 1
            out.append(Tok("str", src[i + 1 : j], line))
            i = j + 1
        elif c == "`":
            tok = Tok("tpl", "", line)
            j = i + 1
            buf = ""
            while src[j] != "`":
                if src[j] == "\\":
                    buf += src[j : j + 2]
                    j += 2
                elif src.startswith("${", j):
                    tok.parts.append(buf)
                    buf = ""
                    inner, j, line = tokenize(src, j + 2, line, until="${")
                    tok.exprs.append(inner)
                else:
                    line += src[j] == "\n"
                    buf += src[j]
                    j += 1
            tok.parts.append(buf)
            out.append(tok)
            i = j + 1
        elif c == "/" and (
            not out
            or (out[-1].kind == "punct" and out[-1].text in REGEX_AFTER)
            or (out[-1].kind == "id" and out[-1].text in REGEX_AFTER)
        ):
            j = i + 1
            in_class = False
            while src[j] != "/" or in_class:
                if src[j] == "\\":
                    j += 1
                elif src[j] == "[":
                    in_class = True
                elif src[j] == "]":
                    in_class = False
                j += 1
            j += 1
            while j < n and src[j].isalpha():
                j += 1
            out.append(Tok("re", src[i:j], line))
            i = j
        elif c.isalpha() or c in "_$":
            m = re.compile(r"[\w$]+").match(src, i)
            assert m
            out.append(Tok("id", m.group(0), line))
            i = m.end()
        elif c.isdigit():
            m = re.compile(r"[\d_.xXa-fA-FeE]+").match(src, i)
            assert m
            out.append(Tok("num", m.group(0), line))
            i = m.end()
        else:
            op = next((p for p in PUNCT if src.startswith(p, i)), c)
            if until and op == "{":
                depth += 1
            if until and op == "}":
                if depth == 0:
                    return out, i + 1, line
                depth -= 1
            out.append(Tok("punct", op, line))
            i += len(op)
    return out, i, line


OPEN = {"(": ")", "[": "]", "{": "}"}


def closing(toks: list[Tok], i: int) -> int:
    """Index of the bracket that closes toks[i]."""
    stack = []
    for j in range(i, len(toks)):
        t = toks[j]
        if t.kind == "punct" and t.text in OPEN:
            stack.append(OPEN[t.text])
        elif t.kind == "punct" and stack and t.text == stack[-1]:
            stack.pop()
            if not stack:
                return j
    return len(toks) - 1


def split_args(toks: list[Tok]) -> list[list[Tok]]:
    args: list[list[Tok]] = [[]]
    depth = 0
    for t in toks:
        if t.kind == "punct" and t.text in OPEN:
            depth += 1
        elif t.kind == "punct" and t.text in (")", "]", "}"):
            depth -= 1
        if depth == 0 and t.kind == "punct" and t.text == ",":
            args.append([])
        else:
            args[-1].append(t)
    return [a for a in args if a]


class Scanner:
    def __init__(self, name: str) -> None:
        self.name = name
        self.found: list[str] = []

    def flag(self, tok: Tok, text: str) -> None:
        self.found.append(f"{self.name}:{tok.line}: {text!r}")

    def scan(self, toks: list[Tok]) -> None:
        """Look everywhere for text positions."""
        i = 0
        while i < len(toks):
            t = toks[i]
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            if t.kind == "tpl":
                for e in t.exprs:
                    self.scan(e)
            if t.kind == "id" and nxt and nxt.kind == "punct" and nxt.text == "(":
                end = closing(toks, i + 1)
                self.call(t.text, split_args(toks[i + 2 : end]))
                i = end + 1
                continue
            is_property = nxt and nxt.kind == "id" and nxt.text in TEXT_PROPERTIES
            if t.kind == "punct" and t.text == "." and is_property:
                after = toks[i + 2] if i + 2 < len(toks) else None
                if after and after.kind == "punct" and after.text == "=":
                    end = self.statement_end(toks, i + 3)
                    self.text(toks[i + 3 : end])
                    i = end
                    continue
            is_key = t.kind in ("str", "id") and t.text in TEXT_KEYS
            if is_key and nxt and nxt.kind == "punct" and nxt.text == ":":
                end = self.value_end(toks, i + 2)
                self.text(toks[i + 2 : end])
                i = end
                continue
            i += 1

    @staticmethod
    def statement_end(toks: list[Tok], i: int) -> int:
        line = toks[i].line if i < len(toks) else 0
        while i < len(toks) and toks[i].line == line and toks[i].text != ";":
            if toks[i].kind == "punct" and toks[i].text in OPEN:
                i = closing(toks, i)
            i += 1
        return i

    @staticmethod
    def value_end(toks: list[Tok], i: int) -> int:
        while i < len(toks) and not (toks[i].kind == "punct" and toks[i].text in (",", "}", ")")):
            if toks[i].kind == "punct" and toks[i].text in OPEN:
                i = closing(toks, i)
            i += 1
        return i

    def call(self, name: str, args: list[list[Tok]]) -> None:
        if name in CATALOG_CALLS:
            return
        if name in BUILDERS:
            for arg in args[1:2]:
                self.scan(arg)  # the attributes object: its text keys
            for arg in args[2:]:
                self.text(arg)
            return
        if name == "setAttribute" and args and args[0][0].kind == "str" and args[0][0].text in TEXT_KEYS:
            self.text(args[1] if len(args) > 1 else [])
            return
        positions = TEXT_ARGS.get(name, ())
        for k, arg in enumerate(args):
            if k in positions:
                self.text(arg)
            else:
                self.scan(arg)

    def text(self, toks: list[Tok]) -> None:
        """An expression whose value a person reads."""
        i = 0
        while i < len(toks):
            t = toks[i]
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            prev = toks[i - 1] if i > 0 else None
            compared = (prev and prev.kind == "punct" and prev.text in COMPARISON) or (
                nxt and nxt.kind == "punct" and nxt.text in COMPARISON
            )
            if t.kind == "str" and LETTER.search(t.text) and not compared:
                self.flag(t, t.text)
            elif t.kind == "tpl":
                static = "".join(t.parts)
                if LETTER.search(static):
                    self.flag(t, static)
                for e in t.exprs:
                    self.text(e)
            elif t.kind == "id" and nxt and nxt.kind == "punct" and nxt.text == "(":
                end = closing(toks, i + 1)
                self.call(t.text, split_args(toks[i + 2 : end]))
                i = end + 1
                continue
            elif t.kind == "punct" and t.text == "{":
                # An object in a text expression (a nested attributes object): its text keys only.
                end = closing(toks, i)
                self.scan(toks[i : end + 1])
                i = end + 1
                continue
            i += 1


def scan_js(name: str, source: str) -> list[str]:
    toks, _, _ = tokenize(source)
    scanner = Scanner(name)
    scanner.scan(toks)
    return scanner.found


def scan_template(name: str, source: str) -> list[str]:
    text = re.sub(r"\{#.*?#\}", "", source, flags=re.S)
    text = re.sub(r"\{%-?\s*trans\b.*?endtrans\s*-?%\}", "", text, flags=re.S)
    text = re.sub(r"<script\b.*?</script>", "", text, flags=re.S)
    text = re.sub(r"\{\{.*?\}\}", "", text, flags=re.S)
    text = re.sub(r"\{%.*?%\}", "", text, flags=re.S)
    found = []
    for attr, value in re.findall(r"""\b([\w-]+)="([^"]*)\"""", text):
        if attr in TEXT_KEYS and LETTER.search(value):
            found.append(f"{name}: {attr}={value!r}")
    for node in re.findall(r">([^<]+)<", text):
        if LETTER.search(node):
            found.append(f"{name}: {node.strip()!r}")
    return found


# Never shown to a person: a programming error thrown while the page is built.
ALLOWED = {"core/shortcuts.js:41: 'shortcut  is taken'"}


def test_no_english_is_hard_coded_in_the_es_modules() -> None:
    found = []
    for path in sorted(OVERLAY.rglob("*.js")):
        found += scan_js(path.relative_to(OVERLAY).as_posix(), path.read_text())
    found = [f for f in found if f not in ALLOWED]
    assert found == [], "visible text outside the catalogs:\n" + "\n".join(found)


def test_no_english_is_hard_coded_in_the_templates() -> None:
    found = []
    for path in sorted(TEMPLATES.glob("*.html")):
        found += scan_template(path.name, path.read_text())
    assert found == [], "visible text outside {% trans %} / _():\n" + "\n".join(found)


@pytest.mark.parametrize(
    ("source", "caught"),
    [
        ('h("p", { class: "hint" }, "Hello there")', 1),
        ('h("p", {}, `Session ${n} of ${m}`)', 1),
        ('h("button", { "aria-label": "Close", onclick }, t("core.cancel"))', 1),
        ('h("p", {}, cond ? h("span", { class: "x y" }, name) : "here")', 1),
        ('el.setAttribute("aria-label", `Move ${who} up`)', 1),
        ('setText(this.count, waiting ? `${n} new` : "")', 1),
        ("document.title = `${name} · Console`;", 1),
        ('this.errors.show("Write your homework first.")', 1),
        ('this.button("Pass", "pass", () => go())', 1),
        ('svg("title", {}, `${m.name}: ${share} in session ${n}`)', 1),
        # Values, keys and whole sentences from the catalogs pass.
        ('h("p", {}, t("floor.open"), " · ", name, kind === "round" ? t("a.b") : null)', 0),
        ('h("input", { type: "checkbox", "data-key": "least" })', 0),
        ('this.conn.send("segment.pause", { index: 1 })', 0),
        ('setText(el, t(paused ? "floor.a" : "floor.b", { name: "x" }))', 0),
        ('const re = /homework/i; h("p", {}, "\u2013", `${a} · ${b}`)', 0),
    ],
)
def test_the_scanner_catches_hard_coded_text(source: str, caught: int) -> None:
    assert len(scan_js("sample.js", source)) == caught, scan_js("sample.js", source)


def test_the_template_scanner_catches_hard_coded_text() -> None:
    assert scan_template("t.html", "<p>Hello</p><p>{{ _('Hi') }}</p>") == ["t.html: 'Hello'"]
    assert scan_template("t.html", '<input placeholder="Your name">') == ["t.html: placeholder='Your name'"]
    assert scan_template("t.html", "<p>{% trans %}Hi {{ n }}{% endtrans %}</p><b>·</b>") == []
