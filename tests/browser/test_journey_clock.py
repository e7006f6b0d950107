"""A facilitator creates a group on the start page, runs the clock; members and display follow."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Pages, ServerProcess, create_group, unnamed_controls

pytestmark = pytest.mark.browser

COUNTDOWN = re.compile(r"^\d+:\d\d$")


def countdown_moves(page: Page) -> None:
    """The countdown shows m:ss and changes by itself (no server message needed)."""
    clock = page.locator(".countdown")
    expect(clock).to_have_text(COUNTDOWN)
    first = clock.inner_text()
    expect(clock).not_to_have_text(first, timeout=3000)


def link(start: Page, label: str) -> str:
    """The link shown under `label` on the links page."""
    return start.get_by_role("textbox", name=label, exact=True).input_value()


def test_create_group_run_clock_members_follow(live_server: ServerProcess, pages: Pages) -> None:
    start = pages.open(live_server.url + "/", width=900)
    start.get_by_role("textbox", name="Group name", exact=True).fill("Thursday evening group")
    start.get_by_role("spinbutton", name="Weekly sessions").fill("10")
    start.get_by_role("textbox", name=re.compile("^Members")).fill("Ann\nBo\nCy\n<script>alert(1)</script>")
    expect(start.get_by_text("4 members")).to_be_visible()
    start.get_by_text("Agenda for each session").click()  # unfold the agenda editor
    assert unnamed_controls(start) == []
    pages.shot(start, "start-page")
    start.get_by_role("button", name="Create group").click()

    expect(start.get_by_text("Save these links now: they are shown only once.")).to_be_visible()
    expect(start.get_by_role("textbox", name="Member: <script>alert(1)</script>", exact=True)).to_be_visible()
    assert unnamed_controls(start) == []
    pages.shot(start, "links-page")
    console_url = link(start, "Facilitator console (you)")
    display_url = link(start, "Display (for sharing on screen)")
    ann_url = link(start, "Member: Ann")
    bo_url = link(start, "Member: Bo")
    assert "#t=" in console_url and "#t=" in ann_url

    console = pages.open(console_url)
    ann = pages.open(ann_url, width=360, height=640)
    bo = pages.open(bo_url, width=400, height=640, color_scheme="dark")
    display = pages.open(display_url, width=1280, height=720)
    for member in (ann, bo):
        expect(member.get_by_role("heading", level=1)).to_have_text("Waiting for the session to start")

    expect(display.get_by_role("heading", level=1)).to_have_text("Waiting for the session to start")
    pages.shot(display, "display-waiting", full_page=False)
    console.get_by_role("button", name="Start session 1").click()
    for page in (console, ann, bo, display):
        expect(page.get_by_role("heading", level=1)).to_have_text("Grounding meditation")
        countdown_moves(page)
    expect(ann.locator(".next")).to_have_text("Next: Check-in round (15 min)")
    expect(ann.get_by_text("Segment 1 of 5")).to_be_visible()
    expect(ann.locator(".my-name")).to_have_text("Ann")
    expect(bo.locator(".group-name")).to_have_text("Thursday evening group")

    # The console moves the session on; every page follows without a reload.
    console.get_by_role("button", name="Next", exact=True).click()
    for page in (ann, bo, display):
        expect(page.get_by_role("heading", level=1)).to_have_text("Check-in round")
    # Screen readers hear the change of segment once, politely; not every second.
    expect(ann.locator(".sr-only[aria-live=polite]")).to_have_text("Now: Check-in round, 15 minutes.")
    console.get_by_role("button", name="Pause", exact=True).click()
    expect(ann.locator(".seg-state")).to_have_text("Paused")
    paused_at = ann.locator(".countdown").inner_text()
    expect(bo.locator(".countdown")).to_have_text(paused_at)
    expect(display.locator(".countdown")).to_have_text(paused_at)
    console.get_by_role("button", name="Extend by 5 minutes").click()
    expect(ann.locator(".countdown")).to_have_text(re.compile(r"^(19|20):\d\d$"))
    console.get_by_role("button", name="Resume", exact=True).click()
    expect(ann.locator(".seg-state")).to_have_text("")
    countdown_moves(bo)

    for page in (console, ann, display):
        assert unnamed_controls(page) == []
    pages.shot(console, "console")
    pages.shot(ann, "member-360", full_page=False)
    pages.shot(bo, "member-400-dark", full_page=False)
    pages.shot(display, "display", full_page=False)


def test_console_keyboard_and_agenda_editing(live_server: ServerProcess, pages: Pages) -> None:
    group = create_group(live_server.url)
    console = pages.open(group["links"]["facilitator"])
    member = pages.open(group["links"]["members"][0]["url"], width=360)

    # Before a session: the template is edited, in the console's Agenda tab.
    console.get_by_role("tab", name="Agenda").click()
    agenda = console.get_by_role("list", name="Agenda for coming sessions")
    expect(agenda.get_by_role("listitem")).to_have_count(5)
    console.get_by_role("button", name="Move Homework setting up").click()
    expect(agenda.get_by_role("listitem").nth(3)).to_contain_text("Homework setting")
    # Removing asks first: one press arms the button, a second removes.
    console.get_by_role("button", name="Remove Treatment discussion").click()
    confirm = console.get_by_role("button", name="Confirm: remove Treatment discussion")
    expect(confirm).to_be_focused()
    expect(agenda.get_by_role("listitem")).to_have_count(5)
    confirm.click()
    expect(agenda.get_by_role("listitem")).to_have_count(4)
    # The keyboard goes on to the next row (the removed one's button is gone).
    expect(console.get_by_role("button", name="Move Homework setting up")).to_be_focused()

    console.get_by_role("tab", name="Live").click()
    console.get_by_role("button", name="Start session 1").click()
    expect(member.get_by_role("heading", level=1)).to_have_text("Grounding meditation")
    expect(member.get_by_text("Segment 1 of 4")).to_be_visible()

    # Pop out: the live part moves to an always-on-top Document Picture-in-Picture window and back.
    with member.context.expect_page() as opened:
        member.get_by_role("button", name="Pop out").click()
    pip = opened.value
    expect(pip.get_by_role("heading", level=1)).to_have_text("Grounding meditation")
    countdown_moves(pip)
    expect(member.get_by_text("Holdspace is in its own small window")).to_be_visible()
    pages.shot(pip, "member-pip-clock", full_page=False)
    member.get_by_role("button", name="Bring back").click()
    expect(member.get_by_role("heading", level=1)).to_have_text("Grounding meditation")
    expect(member.get_by_role("button", name="Pop out")).to_be_visible()

    # Keyboard: N moves on, P goes back, Space pauses; never while typing in a field.
    console.keyboard.press("n")
    expect(member.get_by_role("heading", level=1)).to_have_text("Check-in round")
    console.get_by_role("tab", name="Agenda").click()
    add = console.get_by_role("form", name="Add a segment to this session")
    add.get_by_label("Title").fill("Group discussion")
    add.get_by_label("Title").press("n")  # typing: not a shortcut
    add.get_by_label("Minutes").fill("20")
    add.get_by_role("button", name="Add segment").click()
    expect(member.get_by_text("Segment 2 of 5")).to_be_visible()
    live = console.get_by_role("list", name="This session's agenda")
    expect(live.get_by_role("listitem").last).to_contain_text("Group discussionn")
    live.get_by_role("button", name="Move Group discussionn up").click()
    expect(live.get_by_role("listitem").nth(3)).to_contain_text("Group discussionn")
    console.keyboard.press("Enter")  # the focus stayed on the moved row's button
    expect(member.locator(".next")).to_have_text("Next: Group discussionn (20 min)")
    expect(live.get_by_role("button", name="Move Group discussionn up")).to_be_disabled()
    console.get_by_role("tab", name="Live").click()
    console.get_by_role("heading", level=1).click()  # focus back on the page, off the buttons
    console.keyboard.press(" ")
    expect(member.locator(".seg-state")).to_have_text("Paused")
    console.keyboard.press("p")
    expect(member.get_by_role("heading", level=1)).to_have_text("Grounding meditation")

    # The live session's current segment can be renamed; a refusal is shown calmly.
    console.get_by_role("tab", name="Agenda").click()
    live.get_by_role("button", name="Edit Grounding meditation").click()
    edit = live.get_by_role("form", name="Edit Grounding meditation")
    edit.get_by_label("Title").fill("Breathing together")
    edit.get_by_role("button", name="Save").click()
    expect(member.get_by_role("heading", level=1)).to_have_text("Breathing together")
    live.get_by_role("button", name="Edit Breathing together").click()
    edit = live.get_by_role("form", name="Edit Breathing together")
    edit.get_by_label("Title").fill("   ")  # passes the form's own check; the server refuses
    edit.get_by_role("button", name="Save").click()
    expect(console.get_by_role("alert")).to_have_text("Rename segment: The segment title cannot be empty.")
    edit.get_by_role("button", name="Cancel").click()
    expect(live.get_by_role("button", name="Edit Breathing together")).to_be_focused()

    # Overtime counts up, calmly: no alarm, no red.
    console.get_by_role("tab", name="Live").click()
    console.get_by_role("button", name="Shorten by 5 minutes").click()
    expect(member.locator(".countdown")).to_have_text(re.compile(r"^\+0:\d\d over$"))
    expect(member.locator(".clock-panel")).to_have_class(re.compile(r"\bover\b"))
    pages.shot(member, "member-overtime", full_page=False)
    pages.shot(console, "console-overtime")

    console.get_by_role("button", name="End session").click()
    console.get_by_role("button", name="Confirm: end session 1").click()
    expect(member.get_by_role("heading", level=1)).to_have_text("This session has ended")
    expect(console.get_by_role("button", name="Start session 2")).to_be_visible()
    expect(console.get_by_role("heading", name="Session 1 ended")).to_be_visible()
    expect(console.get_by_role("heading", name="Session 1 ended")).to_be_focused()  # not <body>
    pages.shot(console, "console-ended")
    pages.shot(member, "member-ended", full_page=False)
