"""Kill -9 the server mid-session: pages say they are reconnecting, then recover by themselves.

A click made while a page is offline is never kept for later (a queued "Next" once jumped a
session a segment 22 s after the click): its buttons are shown disabled, a click says plainly
that nothing was sent, and nothing of it is applied when the page reconnects. (A command sent
while connected whose ack was lost is still re-sent once: tests/browser/test_resend.py.)
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Pages, ServerProcess, create_group

pytestmark = pytest.mark.browser

NOT_SENT = "Not sent: this page is not connected, so nothing changed. Try again once it is connected."


def test_pages_recover_after_server_kill(own_server: ServerProcess, pages: Pages) -> None:
    group = create_group(own_server.url)
    console = pages.open(group["links"]["facilitator"], width=420, height=800)
    member = pages.open(group["links"]["members"][0]["url"], width=360)
    console.get_by_role("button", name="Start session 1").click()
    console.get_by_role("button", name="Next", exact=True).click()
    expect(member.get_by_role("heading", level=1)).to_have_text("Check-in round")
    console.get_by_role("button", name="Pause", exact=True).click()
    expect(member.locator(".seg-state")).to_have_text("Paused")
    paused = member.locator(".countdown").inner_text()

    own_server.kill()
    for page in (console, member):
        expect(page.get_by_role("status").first).to_have_text("Reconnecting…")
    # The clock keeps showing what was committed while the server is away.
    expect(member.locator(".countdown")).to_have_text(paused)
    # Offline, the buttons that would send a command are disabled; a click is refused at once.
    resume = console.get_by_role("button", name="Resume", exact=True)
    expect(resume).to_be_disabled()
    expect(console.get_by_role("tab", name="Agenda")).to_be_enabled()  # the page itself still works
    resume.click(force=True)
    expect(console.get_by_role("alert")).to_have_text(f"Resume: {NOT_SENT}")
    expect(resume).to_be_focused()  # the keyboard stays where it was
    raise_hand = member.get_by_role("button", name="Raise hand")
    expect(raise_hand).to_be_disabled()
    raise_hand.click(force=True)
    expect(member.get_by_role("alert")).to_have_text(NOT_SENT)

    own_server.start()  # same port, same data dir
    for page in (console, member):
        expect(page.get_by_role("status").first).to_have_text("", timeout=20_000)
    expect(resume).to_be_enabled()
    expect(raise_hand).to_be_enabled()
    expect(member.get_by_role("heading", level=1)).to_have_text("Check-in round")
    expect(member.get_by_text("Session 1 of 8")).to_be_visible()

    # Nothing of the offline clicks arrives later. Each page sends one command now; a command
    # kept from before would have reached the server ahead of it, on the same socket.
    console.get_by_role("button", name="+1 min (extend by 1 minute)").click()
    expect(member.locator(".countdown")).not_to_have_text(paused)
    expect(member.locator(".seg-state")).to_have_text("Paused")  # the offline Resume was not applied
    member.get_by_role("button", name="Signal the facilitators").click()
    member.get_by_role("button", name="Send to the facilitators").click()
    expect(member.get_by_role("list", name="My signals")).to_contain_text("received")
    expect(console.locator("p.turns-empty")).to_have_text("No hands raised.")  # nor the offline hand
    expect(member.get_by_role("button", name="Raise hand")).to_be_visible()

    # Clicked again now, it works.
    resume.click()
    expect(member.locator(".seg-state")).to_have_text("")
    expect(member.locator(".countdown")).to_have_text(re.compile(r"^1[56]:\d\d$"))
    expect(console.get_by_role("button", name="Pause", exact=True)).to_be_visible()
    expect(console.get_by_role("alert")).to_have_text("")
