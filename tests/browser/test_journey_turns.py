"""Speaking turns in real browsers: a facilitator and three members in parallel pages.

Hands raised in some order show the same queue everywhere; the floor passes; a round runs
through everyone with one pass; the console's airtime bars match the stored ledger.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect
from websockets.sync.client import connect

from tests.browser.conftest import Pages, ServerProcess, create_group, unnamed_controls

pytestmark = pytest.mark.browser


def queue_is(page: Page, names: list[str]) -> None:
    expect(page.locator("ol.turns-queue > li .turns-name")).to_have_text(names)


def speaker_is(page: Page, text: str) -> None:
    expect(page.locator(".turns-speaker .turns-who")).to_have_text(re.compile(text))


def ledger_over_the_wire(server: ServerProcess, console_link: str) -> dict[str, int]:
    """This session's floor ledger as the server sends it to a facilitator (a socket of its own)."""
    token = console_link.split("#t=", 1)[1]
    with connect(server.url.replace("http", "ws", 1) + "/ws", compression=None) as ws:
        ws.send(json.dumps({"type": "hello", "token": token}))
        while (msg := json.loads(ws.recv(timeout=10)))["type"] != "state":
            pass
    session: dict[str, int] = msg["view"]["floor"]["airtime"]["session"]
    assert msg["view"]["floor"]["turn"] is None  # nobody speaking: the ledger is the whole story
    return session


