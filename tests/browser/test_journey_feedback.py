"""A facilitator asks four members a diversity question; three answer, one skips; the group sees
the counts only after close and reveal, and nobody's page ever shows whose answer is whose.

Issue 14 changed the protocol under this journey: while a card is open the console gets only
whether k answers are in (`enough`, `answers` is null), and comments reach the group only once a
facilitator chose them (never, in a group of four). The console's new review UI is built
separately; until then this journey checks what must hold whatever the console shows: no page
shows a running count, and the comment never reaches the display or members."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import SCREENSHOTS, Pages, ServerProcess, create_group, unnamed_controls

pytestmark = pytest.mark.browser

QUESTION = "Something today felt exclusionary or hurtful."
PROMISE = (
    "Nobody, including your facilitators, can see which answer is yours. "
    "Results appear only when at least 3 people have answered."
)
COMMENT = "A joke about accents stung."


def card(page: Page):  # type: ignore[no-untyped-def]
    return page.locator(".fb-card")


def test_diversity_prompt_three_answer_one_skips_results_after_reveal(
    live_server: ServerProcess, pages: Pages
) -> None:
    group = create_group(live_server.url, members=["Ann", "Bo", "Cy", "Dee"])
    console = pages.open(group["links"]["facilitator"])
    display = pages.open(group["links"]["display"], width=1280, height=720)
    members = {m["name"]: pages.open(m["url"], width=360, height=720) for m in group["links"]["members"]}
    console.get_by_role("button", name="Start session 1").click()
    for page in members.values():
        expect(page.get_by_role("heading", level=1)).to_have_text("Grounding meditation")
        expect(card(page)).to_be_hidden()

    console.get_by_role("combobox", name="Question from the library").select_option(label=QUESTION)
    console.get_by_role("button", name="Ask the group").click()
    count = console.locator(".fb-live-count")
    for page in members.values():
        expect(card(page).get_by_role("heading", name="Your feedback")).to_be_visible()
        expect(card(page).get_by_text(PROMISE)).to_be_visible()
        expect(card(page).get_by_role("group", name=QUESTION)).to_be_visible()
        # The clock stays in view above the card.
        expect(page.locator(".countdown")).to_be_in_viewport()
    expect(display.get_by_text("Members are answering privately on their own screens.")).to_be_visible()
    card(members["Ann"]).scroll_into_view_if_needed()
    pages.shot(members["Ann"], "feedback-member-card", full_page=False)
    # The library, the threshold and the card's review live in the console's Feedback tab.
    console.get_by_role("tab", name="Feedback").click()
    console.get_by_text("Threshold and library").click()
    for page in (console, members["Ann"]):
        assert unnamed_controls(page) == []
    # The group's own library: reword a prompt; it is stored with the group.
    console.get_by_role("button", name="Edit “I felt I could be myself here.”").click()
    console.get_by_role("textbox", name="Wording of this question").fill(
        "I felt I could be fully myself here."
    )
    console.get_by_role("button", name="Save the new wording").click()
    expect(console.locator(".fb-library")).to_contain_text("I felt I could be fully myself here. (scale)")
    expect(console.get_by_role("button", name="Edit “I felt I could be fully myself here.”")).to_be_focused()

    answer(members["Ann"], "No")
    answer(members["Bo"], "Yes", comment=COMMENT)
    answer(members["Cy"], "No")
    # No running count reaches the console (the server sends none while the card is open).
    expect(count).not_to_contain_text(re.compile(r"\b[1-3] of 4"))
    expect(console.locator(".fb-progress")).not_to_contain_text(re.compile(r"\b[1-3] of 4"))
    members["Dee"].get_by_role("button", name="Skip").click()
    expect(card(members["Dee"]).get_by_text("You skipped this question.")).to_be_visible()
    card(members["Bo"]).scroll_into_view_if_needed()
    pages.shot(members["Bo"], "feedback-member-answered", full_page=False)
    section_shot(console, "feedback-console-open")

    # A reload keeps the answer: the card does not ask again, and no second answer is possible.
    members["Ann"].reload()
    expect(card(members["Ann"]).get_by_text("Thank you. Your answer is in.")).to_be_visible()
    expect(card(members["Ann"]).get_by_role("button", name="Send answer")).to_have_count(0)
    # While open, no page shows any result, and the display shows no count.
    for page in (display, *members.values()):
        expect(page.locator(".fb-bars")).to_have_count(0)
    expect(display.locator(".fb-board")).not_to_contain_text("answered")

    console.get_by_role("button", name="Close and show the group").click()
    expect(console.locator(".fb-status")).to_contain_text("3 of 4 answered · closed. Shown to the group.")
    for page in (display, members["Dee"], members["Ann"]):
        results = page.get_by_role("list", name=f"Answers to: {QUESTION}")
        expect(results.locator(".fb-row")).to_have_text([re.compile(r"^Yes\s*1$"), re.compile(r"^No\s*2$")])
        # Closing shows no comment; in a group of four none is ever shown, even to facilitators.
        expect(page.get_by_text(COMMENT)).to_have_count(0)
    expect(console.get_by_text(COMMENT)).to_have_count(0)
    expect(display.get_by_role("heading", name="Results: Your feedback")).to_be_visible()
    pages.shot(display, "feedback-display-results")
    card(members["Dee"]).scroll_into_view_if_needed()
    pages.shot(members["Dee"], "feedback-member-results", full_page=False)

    console.get_by_text("Across the course").click()
    chart = console.locator(".fb-chart-box svg")
    expect(chart).to_have_count(1)
    expect(chart.locator("title").first).to_have_text(f"{QUESTION} — answers per session")
    section_shot(console, "feedback-console-results")


def section_shot(console: Page, name: str) -> None:
    """The console's feedback section alone (the whole console is long)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    console.locator(".fb-console").screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def answer(page: Page, choice: str, comment: str | None = None) -> None:
    box = card(page)
    box.get_by_role("radio", name=choice, exact=True).check()
    if comment:
        box.get_by_role("textbox", name="Comment (optional)").fill(comment)
    box.get_by_role("button", name="Send answer").click()
    expect(box.get_by_text("Thank you. Your answer is in.")).to_be_visible()
