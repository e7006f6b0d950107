"""server/ keeps the shape the README describes: the domain's package is its public face, so code
outside server/domain/ imports from `server.domain` itself, never from one of its modules (which
may then move or split without touching the edge). Read from the source (ast), not by importing."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = ROOT / "server"
DOMAIN = SERVER / "domain"


def domain_internals_imported(path: Path, source: str | None = None) -> list[str]:
    """`module:line imported-name` for each import of a module inside server/domain from `path`
    (a file under the repository; `source`: its text, if not the file's)."""
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    found = []
    text = path.read_text() if source is None else source
    for node in ast.walk(ast.parse(text, str(path))):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom):
            base = list(package[: len(package) - node.level + 1]) if node.level else []
            module = ".".join([*base, *(node.module or "").split(".")]).strip(".")
            # What `from ..domain import x` gives is the package's to choose (its __init__).
            names = [module] if module.startswith("server.domain.") else []
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names if a.name.startswith("server.domain.")]
        found += [f"{path.relative_to(ROOT)}:{node.lineno} {name}" for name in names]
    return found


def test_code_outside_the_domain_imports_only_its_package() -> None:
    outside = [p for p in sorted(SERVER.rglob("*.py")) if DOMAIN not in p.parents]
    assert len(outside) > 50
    assert [hit for p in outside for hit in domain_internals_imported(p)] == []


def test_the_check_sees_a_relative_and_an_absolute_import_of_a_domain_module() -> None:
    # The scan itself could be blind; it must find what the edge used to do.
    source = (
        "from ..domain import Group, limits\n"
        "from ..domain.document import LANGUAGES\n"
        "import server.domain.floor\n"
    )
    hits = domain_internals_imported(SERVER / "web" / "probe.py", source)
    assert [h.split(" ")[1] for h in hits] == ["server.domain.document", "server.domain.floor"]
