"""Two weeks of a course in real browsers: agreements, a goal, homework set in week 1 and
shown at week 2's check-in, a private signal sent by keyboard and acknowledged, the summary
page, export, and deleting the course."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Pages, ServerProcess, create_group, unnamed_controls

pytestmark = pytest.mark.browser

NOTE = "what was said about mothers stayed with me"


def next_segment(console: Page, title: str) -> None:
    console.get_by_role("button", name="Next", exact=True).click()
    expect(console.get_by_role("heading", level=1)).to_have_text(title)


def tab(console: Page, name: str) -> None:
    console.get_by_role("tab", name=name).click()
    expect(console.get_by_role("tabpanel", name=name)).to_be_visible()


def test_two_weeks_of_a_course(live_server: ServerProcess, pages: Pages) -> None:
    group = create_group(live_server.url, name="Thursday group", sessions=8)
    links = group["links"]
    console = pages.open(links["facilitator"], width=1280, height=900)
    ann = pages.open(links["members"][0]["url"], width=380, height=800)
    bo = pages.open(links["members"][1]["url"], width=380, height=800)
    display = pages.open(links["display"], width=1280, height=720)

    # ---- before the first session: agreements and a goal ----------------------------------
    agreements = ann.get_by_role("region", name="Our group agreements")
    expect(agreements.get_by_text("Show up on time.")).to_be_visible()
    tab(console, "Course")
    expect(console.get_by_text("read by 0 of 3 members")).to_be_visible()
    assert unnamed_controls(ann) == []
    pages.shot(ann, "course-member-agreements")
    agreements.get_by_role("button", name="I have read the agreements").click()
    expect(agreements).to_be_hidden()
    expect(ann.get_by_text("Group agreements", exact=True)).to_be_focused()  # folded, not <body>
    expect(console.get_by_text("read by 1 of 3 members")).to_be_visible()
    tab(console, "Members")
    expect(console.locator("tr[data-member=m1]")).to_contain_text("✓ read")

    console.get_by_role("button", name="Goal for Ann").click()
    goal_form = console.get_by_role("form", name="Goal for Ann")
    goal_form.get_by_label("Interpersonal deficits / isolation").check()
    goal_form.get_by_label("Goal in their words").fill("making friends")
    goal_form.get_by_role("button", name="Save goal").click()
    expect(ann.get_by_role("region", name="My goal")).to_contain_text("making friends")
    expect(console.get_by_role("button", name="Goal for Ann")).to_be_focused()  # back where it opened
    expect(bo.get_by_text("making friends")).to_have_count(0)

    tab(console, "Course")
    console.get_by_role("button", name="Show on the display").click()
    expect(display.get_by_role("region", name="Our group agreements")).to_contain_text("Show up on time.")
    pages.shot(display, "course-display-agreements", full_page=False)
    console.get_by_role("button", name="Hide from the display").click()
    expect(display.get_by_role("region", name="Our group agreements")).to_be_hidden()

    # ---- week 1 ----------------------------------------------------------------------------
    tab(console, "Live")
    expect(console.locator(".week-line")).to_have_text("Next: session 1 of 8 — initial")
    expect(ann.locator(".week-line")).to_have_text("Next: session 1 of 8 — initial")
    console.get_by_role("button", name="Start session 1").click()
    expect(console.locator(".week-line")).to_have_text("Session 1 of 8 — initial")
    expect(ann.locator(".week-line")).to_be_hidden()  # the clock says "Session 1 of 8" itself
    expect(ann.get_by_role("region", name="My homework for this week")).to_be_hidden()
    tab(console, "Members")
    expect(console.locator("tr[data-member=m1] td").first).to_have_text("here")
    tab(console, "Live")

    # A signal, by keyboard only: Alt+Shift+S, arrow to the second choice, a note, send.
    ann.keyboard.press("Alt+Shift+S")
    expect(ann.get_by_role("radio", name="I need a moment")).to_be_focused()
    ann.keyboard.press("ArrowDown")
    expect(ann.get_by_role("radio", name="Please check in with me after the session")).to_be_checked()
    ann.keyboard.press("Tab")
    ann.keyboard.type(NOTE)
    pages.shot(ann, "course-member-signal")
    ann.keyboard.press("Tab")  # "Send without my name": left unchecked
    ann.keyboard.press("Tab")
    expect(ann.get_by_role("button", name="Send to the facilitators")).to_be_focused()
    ann.keyboard.press("Enter")
    expect(ann.get_by_role("status").filter(has_text="Sent.")).to_have_text(
        "Sent. Only the facilitators can see it."
    )
    inbox = console.get_by_role("region", name=re.compile("^Signals"))
    expect(inbox.get_by_text(f"“{NOTE}”")).to_be_visible()
    expect(inbox).to_contain_text("Please check in with me after the session")
    expect(ann.get_by_role("list", name="My signals")).to_contain_text("received")

    # Bo sends one without his name.
    bo.get_by_role("button", name="Signal the facilitators").click()
    bo.get_by_role("radio", name="I need a moment").check()
    bo.get_by_label("Send without my name").check()
    bo.get_by_role("button", name="Send to the facilitators").click()
    expect(bo.get_by_text("Sent without your name. Only the facilitators can see it.")).to_be_visible()
    expect(inbox.get_by_text("Anonymous", exact=True)).to_be_visible()
    expect(inbox).to_contain_text("2 new")
    pages.shot(console, "course-console-signals")
    for page in (bo, display):
        expect(page.get_by_text(NOTE)).to_have_count(0)
        expect(page.get_by_role("region", name=re.compile("^Signals"))).to_have_count(0)
    expect(display.get_by_text("Please check in with me after the session")).to_have_count(0)
    inbox.get_by_role("button", name="Acknowledge signal from Ann").click()
    expect(ann.get_by_role("list", name="My signals")).to_contain_text("seen by a facilitator")
    expect(inbox.get_by_role("button", name="Acknowledge signal from Anonymous")).to_be_focused()

    # The homework segment: Ann writes her own; the facilitator records Cy's.
    for title in ("Check-in round", "Treatment discussion", "In-depth turns", "Homework setting"):
        next_segment(console, title)
    homework = ann.get_by_role("region", name="My homework for this week")
    expect(homework).to_have_class(re.compile(r"\bnow\b"))
    homework.get_by_label("Your homework").fill("call my sister")
    pages.shot(ann, "course-member-homework")
    homework.get_by_role("button", name="Save my homework").click()
    expect(homework.get_by_text("call my sister", exact=True)).to_be_visible()
    expect(homework.get_by_role("button", name="Change")).to_be_focused()
    tab(console, "Members")
    expect(console.locator("tr[data-member=m1] .this-homework-cell")).to_have_text("call my sister")
    console.get_by_role("button", name="Homework for Cy").click()
    console.get_by_label("This week's homework for Cy").fill("go for a walk with a friend")
    console.get_by_role("button", name="Save homework").click()
    expect(console.locator("tr[data-member=m3] .this-homework-cell")).to_have_text(
        "go for a walk with a friend"
    )
    expect(bo.get_by_text("call my sister")).to_have_count(0)
    assert unnamed_controls(console) == []

    tab(console, "Live")
    console.get_by_role("button", name="End session").click()
    console.get_by_role("button", name="Confirm: end session 1").click()

    # ---- week 2: last week's homework at check-in --------------------------------------------
    expect(console.locator(".week-line")).to_have_text("Next: session 2 of 8 — initial")
    console.get_by_role("button", name="Start session 2").click()
    expect(console.locator(".week-line")).to_have_text("Session 2 of 8 — initial")
    next_segment(console, "Check-in round")
    last = ann.get_by_role("region", name="Last week's homework")
    expect(last).to_contain_text("Last week you set yourself")
    expect(last).to_contain_text("call my sister")
    expect(last).to_contain_text("How did it go?")
    tab(console, "Members")
    expect(console.locator("tr[data-member=m1] .last-homework-cell")).to_have_text(
        "call my sister — how did it go?"
    )
    expect(console.locator("tr[data-member=m3] .last-homework-cell")).to_have_text(
        "go for a walk with a friend — how did it go?"
    )
    expect(bo.get_by_role("region", name="Last week's homework")).to_be_hidden()
    expect(ann.get_by_role("region", name="My homework for this week")).to_be_hidden()
    pages.shot(ann, "course-member-week2-checkin")
    pages.shot(console, "course-console-week2")

    # ---- the summary page, export, delete ---------------------------------------------------
    tab(console, "Course")
    href = console.get_by_role("link", name="Course summary").get_attribute("href")
    assert href is not None and "#t=" in href and "?" not in href
    summary = pages.open(live_server.url + href, width=1000)
    expect(summary.get_by_role("heading", name="Attendance")).to_be_visible()
    expect(
        summary.get_by_role("img", name=re.compile("^Attendance: Ann 2 of 2, Bo 2 of 2, Cy 0 of 2$"))
    ).to_be_visible()
    expect(summary.get_by_role("article", name="Ann")).to_contain_text("Session 1: call my sister")
    expect(summary.get_by_role("article", name="Ann")).to_contain_text("making friends")
    pages.shot(summary, "course-summary")

    with console.expect_download() as download:
        console.get_by_role("button", name="Export (JSON)").click()
    exported = json.loads(Path(download.value.path()).read_text())
    assert [h["text"] for h in exported["homework"]] == ["call my sister", "go for a walk with a friend"]
    assert [s["member"] for s in exported["signals"]] == ["m1", None]

    console.get_by_role("button", name="Delete this course…").click()
    really = console.get_by_role("button", name="Delete for good")
    expect(really).to_be_disabled()
    console.get_by_label("Type the group's name to confirm").fill("Thursday group")
    pages.shot(console, "course-console-delete-confirm", full_page=False)
    really.click()
    expect(console.get_by_role("heading", name="Course deleted")).to_be_visible()
    expect(ann.get_by_role("alert")).to_contain_text("This link is not valid")
