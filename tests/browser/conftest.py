"""Shared fixtures for real-browser journeys (Debian chromium driven by Playwright's sync API).

What is here, for anyone adding a journey (turns, feedback, …):

- `ServerProcess` (tests/support/process.py): the real service started the way the README says
  (`python -m server --port P --data-dir D`) in a subprocess; `.kill()` is SIGKILL, `.start()`
  again reuses the port and the data dir.
- `live_server` (session): one server shared by journeys that only create their own groups.
  `own_server` (function): a server of the test's own, for journeys that kill or restart it.
- `browser` (module): chromium launched with the flags this machine needs. Browser test
  modules hold sync tests only (see the fixture for why).
- `pages` (function): `pages.open(url, width=…, skew_ms=…)` opens a page in a fresh browser
  context (its own storage, like a separate person's computer); `pages.shot(page, name)` saves
  a screenshot under test-output/screenshots/. Every page is watched: an uncaught script
  error or a Content-Security-Policy violation fails the test at teardown.
- `wait_in_page(page, "() => …")`: wait for a condition only script can see (the test hook
  `window.__holdspace`); `page.wait_for_function` would trip the CSP.
- `unnamed_controls(page)`: every control must have an accessible name; this lists those
  that do not (expect an empty list).
- `create_group(base_url, …)`: a group through the real REST API; returns the API answer
  (links for the console, co-facilitator, display and each member).

Wait on conditions (`expect(locator).to_have_text(…)`), never on sleeps.
"""

from __future__ import annotations

import json
import os
import re
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, expect, sync_playwright

from tests.support.process import ROOT, ServerProcess

__all__ = ["ServerProcess"]

OUTPUT = ROOT / "test-output"
SCREENSHOTS = OUTPUT / "screenshots"
CHROMIUM = os.environ.get("HOLDSPACE_CHROMIUM", "/usr/bin/chromium")
# axe-core from npm (scripts/test runs `npm ci --prefix tests/browser`), injected per page.
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
STARTUP_TIMEOUT = 20.0
expect.set_options(timeout=10_000)


def _server(tmp: Path) -> Iterator[ServerProcess]:
    srv = ServerProcess("--data-dir", str(tmp / "data")).start(timeout=STARTUP_TIMEOUT)
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    yield from _server(tmp_path_factory.mktemp("live"))


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[ServerProcess]:
    yield from _server(tmp_path)


