"""Comments are reviewed before they are shown: five members answer a question with a comment box;
while the card is open the console only says whether enough answers are in; closing shows the
comments to the facilitator alone; the display and members see a comment only once a
facilitator chose it, and never the ones left unchosen."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Pages, ServerProcess, create_group, unnamed_controls
from tests.browser.test_journey_feedback import answer, card

pytestmark = pytest.mark.browser

QUESTION = "Something today felt exclusionary or hurtful."
CHOSEN = "The pace suited me; thank you for the pauses-and-the-quiet-moments-between-our-turns-each-week."
LEFT = "Tom's joke about my accent — only Tom makes those."
OTHER = "🙂 ok"


def test_comments_reach_the_group_only_after_a_facilitator_chose_them(
    live_server: ServerProcess, pages: Pages
) -> None:
    group = create_group(live_server.url, members=["Ann", "Bo", "Cy", "Dee", "Eli"])
    console = pages.open(group["links"]["facilitator"], width=1280, height=900)
    display = pages.open(group["links"]["display"], width=1280, height=720)
    members = [pages.open(m["url"], width=360, height=720) for m in group["links"]["members"]]
    console.get_by_role("button", name="Start session 1").click()
    console.get_by_role("combobox", name="Question from the library").select_option(label=QUESTION)
    console.get_by_role("button", name="Ask the group").click()
    progress = console.locator(".fb-live-count")
    expect(progress).to_contain_text("Fewer than 3 answers so far.")
    expect(progress).to_contain_text("5 of 5 members have this page open.")
    for page in members:
        expect(card(page).get_by_text("A facilitator reads comments first")).to_be_visible()
        expect(card(page).get_by_text("The results appear only when the question closes")).to_be_visible()

    answer(members[0], "No", CHOSEN)
    answer(members[1], "Yes", LEFT)
    expect(progress).to_contain_text("Fewer than 3 answers so far.")
    answer(members[2], "No", OTHER)
    expect(progress).to_contain_text("3 answers or more are in: you can close.")
    answer(members[3], "No")
    # No page ever showed how many had answered while the card was open.
    expect(progress).not_to_contain_text(re.compile(r"\b[1-4] of 5 answered"))

    console.get_by_role("button", name="Close", exact=True).click()
    # Closed: the way to the comments is next, in the Feedback tab.
    results = console.get_by_role("button", name="Results and comments in the Feedback tab")
    expect(results).to_be_focused()
    results.click()
    expect(console.get_by_role("tab", name="Feedback")).to_be_focused()
    review = console.locator(".fb-review-box")
    expect(review.get_by_text(CHOSEN)).to_be_visible()
    expect(review.get_by_text(LEFT)).to_be_visible()
    for page in (display, *members):
        for text in (CHOSEN, LEFT, OTHER):
            expect(page.get_by_text(text)).to_have_count(0)

    console.get_by_role("checkbox", name=re.compile(re.escape(CHOSEN))).check()
    expect(console.get_by_role("checkbox", name=re.compile(re.escape(CHOSEN)))).to_be_checked()
    assert console.evaluate("() => document.activeElement.type") == "checkbox"  # focus stays
    console.get_by_role("button", name="Show the group").click()
    expect(display.get_by_role("heading", name="Results: Your feedback")).to_be_visible()
    for page in (display, *members):
        expect(page.get_by_text(CHOSEN)).to_be_visible()
        expect(page.get_by_text(LEFT)).to_have_count(0)
        expect(page.get_by_text(OTHER)).to_have_count(0)
    assert unnamed_controls(console) == []
    for page in (console, display, *members):  # the long word wraps where it is shown
        assert (
            page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
        )
    pages.shot(console, "feedback-review-console")
    pages.shot(display, "feedback-review-display")

    # Hiding it again takes it off every screen.
    console.get_by_role("checkbox", name=re.compile(re.escape(CHOSEN))).uncheck()
    for page in (display, *members):
        expect(page.get_by_text(CHOSEN)).to_have_count(0)
