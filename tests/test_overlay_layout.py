"""overlay/ keeps the shape overlay/README.md describes.

- Member pages load no facilitator code: no module marked `// facilitator-only` on its first
  line is reachable from pages/member.js or pages/display.js through static imports. (The
  console, summary and start pages may import anything.)
- overlay/README.md lists every module, and no module that does not exist.
- One of each: one h() (core/dom.js), one state subscription (core/page.js), one keydown
  listener on the document (core/shortcuts.js), no setInterval, no stylesheet made by script.

The import graph is read from the source text (`import … from "…"`, `export … from "…"`), so a
dynamic import() would hide an edge from it: there must be none.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OVERLAY = ROOT / "overlay"
MARKER = "// facilitator-only"
MEMBER_PAGES = ("pages/member.js", "pages/display.js")
# `import x from "…"`, `import {a,\n b} from "…"`, `export {a} from "…"`, `import "…"`. No `;` or
# quote can come between the keyword and `from`, which keeps the match inside one statement.
STATIC_IMPORT = re.compile(
    r"""^\s*(?:import|export)\b[^;"'`]*?\bfrom\s*["']([^"']+)["']|^\s*import\s*["']([^"']+)["']""",
    re.M,
)
DEFINES_H = re.compile(
    r"""\bfunction\s+h\s*\(
      | \b(?:const|let|var)\s+h\s*=\s*(?:async\s+)?(?:function\b|\([^)]*\)\s*=>|[\w$]+\s*=>)
      | ^\s*(?:static\s+)?(?:async\s+)?h\s*\([^)]*\)\s*\{
      | \{[^}]*\bas\s+h\s*[,}]""",
    re.M | re.X,
)
MAKES_STYLESHEET = re.compile(r"""\bh\(\s*["'](?:link|style)["']|createElement\(\s*["'](?:link|style)["']""")


def modules() -> dict[str, str]:
    """Every module under overlay/, by its path there ("core/dom.js"), with its source."""
    return {p.relative_to(OVERLAY).as_posix(): p.read_text() for p in sorted(OVERLAY.rglob("*.js"))}


def imports(name: str, source: str) -> list[str]:
    out = []
    for m in STATIC_IMPORT.finditer(source):
        spec = m.group(1) or m.group(2)
        assert spec.startswith(("./", "../")), f"{name} imports {spec!r}: only relative paths"
        out.append((OVERLAY / name).parent.joinpath(spec).resolve().relative_to(OVERLAY).as_posix())
    return out


def graph() -> dict[str, list[str]]:
    return {name: imports(name, source) for name, source in modules().items()}


def reachable(edges: dict[str, list[str]], start: str) -> dict[str, list[str]]:
    """Every module `start` loads, with the chain of imports that gets there."""
    chains = {start: [start]}
    todo = [start]
    while todo:
        here = todo.pop()
        for there in edges[here]:
            if there not in chains:
                chains[there] = [*chains[here], there]
                todo.append(there)
    return chains


def facilitator_only() -> set[str]:
    return {name for name, source in modules().items() if source.startswith(MARKER + "\n")}


def test_every_import_resolves_and_none_is_dynamic() -> None:
    edges = graph()
    for name, targets in edges.items():
        for target in targets:
            assert target in edges, f"{name} imports {target}, which does not exist"
    for name, source in modules().items():
        assert not re.search(r"\bimport\s*\(", source), f"{name} has a dynamic import()"


def test_member_pages_load_no_facilitator_code() -> None:
    edges = graph()
    marked = facilitator_only()
    for page in MEMBER_PAGES:
        assert page not in marked
        chains = reachable(edges, page)
        leaks = [" -> ".join(chains[m]) for m in sorted(marked & chains.keys())]
        assert not leaks, f"{page} loads facilitator-only code:\n" + "\n".join(leaks)


def test_the_marker_sits_on_the_first_line_and_console_modules_carry_it() -> None:
    marked = facilitator_only()
    for name, source in modules().items():
        assert MARKER not in source or name in marked, f"{name}: {MARKER!r} belongs on the first line"
        if Path(name).name == "console.js" or (name.startswith("pages/") and name not in MEMBER_PAGES):
            assert name in marked, f"{name} is facilitator-only by its name: mark it"


def test_every_module_is_loaded_by_some_page() -> None:
    edges = graph()
    loaded: set[str] = set()
    for page in (name for name in edges if name.startswith("pages/")):
        loaded |= reachable(edges, page).keys()
    assert set(edges) - loaded == set()


def test_readme_lists_every_module_and_only_those() -> None:
    listed = set(re.findall(r"`([a-z0-9-]+(?:/[a-z0-9-]+)*\.js)`", (OVERLAY / "README.md").read_text()))
    present = set(modules())
    assert present - listed == set(), "modules missing from overlay/README.md"
    assert listed - present == set(), "overlay/README.md lists modules that do not exist"


def test_file_names_are_lowercase_kebab_case() -> None:
    for name in modules():
        for part in name.removesuffix(".js").split("/"):
            assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", part), name


def test_one_h_in_core_dom() -> None:
    found = {name: len(DEFINES_H.findall(source)) for name, source in modules().items()}
    assert {name: n for name, n in found.items() if n} == {"core/dom.js": 1}


def test_one_state_subscription_one_keydown_listener_no_interval() -> None:
    for name, source in modules().items():
        if 'addEventListener("state"' in source:
            assert name == "core/page.js", f"{name} subscribes to state itself: give the page a panel"
        if 'document.addEventListener("keydown"' in source:
            assert name == "core/shortcuts.js", f"{name} listens for keys itself: use core/shortcuts.js"
        assert "setInterval" not in source, f"{name}: redraws belong to the page's ticker (draw(now))"


def test_stylesheets_are_linked_from_the_base_template_not_made_by_script() -> None:
    (template,) = ROOT.glob("server/**/templates/base.html")  # wherever the server keeps it
    base = template.read_text()
    linked = re.findall(r'<link rel="stylesheet" href="/static/([\w-]+\.css)">', base)
    assert sorted(linked) == sorted(p.name for p in (ROOT / "static").glob("*.css"))
    for name, source in modules().items():
        assert not MAKES_STYLESHEET.search(source), f"{name} makes a stylesheet: link it from base.html"
