"""The facilitator's cockpit beside Zoom (issue 16), in a real browser window of 420x800.

Without scrolling it shows the segment and its countdown with pause/next, who has the floor and
their time with next/end/±time, the round or the raised hands, the next segment and the signals
strip. A signal sent while the console is scrolled down, or while another tab is open, comes into
view and counts in the window's title; it stays until acknowledged. Focus goes to the next
sensible control after each action; single-key shortcuts are listed and can be turned off; the
same cockpit lies side by side at 1280x800 and pops out into its own window. Names are hostile
(a 40-character word, Arabic, emoji, `<script>`); axe-core finds nothing serious in any state.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, WebSocketRoute, expect

from tests.browser.conftest import (
    HOSTILE_NAMES,
    WIDE,
    Pages,
    ServerProcess,
    accessible,
    create_group,
    unnamed_controls,
)
from tests.browser.wire import Wire

pytestmark = pytest.mark.browser

LONG = HOSTILE_NAMES[1]
NOTE = "please-call-me-after-" * 6  # a note without a space to break at
TAB_NAMES = ["Live", "Agenda", "Feedback", "Members", "Course"]


def inside(page: Page, locator: Locator) -> None:
    """The element's whole bounding box lies inside the window (nothing to scroll to)."""
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    size = page.viewport_size
    assert box is not None and size is not None
    assert box["x"] >= 0 and box["y"] >= 0, (locator, box)
    assert box["x"] + box["width"] <= size["width"] + 0.5, (locator, box, size)
    assert box["y"] + box["height"] <= size["height"] + 0.5, (locator, box, size)


def no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, page.evaluate(WIDE)


def focused(page: Page) -> dict[str, Any]:
    return page.evaluate(
        "() => ({tag: document.activeElement.tagName, text: document.activeElement.textContent.trim(),"
        " name: document.activeElement.getAttribute('aria-label')})"
    )


def cockpit_in_view(console: Page) -> None:
    inside(console, console.locator(".cockpit .countdown"))
    inside(console, console.get_by_role("button", name="Pause", exact=True))
    inside(console, console.get_by_role("button", name="Next", exact=True))
    inside(console, console.locator(".cockpit .next"))
    inside(console, console.locator(".turns-speaker"))
    inside(console, console.get_by_role("button", name="Give floor to next"))
    inside(console, console.locator(".signals-strip"))


