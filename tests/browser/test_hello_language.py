"""A page says its language in its hello, so the server's refusals reach it in that language."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from playwright.sync_api import Page, WebSocket, expect

from tests.browser.conftest import Pages, ServerProcess, create_group

pytestmark = pytest.mark.browser


def test_each_page_says_its_own_language(live_server: ServerProcess, pages: Pages) -> None:
    group = create_group(live_server.url)
    for member, locale, lang, waiting in [
        (0, "es-MX", "es", "Esperando a que empiece la sesión"),
        (1, "en-US", "en", "Waiting for the session to start"),
    ]:
        said: list[dict[str, Any]] = []

        def watch(ws: WebSocket, said: list[dict[str, Any]] = said) -> None:
            ws.on("framesent", lambda payload: said.append(json.loads(payload)))

        page = pages.open("", width=400, locale=locale)
        page.on("websocket", watch)
        page.goto(group["links"]["members"][member]["url"])
        # The page shows a state, so its hello went out and was answered.
        expect(page.get_by_role("heading", level=1)).to_have_text(waiting)
        hellos = _hellos(page, said)
        assert hellos[0]["lang"] == lang and "token" in hellos[0]


def _hellos(page: Page, said: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The hellos seen so far: Playwright reports a sent frame on its own schedule, so wait
    (its event loop turning while we do) until the one already answered is reported too."""
    deadline = time.monotonic() + 5
    while not any(m["type"] == "hello" for m in said) and time.monotonic() < deadline:
        page.wait_for_timeout(20)
    return [m for m in said if m["type"] == "hello"]