# Module scope, not session: the sync API keeps its event loop marked as running on this
# thread while Playwright is started, which breaks async tests run meanwhile. So a browser
# module must hold only sync tests, and Playwright stops when the module is done.
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"chromium not found at {CHROMIUM}; scripts/test installs it (apt-get install chromium)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def create_group(base_url: str, members: list[str] | None = None, **spec: Any) -> dict[str, Any]:
    """A group created through the real API (default members Ann, Bo, Cy)."""
    body = {"name": "Tuesday group", "members": members or ["Ann", "Bo", "Cy"], **spec}
    req = urllib.request.Request(
        f"{base_url}/api/groups",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(req, timeout=5) as r:
        assert r.status == 201
        answer: dict[str, Any] = json.loads(r.read())
        return answer


_CONTROL = re.compile(
    r"^\s*- (button|textbox|spinbutton|combobox|checkbox|radio|link|progressbar|slider|switch)"
    r"(?=\s*(\[|:|$))",
    re.MULTILINE,
)


def unnamed_controls(page: Page) -> list[str]:
    """Controls that a screen reader (and get_by_role) would find without a name."""
    return [m.group(0).strip() for m in _CONTROL.finditer(page.locator("body").aria_snapshot())]


def wait_in_page(page: Page, condition: str, timeout_ms: int = 10_000) -> None:
    """Wait until the JS arrow function `condition` returns true in the page.

    Not `page.wait_for_function`: its polling compiles the predicate with eval inside the
    page, which the pages' CSP (rightly) refuses. Here the whole wait is one evaluation.
    """
    failure = json.dumps(f"timed out: {condition}")
    page.evaluate(
        f"""() => new Promise((resolve, reject) => {{
          const start = performance.now();
          const check = () => {{
            let ok = false;
            try {{ ok = Boolean(({condition})()); }} catch {{ ok = false; }}
            if (ok) resolve(true);
            else if (performance.now() - start > {timeout_ms}) reject(new Error({failure}));
            else setTimeout(check, 25);
          }};
          check();
        }})"""
    )


# Shifts both clocks a page could read, before any of its scripts run: a browser whose
# wall clock and monotonic origin are both off must still agree with the server.
_SKEW_SCRIPT = """
(() => {
  const skew = %d;
  const perfNow = performance.now.bind(performance);
  const dateNow = Date.now;
  performance.now = () => perfNow() + skew;
  Date.now = () => dateNow() + skew;
})();
"""


class Pages:
    """Opens pages in separate contexts and records their script errors."""

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.contexts: list[BrowserContext] = []
        self.problems: list[str] = []

    def open(
        self,
        url: str,
        *,
        width: int = 1100,
        height: int = 800,
        skew_ms: int = 0,
        reduced_motion: bool = True,
        **context_kw: Any,
    ) -> Page:
        ctx = self.browser.new_context(
            viewport={"width": width, "height": height},
            reduced_motion="reduce" if reduced_motion else "no-preference",
            **context_kw,
        )
        self.contexts.append(ctx)
        if skew_ms:
            ctx.add_init_script(_SKEW_SCRIPT % skew_ms)
        ctx.set_default_timeout(10_000)
        page = ctx.new_page()
        page.on("pageerror", lambda exc: self.problems.append(f"{url.split('#')[0]}: {exc}"))
        page.on("console", self._console)
        if url:
            page.goto(url)
        return page

    def _console(self, msg: ConsoleMessage) -> None:
        text = msg.text
        # A refused websocket while the server is down is expected in reconnect journeys.
        if msg.type == "error" and ("Content Security Policy" in text or "Uncaught" in text):
            self.problems.append(text)

    def shot(self, page: Page, name: str, *, full_page: bool = True) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    def close(self) -> None:
        for ctx in self.contexts:
            ctx.close()


@pytest.fixture
def pages(browser: Browser) -> Iterator[Pages]:
    p = Pages(browser)
    yield p
    p.close()
    assert not p.problems, "script errors or CSP violations in the pages:\n" + "\n".join(p.problems)


# Hostile text for layout checks: a 40-character word, right-to-left, emoji, markup.
HOSTILE_NAMES = [
    "Ann",
    "Bartholomew-Maximilian-Featherstonehaugh",  # 40: the most a member name may hold
    "محمد",
    "Zoë 🌻",
    "<script>x</script>",
]

# Elements wider than the window or scrolling inside: what makes a page scroll sideways.
WIDE = """() => {
  const page = document.documentElement.clientWidth;
  const wide = (el) => el.scrollWidth > el.clientWidth + 1 || el.getBoundingClientRect().width > page;
  const name = (el) => `${el.tagName.toLowerCase()}.${el.className}: ${(el.textContent || "").slice(0, 30)}`;
  return [...document.querySelectorAll("body *")].filter(wide).map(name).slice(0, 14);
}"""


def accessible(page: Page, where: str = "") -> None:
    """axe-core finds nothing critical or serious on the page, and every control has a name."""
    assert unnamed_controls(page) == [], where
    assert axe_violations(page) == [], where


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's critical and serious findings (evaluated over DevTools: the CSP stays on).

    `label-content-name-mismatch` (WCAG 2.5.3, serious) is enabled by name, whatever axe's
    default for it: a control's accessible name must contain the words it shows, or voice
    control cannot find it by them."""
    assert AXE.is_file(), "axe-core is missing: scripts/test runs `npm ci --prefix tests/browser`"
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        """async () => (await axe.run(document, {
          resultTypes: ['violations'],
          rules: {'label-content-name-mismatch': {enabled: true}},
        })).violations"""
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result
        if v["impact"] in ("critical", "serious")
    ]
