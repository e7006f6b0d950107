"""The start page: refusals are shown beside the form with the input kept; the agenda is editable."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Pages, ServerProcess

pytestmark = pytest.mark.browser


def test_refusal_keeps_input_and_edited_agenda_is_used(live_server: ServerProcess, pages: Pages) -> None:
    start = pages.open(live_server.url + "/", width=400, permissions=["clipboard-read", "clipboard-write"])
    members = start.get_by_role("textbox", name=re.compile("^Members"))
    # The form's own alert (the sign-in card above it has another).
    refusal = start.get_by_role("form", name="Start a group").get_by_role("alert")
    start.get_by_role("textbox", name="Group name", exact=True).fill("Monday group")
    members.fill("\n".join(f"P{i}" for i in range(13)))
    expect(start.get_by_text("13 members — at most 12, please remove 1")).to_be_visible()
    start.get_by_role("button", name="Create group").click()
    expect(refusal).to_have_text("A group has at most 12 members; this list has 13.")

    members.fill("Ann\nann")
    start.get_by_role("button", name="Create group").click()
    expect(refusal).to_have_text("Two members have the same name; give each a name of their own.")
    expect(members).to_have_value("Ann\nann")
    expect(start.get_by_role("textbox", name="Group name", exact=True)).to_have_value("Monday group")

    # A shorter agenda: drop the treatment discussion, add a closing round.
    start.get_by_text("Agenda for each session").click()
    agenda = start.locator("#agenda")
    agenda.get_by_role("button", name="Remove Treatment discussion").click()
    start.get_by_role("button", name="Add a segment").click()
    last = agenda.get_by_role("listitem").last
    last.get_by_role("textbox", name="Title").fill("Closing round")
    last.get_by_role("spinbutton", name="Minutes").fill("7")
    expect(start.get_by_text("92 min")).to_be_visible()
    members.fill("Ann\nBo")
    start.get_by_role("button", name="Create group").click()
    expect(start.get_by_text("Save these links now: they are shown only once.")).to_be_visible()
    console_url = start.get_by_role("textbox", name="Facilitator console (you)", exact=True).input_value()
    start.get_by_role("button", name="Copy link: Member: Bo").click()
    expect(start.get_by_role("status")).to_have_text("Copied: Member: Bo.")
    bo_url = start.get_by_role("textbox", name="Member: Bo", exact=True).input_value()
    assert start.evaluate("navigator.clipboard.readText()") == bo_url

    console = pages.open(console_url)
    console.get_by_role("tab", name="Agenda").click()
    items = console.get_by_role("list", name="Agenda for coming sessions").get_by_role("listitem")
    expect(items).to_have_count(5)
    expect(items.nth(2)).to_contain_text("In-depth turns")
    expect(items.last).to_contain_text("Closing round")
    expect(items.last).to_contain_text("7 min")
