"""The member's page beside Zoom (issue 16): at 320x640 the clock, the floor, the queue and the
signal button are in view; a question that arrives below the fold is pointed to by a calm cue;
the pop-out window holds everything live (the floor, Raise hand, the round, the feedback card,
the signal); homework follows the segment's kind, never its title; long words wrap; the keyboard
never lands on <body> after an action; single-key shortcuts are listed and can be turned off.
The facilitator is played over a websocket of the test's own (tests/browser/wire.py)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import (
    HOSTILE_NAMES,
    WIDE,
    Pages,
    ServerProcess,
    accessible,
    axe_violations,
    create_group,
    unnamed_controls,
)
from tests.browser.wire import Wire

pytestmark = pytest.mark.browser

# Homework by kind: a homework segment with a title in Spanish, a discussion that says "homework".
AGENDA = [
    {"title": "Grounding", "minutes": 5, "kind": "lead"},
    {"title": "Check-in round", "minutes": 15, "kind": "round"},
    {"title": "Homework chat", "minutes": 10, "kind": "discussion"},
    {"title": "Práctica entre sesiones", "minutes": 5, "kind": "homework"},
]
LONG_HOMEWORK = "call-my-sister-every-evening-" * 6
QUESTION = "Something today felt exclusionary or hurtful."


def inside(page: Page, locator: Locator) -> None:
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    size = page.viewport_size
    assert box is not None and size is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= size["height"] + 0.5, (locator, box, size)
    assert box["x"] >= 0 and box["x"] + box["width"] <= size["width"] + 0.5, (locator, box, size)


def clean(page: Page, where: str) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, (where, page.evaluate(WIDE))
    accessible(page, where)


def library_id(wire: Wire, text: str) -> str:
    items = wire.state["view"]["feedback"]["library"]
    return str(next(i["id"] for i in items if i["text"] == text))


def test_the_member_page_at_320_by_640(live_server: ServerProcess, pages: Pages) -> None:
    group = create_group(
        live_server.url, members=HOSTILE_NAMES, name=f"Grupo {HOSTILE_NAMES[1]}", agenda=AGENDA
    )
    links = group["links"]
    fac = Wire(live_server, links["facilitator"])
    ann = pages.open(links["members"][0]["url"], width=320, height=640)
    zoe = pages.open(links["members"][3]["url"], width=400, height=700)
    expect(ann.get_by_role("heading", level=1)).to_have_text("Waiting for the session to start")
    ann.get_by_role("button", name="I have read the agreements").click()
    expect(ann.get_by_text("Group agreements", exact=True)).to_be_focused()
    clean(ann, "before the session")

    fac.ok("session.start", {"number": 1})
    fac.ok("segment.next", {"from_index": 0})
    expect(ann.get_by_role("heading", level=1)).to_have_text("Check-in round")
    fac.ok("round.start", {"present": ["m1", "m4"]})
    zoe.get_by_role("button", name="Raise hand").click()
    # At 320x640, without scrolling: the clock, my turn, the round, the queue, the signal.
    expect(ann.locator(".turns-who")).to_have_text("You have the floor")
    for part in (
        ann.locator(".countdown"),
        ann.locator(".turns-speaker"),
        ann.get_by_role("button", name="I'm done"),
        ann.locator(".turns-round"),
        ann.locator("ol.turns-queue"),
        ann.get_by_role("button", name="Signal the facilitators"),
    ):
        inside(ann, part)
    clean(ann, "my round turn")
    pages.shot(ann, "member-320-my-turn", full_page=False)
    ann.get_by_role("button", name="I'm done").click()
    expect(ann.get_by_role("button", name="Raise hand")).to_be_focused()

    # A discussion whose title says "homework" shows no homework box: its kind is discussion.
    fac.ok("segment.next", {"from_index": 1})
    expect(ann.get_by_role("heading", level=1)).to_have_text("Homework chat")
    expect(ann.get_by_role("region", name="My homework for this week")).to_be_hidden()

    # A question arrives below the fold at 400x700: a calm cue in view points to it.
    zoe.evaluate("window.scrollTo(0, 0)")
    fac.ok("feedback.open", {"questions": [{"library": library_id(fac, QUESTION)}]})
    cue = zoe.get_by_role("button", name="A question for you ↓")
    inside(zoe, cue)
    expect(zoe.locator(".fb-card")).not_to_be_in_viewport()
    clean(zoe, "a question below the fold")
    pages.shot(zoe, "member-400-question-cue", full_page=False)
    cue.click()
    expect(zoe.locator(".fb-card").get_by_role("radio", name="Yes")).to_be_focused()
    inside(zoe, zoe.locator(".fb-card").get_by_role("radio", name="Yes"))
    expect(cue).to_be_hidden()  # the card is in view now
    zoe.locator(".fb-card").get_by_role("radio", name="No").check()
    zoe.get_by_role("button", name="Send answer").click()
    expect(zoe.get_by_text("Thank you. Your answer is in.")).to_be_focused()
    ann.locator(".fb-card").get_by_role("button", name="Skip").click()
    expect(ann.get_by_role("button", name="Answer after all")).to_be_focused()
    expect(ann.get_by_role("button", name="A question for you ↓")).to_be_hidden()

    # The homework segment (by its kind, whatever its title): a long word wraps.
    fac.ok("feedback.close", {"card_id": fac.state["view"]["feedback"]["cards"][-1]["id"]})
    fac.ok("segment.next", {"from_index": 2})
    homework = ann.get_by_role("region", name="My homework for this week")
    expect(homework).to_have_class(re.compile(r"\bnow\b"))
    homework.get_by_label("Your homework").fill(LONG_HOMEWORK)
    homework.get_by_role("button", name="Save my homework").click()
    expect(homework.get_by_role("button", name="Change")).to_be_focused()
    expect(homework.locator(".homework-text")).to_have_text(LONG_HOMEWORK)
    clean(ann, "a long homework")
    pages.shot(ann, "member-320-homework", full_page=True)

    # Keyboard shortcuts: the page says they exist and lists them; switched off, H does nothing.
    ann.get_by_text("Keyboard shortcuts").click()
    expect(ann.locator(".keys-help")).to_contain_text("You can use these keys instead of the buttons")
    expect(ann.locator(".keys-table tr", has_text="Raise or lower your hand").locator("kbd")).to_have_text(
        "H"
    )
    expect(ann.locator(".keys-table tr", has_text="Open the signal").locator("kbd")).to_have_text(
        "Alt+Shift+S"
    )
    ann.get_by_role("checkbox", name="Use single-key shortcuts").uncheck()
    ann.get_by_role("heading", level=1).click()
    ann.keyboard.press("h")
    ann.keyboard.press("Alt+Shift+S")  # chords stay on: never typed by accident
    expect(ann.get_by_role("radio", name="I need a moment")).to_be_focused()
    ann.get_by_role("button", name="Send to the facilitators").click()
    expect(ann.get_by_text("Sent. Only the facilitators can see it.")).to_be_visible()
    # The signal went after the key press, on the same socket: had H sent anything, it would show.
    expect(ann.get_by_role("button", name="Raise hand")).to_be_visible()
    ann.get_by_role("checkbox", name="Use single-key shortcuts").check()
    ann.get_by_role("heading", level=1).click()
    ann.keyboard.press("h")
    expect(ann.get_by_role("button", name="Lower hand")).to_be_visible()
    # The setting is this browser's: a reload keeps it.
    ann.get_by_role("checkbox", name="Use single-key shortcuts").uncheck()
    ann.reload()
    ann.get_by_text("Keyboard shortcuts").click()
    expect(ann.get_by_role("checkbox", name="Use single-key shortcuts")).not_to_be_checked()
    fac.close()


def test_the_pop_out_holds_everything_live(live_server: ServerProcess, pages: Pages) -> None:
    group = create_group(live_server.url, members=HOSTILE_NAMES, agenda=AGENDA)
    links = group["links"]
    fac = Wire(live_server, links["facilitator"])
    ann = pages.open(links["members"][0]["url"], width=400, height=700)
    fac.ok("session.start", {"number": 1})
    expect(ann.get_by_role("heading", level=1)).to_have_text("Grounding")
    with ann.context.expect_page() as opened:
        ann.get_by_role("button", name="Pop out").click()
    pip = opened.value
    expect(ann.get_by_text("Holdspace is in its own small window")).to_be_visible()
    expect(pip.get_by_role("heading", level=1)).to_have_text("Grounding")
    expect(pip.locator(".countdown")).to_have_text(re.compile(r"^\d+:\d\d$"))

    # The floor: Raise hand in the small window, and the key H there too.
    pip.get_by_role("button", name="Raise hand").click()
    expect(pip.get_by_role("button", name="Lower hand")).to_be_focused()
    expect(pip.locator(".turns-place")).to_have_text("You are 1st in line.")
    pip.locator(".turns-hand").press("h")
    expect(pip.get_by_role("button", name="Raise hand")).to_be_visible()

    # The round: my turn, with "I'm done", and a calm cue when it is out of sight.
    fac.ok("segment.next", {"from_index": 0})
    fac.ok("round.start", {"present": ["m1", "m3"]})
    expect(pip.locator(".turns-who")).to_have_text("You have the floor")
    expect(pip.locator(".turns-round")).to_contain_text("Round: still to come: محمد.")
    expect(pip.get_by_role("button", name="I'm done")).to_be_visible()

    # The feedback card, answered in the small window.
    fac.ok("feedback.open", {"questions": [{"library": library_id(fac, QUESTION)}]})
    card = pip.locator(".fb-card")
    expect(card.get_by_role("group", name=QUESTION)).to_be_visible()
    pages.shot(pip, "member-pip-question", full_page=False)
    assert unnamed_controls(pip) == []
    assert axe_violations(pip) == []
    card.get_by_role("radio", name="Yes", exact=True).check()
    card.get_by_role("button", name="Send answer").click()
    expect(card.get_by_text("Thank you. Your answer is in.")).to_be_visible()

    # The signal to the facilitators, from the small window.
    pip.get_by_role("button", name="Signal the facilitators").click()
    pip.get_by_role("radio", name="I need a moment").check()
    pip.get_by_role("button", name="Send to the facilitators").click()
    expect(pip.get_by_text("Sent. Only the facilitators can see it.")).to_be_visible()
    pages.shot(pip, "member-pip", full_page=False)

    # Brought back, everything is in the page again.
    ann.get_by_role("button", name="Bring back").click()
    expect(ann.get_by_role("heading", level=1)).to_have_text("Check-in round")
    expect(ann.get_by_role("button", name="I'm done")).to_be_visible()
    expect(ann.get_by_role("button", name="Signal the facilitators")).to_be_visible()
    fac.close()