def test_the_cockpit_at_420_by_800(live_server: ServerProcess, pages: Pages) -> None:
    group = create_group(live_server.url, members=HOSTILE_NAMES, name=f"Tuesday group {LONG}")
    links = group["links"]
    title = f"Tuesday group {LONG} · Console"
    console = pages.open(links["facilitator"], width=420, height=800)
    ann, mo, zoe = (pages.open(links["members"][i]["url"], width=320, height=640) for i in (0, 2, 3))
    expect(console).to_have_title(title)
    expect(console.get_by_role("tab", name="Live")).to_have_attribute("aria-selected", "true")
    expect(console.get_by_role("tab")).to_have_text(TAB_NAMES)
    accessible(console, "between sessions")

    # The keyboard's first stop skips the top bar and the signals strip, and leaves the URL be.
    url = console.url
    console.keyboard.press("Tab")
    skip = console.get_by_role("link", name="Skip to the session controls")
    expect(skip).to_be_focused()
    inside(console, skip)
    pages.shot(console, "cockpit-420-skip-link", full_page=False)
    console.keyboard.press("Enter")
    expect(console.locator("main")).to_be_focused()
    console.keyboard.press("Tab")
    expect(console.get_by_role("tab", name="Live")).to_be_focused()
    assert console.url == url
    expect(skip).not_to_be_in_viewport()

    console.get_by_role("button", name="Start session 1").click()
    expect(console.get_by_role("heading", level=1)).to_have_text("Grounding meditation")
    expect(console.get_by_role("button", name="Pause", exact=True)).to_be_focused()  # not <body>

    # --- the check-in round: round order, the speaker's time, one click to the next -------------
    console.get_by_role("button", name="Next", exact=True).click()
    expect(console.get_by_role("heading", level=1)).to_have_text("Check-in round")
    console.get_by_role("button", name="Start round").click()
    expect(console.locator(".turns-who")).to_have_text("Ann has the floor (round)")
    expect(console.get_by_role("button", name="Give floor to next")).to_be_focused()
    expect(console.locator(".turns-round")).to_contain_text("Still to come:")
    cockpit_in_view(console)
    inside(console, console.locator(".turns-round"))
    no_sideways_scroll(console)
    accessible(console, "a round")

    # The speaker gets more time on their own turn (turn.adjust), not the segment.
    speaker_time = console.locator('[data-time="turn"]')
    expect(speaker_time).to_have_text(re.compile(r"^4:\d\d left"))  # 15 min / 3 members here
    console.get_by_role("button", name="+5 min (give Ann 5 more minutes)").click()
    expect(speaker_time).to_have_text(re.compile(r"^9:\d\d left"))
    console.get_by_role("button", name="\u22121 min (give Ann 1 minute less)").click()
    expect(speaker_time).to_have_text(re.compile(r"^8:\d\d left"))
    expect(console.locator(".cockpit .countdown")).to_have_text(re.compile(r"^14:\d\d$"))  # unchanged
    expect(console.get_by_role("button", name="\u22121 min (give Ann 1 minute less)")).to_be_focused()

    # "I'm done" on Ann's page: her keyboard goes to Raise hand, never to <body>.
    ann.get_by_role("button", name="I'm done").click()
    expect(console.locator(".turns-who")).to_have_text("محمد has the floor (round)")
    expect(ann.get_by_role("button", name="Raise hand")).to_be_focused()
    console.get_by_role("button", name="End turn").click()  # its button goes: focus to "next"
    expect(console.get_by_role("button", name="Give floor to next")).to_be_focused()

    # --- the discussion: raised hands in view, one key to the next -----------------------------
    console.get_by_role("button", name="Next", exact=True).click()
    expect(console.get_by_role("heading", level=1)).to_have_text("Treatment discussion")
    for page in (zoe, mo, ann):
        page.get_by_role("button", name="Raise hand").click()
    queue = console.locator("ol.turns-queue > li .turns-name")
    expect(queue).to_have_text(["Zoë 🌻", "محمد", "Ann"])
    console.locator("body").press("f")
    expect(console.locator(".turns-who")).to_have_text("Zoë 🌻 has the floor")
    expect(queue).to_have_text(["محمد", "Ann"])
    cockpit_in_view(console)
    inside(console, console.locator("ol.turns-queue"))
    accessible(console, "a discussion with raised hands")
    pages.shot(console, "cockpit-420-discussion", full_page=False)

    # Pausing the session clock pauses the speaker's turn too (the floor setting, on by default).
    console.get_by_role("button", name="Pause", exact=True).click()
    expect(console.locator(".turns-who")).to_have_text("Zoë 🌻 has the floor, paused")
    expect(console.get_by_text("Paused with the session clock")).to_be_visible()
    console.get_by_role("button", name="Resume", exact=True).click()
    expect(console.locator(".turns-who")).to_have_text("Zoë 🌻 has the floor")
    console.get_by_text("Floor settings").click()
    setting = console.get_by_role("checkbox", name="Pausing the session clock pauses the speaker's turn")
    expect(setting).to_be_checked()
    setting.uncheck()
    expect(setting).not_to_be_checked()
    console.get_by_role("button", name="Pause", exact=True).click()
    expect(console.get_by_role("button", name="Resume", exact=True)).to_be_visible()
    expect(console.locator(".turns-who")).to_have_text("Zoë 🌻 has the floor")  # her turn runs on
    console.get_by_role("button", name="Resume", exact=True).click()
    setting.check()
    console.get_by_text("Floor settings").click()

    # --- a signal while the console is scrolled down: it comes into view, the title counts -----
    console.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    assert console.evaluate("window.scrollY") > 0
    ann.get_by_role("button", name="Signal the facilitators").click()
    ann.get_by_role("radio", name="Please check in with me after the session").check()
    ann.get_by_label("A note (optional)").fill(NOTE)
    ann.get_by_role("button", name="Send to the facilitators").click()
    strip = console.locator(".signals-strip")
    item = strip.locator(".signal-item.new")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("Please check in with me after the session")
    inside(console, strip)
    inside(console, item.get_by_role("button", name="Acknowledge signal from Ann"))
    expect(console).to_have_title(f"(1) {title}")
    no_sideways_scroll(console)  # the note has no space, and wraps

    # --- the chime (off by default), then a signal while another tab is open ----------------
    chime = console.get_by_role("switch", name=re.compile("^Chime"))
    expect(chime).to_have_attribute("aria-checked", "false")
    chime.click()
    expect(chime).to_have_attribute("aria-checked", "true")
    expect(chime).to_have_attribute("data-played", "1")  # a sample, so the facilitator hears it
    console.get_by_role("tab", name="Members").click()
    expect(console.get_by_role("tabpanel", name="Members")).to_be_visible()
    expect(console.locator(".cockpit")).to_be_hidden()
    zoe.get_by_role("button", name="Signal the facilitators").click()
    zoe.get_by_label("Send without my name").check()
    zoe.get_by_role("button", name="Send to the facilitators").click()
    expect(item).to_have_count(2)
    inside(console, item.filter(has_text="Anonymous"))
    expect(console).to_have_title(f"(2) {title}")
    expect(chime).to_have_attribute("data-played", "2")
    accessible(console, "the Members tab with two signals")
    pages.shot(console, "cockpit-420-signals-members-tab", full_page=False)

    # Acknowledge: the keyboard goes to the next signal's button, then to the signals seen.
    item.first.get_by_role("button", name=re.compile("^Acknowledge")).click()
    expect(item).to_have_count(1)
    expect(item.get_by_role("button", name=re.compile("^Acknowledge"))).to_be_focused()
    expect(console).to_have_title(f"(1) {title}")
    item.get_by_role("button", name=re.compile("^Acknowledge")).click()
    expect(item).to_have_count(0)
    expect(strip.get_by_text("Seen earlier (2)")).to_be_focused()
    expect(console).to_have_title(title)
    expect(ann.get_by_role("list", name="My signals")).to_contain_text("seen by a facilitator")

    # The chosen tab is kept across a reload (sessionStorage), and the link's token with it.
    url = console.url
    console.reload()
    expect(console.get_by_role("tab", name="Members")).to_have_attribute("aria-selected", "true")
    assert console.url == url and "#t=" in url
    # Arrow keys move between tabs; every tab is clean.
    console.get_by_role("tab", name="Members").focus()
    for name in ("Course", "Live", "Agenda", "Feedback"):
        console.keyboard.press("ArrowRight")
        expect(console.get_by_role("tab", name=name)).to_be_focused()
        expect(console.get_by_role("tab", name=name)).to_have_attribute("aria-selected", "true")
        accessible(console, f"the {name} tab")
        pages.shot(console, f"cockpit-420-tab-{name.lower()}", full_page=False)
    console.get_by_role("tab", name="Live").click()

    # --- feedback from the cockpit: asked in one line, Close is next --------------------------
    console.get_by_role("combobox", name="Question from the library").select_option(
        label="Something today felt exclusionary or hurtful."
    )
    console.get_by_role("button", name="Ask the group").click()
    expect(console.get_by_role("button", name="Close", exact=True)).to_be_focused()
    expect(console.locator(".fb-live-count")).to_contain_text("Fewer than 3 answers so far.")
    accessible(console, "a question open")
    console.get_by_role("button", name="Close", exact=True).click()
    expect(console.get_by_role("button", name="Results and comments in the Feedback tab")).to_be_focused()

    # --- keyboard shortcuts: listed, and switched off a key does nothing -----------------------
    console.get_by_text("Keyboard shortcuts").click()
    keys = console.locator(".keys-table")
    for key, what in (
        ("Space", "Pause or resume the session clock"),
        ("N", "Next segment"),
        ("F", "Give floor to next"),
    ):
        expect(keys.locator("tr", has_text=what).locator("kbd")).to_have_text(key)
    console.get_by_role("checkbox", name="Use single-key shortcuts").uncheck()
    expect(console.get_by_text("Single-key shortcuts are off.")).to_be_visible()
    expect(console.get_by_role("button", name="Give floor to next")).not_to_have_attribute(
        "aria-keyshortcuts", "F"
    )
    console.get_by_role("heading", level=1).click()  # the keyboard off the checkbox
    console.keyboard.press("n")
    console.get_by_role("button", name="Pause", exact=True).click()  # a command after the key press
    expect(console.get_by_role("button", name="Resume", exact=True)).to_be_visible()
    expect(console.get_by_role("heading", level=1)).to_have_text("Treatment discussion")  # N did nothing
    console.get_by_role("checkbox", name="Use single-key shortcuts").check()
    console.get_by_role("heading", level=1).click()
    console.keyboard.press("n")
    expect(console.get_by_role("heading", level=1)).to_have_text("In-depth turns")
    pages.shot(console, "cockpit-420-in-depth", full_page=False)

    # --- wider: at 1024 nothing is pushed out of its card; at 1280x800 the parts lie side by side
    console.set_viewport_size({"width": 1024, "height": 800})
    no_sideways_scroll(console)
    pages.shot(console, "cockpit-1024", full_page=False)
    console.set_viewport_size({"width": 1280, "height": 800})
    console.evaluate("window.scrollTo(0, 0)")
    clock_box = console.locator(".cockpit .clock-card").bounding_box()
    floor_box = console.locator(".cockpit .turns-card").bounding_box()
    assert clock_box and floor_box and floor_box["x"] >= clock_box["x"] + clock_box["width"]
    inside(console, console.locator(".cockpit .countdown"))
    inside(console, console.locator(".turns-speaker"))
    inside(console, console.get_by_role("button", name="Give floor to next"))
    inside(console, console.locator(".signals-strip"))
    accessible(console, "1280 px")
    pages.shot(console, "cockpit-1280", full_page=False)


