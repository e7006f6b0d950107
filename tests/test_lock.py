"""The lock files and pyproject.toml agree: every dependency declared is pinned, at a version its
specifier admits, with hashes; the service's pins are the test environment's pins; and what
installs Holdspace (scripts, Dockerfile) installs from the locks."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s\\]+)")


def pins(name: str) -> dict[str, tuple[Version, int]]:
    """package -> (version, number of hashes) from a lock file."""
    found: dict[str, tuple[Version, int]] = {}
    current = None
    for line in (ROOT / name).read_text().splitlines():
        if m := PIN.match(line):
            current = canonicalize_name(m.group(1))
            found[current] = (Version(m.group(2)), 0)
        elif current and "--hash=sha256:" in line:
            version, hashes = found[current]
            found[current] = (version, hashes + 1)
    return found


def declared(extra: str | None = None) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = project["dependencies"] + (project["optional-dependencies"][extra] if extra else [])
    return [Requirement(r) for r in reqs]


def test_every_declared_dependency_is_pinned_within_its_specifier() -> None:
    for lock, extra in (("requirements.lock", None), ("requirements-test.lock", "test")):
        locked = pins(lock)
        for req in declared(extra):
            name = canonicalize_name(req.name)
            assert name in locked, f"{req.name} is declared but not pinned in {lock}: run scripts/lock"
            assert req.specifier.contains(locked[name][0], prereleases=True), (
                lock,
                str(req),
                locked[name][0],
            )


def test_every_pin_has_hashes_and_the_service_pins_are_the_tests_pins() -> None:
    service, test = pins("requirements.lock"), pins("requirements-test.lock")
    assert all(hashes for _, hashes in service.values()) and all(hashes for _, hashes in test.values())
    assert {n: v for n, (v, _) in service.items()} == {n: test[n][0] for n in service}


def test_installs_use_the_locks_with_hashes() -> None:
    for path, lock in (
        ("scripts/serve", "requirements.lock"),
        ("scripts/test", "requirements-test.lock"),
        ("deploy/Dockerfile", "requirements.lock"),
    ):
        text = (ROOT / path).read_text()
        assert f"--require-hashes -r {lock}" in text, path