def test_hands_floor_round_and_airtime_across_four_pages(live_server: ServerProcess, pages: Pages) -> None:
    answer = create_group(live_server.url, members=["Ann", "Bo", "Cy"])
    links = answer["links"]
    console = pages.open(links["facilitator"], width=1280, height=1000)
    ann, bo, cy = (pages.open(m["url"], width=380, height=760) for m in links["members"])
    display = pages.open(links["display"], width=1280, height=720)
    members = {"Ann": ann, "Bo": bo, "Cy": cy}

    console.get_by_role("button", name="Start session 1").click()
    for page in members.values():
        expect(page.get_by_role("heading", name="Speaking turns")).to_be_visible()
    # Everyone connected shows on the console.
    expect(console.locator("ul.turns-people .turns-presence")).to_have_text(["connected"] * 3)

    # --- the check-in round: roster order (session 1 starts with Ann); Ann passes ---------
    console.get_by_role("button", name="Next", exact=True).click()
    console.get_by_role("button", name="Start round").click()
    speaker_is(ann, "^You have the floor")
    speaker_is(bo, "^Ann has the floor")
    expect(bo.locator(".turns-round")).to_have_text("Round: still to come: you, Cy.")
    expect(ann.locator(".turns-live")).to_have_text(re.compile("^It's your turn. You have 5 minutes."))
    ann.get_by_role("button", name="Pass").click()
    speaker_is(console, "^Bo has the floor \\(round\\)")
    expect(cy.locator(".turns-live")).to_have_text("Bo has the floor.")
    expect(console.locator(".turns-round")).to_have_text("Still to come: Cy.")
    console.get_by_role("button", name="Give floor to next").click()
    speaker_is(cy, "^You have the floor")
    pages.shot(console, "turns-console-round")
    console.get_by_role("button", name="Give floor to next").click()
    for page in (console, *members.values()):
        expect(page.locator("p.turns-speaker")).to_have_text("The floor is open.")
    expect(console.locator(".turns-round")).to_have_text("Everyone here has had their turn.")

    # --- the discussion: hands in the order Cy, Ann (by keyboard), Bo ----------------------
    console.get_by_role("button", name="Next", exact=True).click()
    expect(console.get_by_role("heading", level=1)).to_have_text("Treatment discussion")
    cy.get_by_role("button", name="Raise hand").click()
    queue_is(ann, ["Cy"])
    ann.locator("body").press("h")
    queue_is(bo, ["Cy", "Ann"])
    bo.get_by_role("button", name="Raise hand").click()
    for page in (console, display, *members.values()):
        queue_is(page, ["Cy", "Ann", "Bo"])
    expect(display.get_by_role("button")).to_have_count(0)  # read-only
    expect(ann.locator(".turns-place")).to_have_text("You are 2nd in line.")
    expect(bo.locator(".turns-place")).to_have_text("You are 3rd in line.")
    expect(bo.get_by_role("button", name="Lower hand")).to_be_visible()
    for page in (console, display, *members.values()):
        assert unnamed_controls(page) == []
    pages.shot(ann, "turns-member-queue", full_page=False)
    pages.shot(display, "turns-display", full_page=False)

    console.locator("body").press("f")  # the console's key for "give floor to next"
    speaker_is(cy, "^You have the floor")
    for page in (ann, bo, display):
        speaker_is(page, "^Cy has the floor")
        expect(page.locator(".turns-live")).to_have_text("Cy has the floor.")
    queue_is(console, ["Ann", "Bo"])
    expect(ann.locator(".turns-place")).to_have_text("You are 1st in line.")

    # The facilitator reorders, pauses and resumes; Bo comes first.
    console.get_by_role("button", name="Move Bo to the top").click()
    for page in (console, ann, bo):
        queue_is(page, ["Bo", "Ann"])
    console.get_by_role("button", name="Pause turn").click()
    speaker_is(ann, "^Cy has the floor \\(paused\\)")
    console.get_by_role("button", name="Resume turn").click()
    speaker_is(ann, "^Cy has the floor$")

    # Hand turns get a one-minute limit: the next speaker sees the gentle wrap-up cue at once.
    console.get_by_text("Floor settings").click()  # folded in the Live tab
    console.get_by_role("combobox", name="Time limit for raised-hand turns").select_option("1")
    console.get_by_role("button", name="Give floor to next").click()
    speaker_is(bo, "^You have the floor")
    expect(bo.locator(".turns-cue")).to_be_visible()
    expect(bo.locator(".turns-cue")).to_have_text("About a minute left. Time to start wrapping up.")
    expect(bo.locator(".turns-live")).to_have_text("It's your turn. You have 1 minute.")
    expect(console.locator(".turns-cue")).to_have_text("About a minute left in this turn.")
    expect(console.locator(".turns-cue")).to_be_visible()
    pages.shot(bo, "turns-member-wrap-up", full_page=False)
    bo.get_by_role("button", name="I'm done").click()
    for page in (console, ann, cy):
        expect(page.locator("p.turns-speaker")).to_have_text("The floor is open.")

    # --- presence: Ann drops; she keeps her place, marked away -----------------------------
    ann.close()
    expect(console.locator("ol.turns-queue > li")).to_have_text([re.compile(r"^Ann \(away\)")])
    expect(console.get_by_role("checkbox", name="Ann is here")).not_to_be_checked()

    # --- the console's airtime bars match the ledger (in the Members tab) ---------------------
    console.get_by_role("tab", name="Members").click()
    ledger = ledger_over_the_wire(live_server, links["facilitator"])
    assert set(ledger) == {"m1", "m2", "m3"}  # Ann's pass still counts the seconds she held
    total = sum(ledger.values())
    for mid, ms in ledger.items():
        for scope in ("session", "course"):
            meter = console.locator(f'meter[data-member="{mid}"][data-scope="{scope}"]')
            expect(meter).to_have_attribute("data-ms", str(ms))
            value = float(meter.evaluate("m => m.value"))
            assert value == pytest.approx(ms / total, abs=1e-6)
    name = {"m1": "Ann", "m2": "Bo", "m3": "Cy"}
    for mid, ms in ledger.items():
        percent = round(100 * ms / total)
        label = re.compile(rf"^{name[mid]}, this session: \d+:\d\d, {percent}%$")
        expect(console.get_by_role("meter", name=label)).to_be_visible()
    pages.shot(console, "turns-console")

    # --- in-depth turns: the least featured are suggested; the facilitator picks two -------
    console.get_by_role("tab", name="Live").click()
    console.get_by_role("button", name="Next", exact=True).click()
    expect(console.get_by_role("heading", level=1)).to_have_text("In-depth turns")
    picks = console.get_by_role("form", name="Pick in-depth turns")
    expect(picks.get_by_role("checkbox")).to_have_count(3)  # 3 x 20 min fit: all suggested
    picks.get_by_role("checkbox", name="Bo").uncheck()
    expect(picks.get_by_role("spinbutton", name="Minutes per in-depth turn")).to_have_value("20")
    picks.get_by_role("button", name="Set in-depth turns").click()
    expect(console.locator(".turns-spotlight")).to_have_text(re.compile(r"^Order: (Ann, Cy|Cy, Ann)\.$"))
    first = console.locator(".turns-spotlight").inner_text().removeprefix("Order: ").split(",")[0]
    console.get_by_role("button", name="Give floor to next").click()
    speaker_is(console, rf"^{first} has the floor \(in-depth turn\)")
    speaker_is(bo, rf"^{first} has the floor")  # (Ann's page is closed by now)
    today = re.compile(r"^In-depth turns today: (Ann, Cy|Cy, Ann)\.$")
    expect(bo.locator(".turns-spotlight")).to_have_text(today)
    assert unnamed_controls(console) == []
    pages.shot(console, "turns-console-in-depth")