def test_self_report_signals_read_plainly_and_calmly(live_server: ServerProcess, pages: Pages) -> None:
    group = create_group(live_server.url, members=HOSTILE_NAMES, name="Tuesday group")
    links = group["links"]
    facilitator = Wire(live_server, links["facilitator"])
    bart = Wire(live_server, links["members"][1]["url"])
    mo = Wire(live_server, links["members"][2]["url"])
    facilitator.ok("selfreport.settings", {"instruments": "phq9"})
    bart.ok("selfreport.submit", {"instrument": "phq9", "answers": [1, 1, 1, 1, 1, 0, 0, 0, 0]})
    mo.ok("selfreport.submit", {"instrument": "phq9", "answers": [0, 0, 0, 0, 0, 0, 0, 0, 2]})
    console = pages.open(links["facilitator"], width=420, height=800)
    strip = console.locator(".signals-strip")
    safety = strip.locator(".signal-safety")
    expect(safety).to_contain_text("Safety")
    expect(safety).to_contain_text("محمد")
    expect(safety).to_contain_text("PHQ-9 item 9 answered 2")
    expect(safety).to_contain_text("Check in with them privately today")
    expect(strip).to_have_class(re.compile(r"\bsafety\b"))
    expect(console).to_have_title("(1) Tuesday group · Console")
    # Calm: no red, nothing that moves.
    colour = safety.evaluate("el => getComputedStyle(el).borderInlineStartColor")
    r, g, b = (int(x) for x in re.findall(r"\d+", colour)[:3])
    assert b > r and b > g, colour
    assert safety.evaluate("el => getComputedStyle(el).animationName") == "none"
    accessible(console, "a safety signal")

    # A week later, Bartholomew's score rose by 6: a quieter self-report note.
    facilitator.ok("session.start", {"number": 1})
    facilitator.ok("session.end", {"number": 1})
    bart.ok("selfreport.submit", {"instrument": "phq9", "answers": [2, 2, 2, 2, 1, 1, 1, 0, 0]})
    note = strip.locator(".signal-deterioration")
    expect(note).to_contain_text("Self-report")
    expect(note).to_contain_text(LONG)
    expect(note).to_contain_text("PHQ-9 rose by 6 (now 11)")
    expect(strip.locator(".signal-item.new").first).to_have_class(re.compile("signal-safety"))  # first
    no_sideways_scroll(console)
    accessible(console, "a safety signal and a deterioration note")
    pages.shot(console, "cockpit-420-self-report-signals", full_page=False)
    console.set_viewport_size({"width": 1280, "height": 800})
    pages.shot(console, "cockpit-1280-self-report-signals", full_page=False)
    for wire in (facilitator, bart, mo):
        wire.close()


