"""Kill -9 the server mid-session: pages say they are reconnecting, then recover by themselves."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Pages, ServerProcess, create_group

pytestmark = pytest.mark.browser


def test_pages_recover_after_server_kill(own_server: ServerProcess, pages: Pages) -> None:
    group = create_group(own_server.url)
    console = pages.open(group["links"]["facilitator"])
    member = pages.open(group["links"]["members"][0]["url"], width=360)
    console.get_by_role("button", name="Start session 1").click()
    console.get_by_role("button", name="Next", exact=True).click()
    expect(member.get_by_role("heading", level=1)).to_have_text("Check-in round")
    console.get_by_role("button", name="Pause", exact=True).click()
    expect(member.locator(".seg-state")).to_have_text("Paused")
    paused = member.locator(".countdown").inner_text()

    own_server.kill()
    for page in (console, member):
        expect(page.get_by_role("status")).to_have_text("Reconnecting…")
    # The clock keeps showing what was committed while the server is away.
    expect(member.locator(".countdown")).to_have_text(paused)
    # A command given while disconnected waits and is sent (once) after the reconnect.
    console.get_by_role("button", name="Resume", exact=True).click()

    own_server.start()  # same port, same data dir
    for page in (console, member):
        expect(page.get_by_role("status")).to_have_text("", timeout=20_000)
    expect(member.get_by_role("heading", level=1)).to_have_text("Check-in round")
    expect(member.get_by_text("Session 1 of 8")).to_be_visible()
    expect(member.locator(".seg-state")).to_have_text("")  # the queued Resume was applied
    expect(member.locator(".countdown")).not_to_have_text(paused)
    expect(member.locator(".countdown")).to_have_text(re.compile(r"^1[45]:\d\d$"))
    expect(console.get_by_role("button", name="Pause", exact=True)).to_be_visible()
    expect(console.get_by_role("alert")).to_have_text("")
