"""The package a clinic installs: the wheel built from this checkout, installed into a fresh
virtual environment outside it (dependencies from requirements.lock, with their hashes), runs
from any directory and serves every page, module and stylesheet its pages reference."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path
from urllib.parse import urljoin

import pytest

from tests.support.process import ROOT, ServerProcess

IMPORT = re.compile(
    r"""(?:import|export)\s[^"';]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)"""
)
ASSET = re.compile(r"""<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)\"""")


def run(*cmd: str | Path, cwd: Path) -> str:
    out = subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stdout + out.stderr
    return out.stdout


def fetch(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.status, r.headers.get_content_type(), r.read()


def crawl(base: str, page: str) -> dict[str, str]:
    """Every asset a page loads, transitively through ES module imports: url -> content type."""
    status, _, html = fetch(base + page)
    assert status == 200
    todo = [urljoin(base + page, ref) for ref in ASSET.findall(html.decode())]
    seen: dict[str, str] = {}
    while todo:
        url = todo.pop()
        if url in seen or not url.startswith(base):
            continue
        status, kind, body = fetch(url)
        assert status == 200, url
        seen[url] = kind
        if url.endswith(".js"):
            todo += [urljoin(url, a or b) for a, b in IMPORT.findall(body.decode())]
    return seen


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    # Built from the files git tracks, in a copy: what a release would hold, and the checkout
    # stays clean (setuptools writes build/ beside the sources).
    source = tmp / "source"
    tracked = run("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT).split("\0")
    for name in filter(None, tracked):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    run(sys.executable, "-m", "build", "--wheel", "--outdir", tmp / "dist", source, cwd=tmp)
    (wheel,) = (tmp / "dist").glob("holdspace-*.whl")
    run(sys.executable, "-m", "venv", tmp / "venv", cwd=tmp)
    pip = [tmp / "venv" / "bin" / "python", "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    run(*pip, "--require-hashes", "-r", ROOT / "requirements.lock", cwd=tmp)
    run(*pip, "--no-deps", wheel, cwd=tmp)
    return tmp


@pytest.mark.slow
def test_the_installed_package_says_its_version(installed: Path) -> None:
    version = run(installed / "venv" / "bin" / "holdspace", "--version", cwd=installed).strip()
    project = (ROOT / "pyproject.toml").read_text()
    assert version == "holdspace " + re.search(r'^version = "([^"]+)"', project, re.M).group(1)
    assert (
        run(installed / "venv" / "bin" / "python", "-m", "server", "--version", cwd=installed).strip()
        == version
    )


@pytest.mark.slow
def test_the_installed_package_serves_every_page_module_and_stylesheet(installed: Path) -> None:
    python = installed / "venv" / "bin" / "python"
    server = ServerProcess("--data-dir", str(installed / "data"), cwd=installed, python=python).start()
    try:
        body = json.dumps({"name": "Wheel group", "members": ["Ann", "Bo"]}).encode()
        request = urllib.request.Request(server.url + "/api/groups", data=body, method="POST")
        with urllib.request.urlopen(request, timeout=10) as r:
            group = json.loads(r.read())
        assets: dict[str, str] = crawl(server.url, "/")
        for view in ("console", "member", "display", "summary"):
            assets |= crawl(server.url, f"/g/{group['group_id']}/{view}")
    finally:
        server.stop()
    scripts = {u for u, kind in assets.items() if u.endswith(".js")}
    sheets = {u for u, kind in assets.items() if u.endswith(".css")}
    assert all(assets[u] in ("text/javascript", "application/javascript") for u in scripts)
    assert all(assets[u] == "text/css" for u in sheets)
    # The whole browser side came out of the wheel, not from this checkout.
    on_disk = {p for p in (installed / "venv").rglob("site-packages/server/overlay/**/*.js")}
    assert len(scripts) >= 10 and len(sheets) >= 1 and on_disk
    assert not (installed / "overlay").exists()


def test_the_wheel_lists_every_package_of_the_server() -> None:
    """pyproject names the packages one by one (the browser's files are mapped into the wheel
    beside them): a new package missing from the list would be missing from every install."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "server").rglob("__init__.py")}
    assert found <= listed, sorted(found - listed)