def test_the_cockpit_pops_out_with_the_signals(live_server: ServerProcess, pages: Pages) -> None:
    group = create_group(live_server.url, members=HOSTILE_NAMES)
    links = group["links"]
    console = pages.open(links["facilitator"], width=1000, height=800)
    ann = pages.open(links["members"][0]["url"], width=360)
    console.get_by_role("button", name="Start session 1").click()
    expect(ann.get_by_role("heading", level=1)).to_have_text("Grounding meditation")
    with console.context.expect_page() as opened:
        console.get_by_role("button", name="Pop out").click()
    pip = opened.value
    expect(pip.get_by_role("heading", level=1)).to_have_text("Grounding meditation")
    expect(pip.get_by_role("button", name="Give floor to next")).to_be_visible()
    expect(
        console.get_by_text("The live view and the signals are in their own small window.")
    ).to_be_visible()
    # The keys work in the small window too; a signal arrives there.
    pip.locator("body").press("n")
    expect(ann.get_by_role("heading", level=1)).to_have_text("Check-in round")
    ann.get_by_role("button", name="Signal the facilitators").click()
    ann.get_by_role("button", name="Send to the facilitators").click()
    expect(pip.locator(".signals-strip .signal-item.new")).to_contain_text("I need a moment")
    expect(console).to_have_title("(1) Tuesday group · Console")
    pip.get_by_role("button", name="Acknowledge signal from Ann").click()
    expect(ann.get_by_role("list", name="My signals")).to_contain_text("seen by a facilitator")
    assert unnamed_controls(pip) == []
    pages.shot(pip, "cockpit-pip", full_page=False)
    console.get_by_role("button", name="Bring back").click()
    expect(console.locator(".cockpit .countdown")).to_be_visible()
    expect(console.locator(".signals-strip")).to_be_visible()


def test_two_consoles_pick_in_depth_turns_at_once(live_server: ServerProcess, pages: Pages) -> None:
    """The pick names what it replaces: the console that picked second is told, and looks again."""
    group = create_group(
        live_server.url,
        members=["Ann", "Bo", "Cy", "Dee"],
        agenda=[{"title": "In depth", "minutes": 40, "kind": "spotlight"}],
    )
    links = group["links"]
    other = Wire(live_server, links["cofacilitator"])
    held: list[str] = []
    holding = {"on": False}

    def route(ws: WebSocketRoute) -> None:
        server = ws.connect_to_server()

        def from_server(message: str | bytes) -> None:
            if holding["on"] and '"type":"state"' in str(message).replace(" ", ""):
                held.append(str(message))
                return
            ws.send(message)

        server.on_message(from_server)

    console = pages.open("", width=420, height=800)
    console.route_web_socket(re.compile(r"/ws$"), route)
    console.goto(links["facilitator"])
    console.get_by_role("button", name="Start session 1").click()
    picks = console.get_by_role("form", name="Pick in-depth turns")
    expect(picks.get_by_role("checkbox")).to_have_count(4)
    holding["on"] = True  # this console sees nothing new for a while
    other.ok("spotlight.pick", {"members": ["m4", "m3"], "minutes": 20, "replaces": []})
    picks.get_by_role("button", name="Set in-depth turns").click()
    expect(console.get_by_role("alert")).to_have_text(
        "The in-depth turns were just picked by someone else; look again."
    )
    expect(picks.get_by_role("button", name="Set in-depth turns")).to_be_focused()
    # Let frames through again: the next state (any change) brings the whole picture.
    holding["on"] = False
    assert held, "the other console's pick reached this page's socket"
    console.get_by_role("button", name="Pause", exact=True).click()
    expect(console.get_by_role("button", name="Resume", exact=True)).to_be_visible()
    expect(console.locator(".turns-spotlight")).to_have_text("Order: Dee, Cy.")
    expect(picks.get_by_role("checkbox", name="Dee")).to_be_checked()
    expect(picks.get_by_role("checkbox", name="Ann")).not_to_be_checked()
    other.close()
