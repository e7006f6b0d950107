"""A clinician with a facilitator key, in the browser: signs in with the link `holdspace key add`
printed (the key leaves the address at once and stays in the browser), creates a group, hands
its links out safely (the console links apart; "Copy all member links" copies no console or
display link), finds it on My groups, re-issues a member's link (the old page closes with the
invalid-link sentence, the new link works), adds a member, reopens the console. A revoked or
wrong key gets a plain sentence; so does a rate limit; a server on loopback without keys still
creates without asking, and asks once a key exists.

Every server here is the test's own: adding a key closes creation on loopback for everyone,
which would change the shared `live_server` under the other journeys.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from websockets.sync.client import connect

from tests.browser.conftest import (
    HOSTILE_NAMES,
    STARTUP_TIMEOUT,
    Pages,
    ServerProcess,
    accessible,
)
from tests.support.process import ROOT

pytestmark = pytest.mark.browser

CLIPBOARD = {"permissions": ["clipboard-read", "clipboard-write"]}
SIGN_IN_LINK = re.compile(r"^\s+\S+/#k=(k[0-9a-f]{10}\.[A-Za-z0-9_-]{43})$", re.M)
REVOKED = "This facilitator key was revoked. Ask the server's operator for a new one."
NOT_VALID = (
    "This facilitator key is not valid. Check that it was copied whole, "
    "or ask the server's operator for your sign-in link again."
)
WAITING = "Waiting for the session to start"
# Like conftest's WIDE (elements wider than the window, or scrolling inside), less what does so
# on purpose: a text field's content (a link is longer than its field, and scrolls in it) and
# what is clipped to 1 px (the start page's column labels, read on every agenda row but shown
# once). A field itself wider than the window still counts.
SHOWN_WIDE = """() => {
  const page = document.documentElement.clientWidth;
  const field = (el) => el.tagName === "INPUT" || el.tagName === "TEXTAREA";
  const clipped = (el) => getComputedStyle(el).clipPath !== "none";
  const wide = (el) =>
    (!field(el) && el.scrollWidth > el.clientWidth + 1) || el.getBoundingClientRect().width > page;
  const name = (el) => `${el.tagName.toLowerCase()}.${el.className}: ${(el.textContent || "").slice(0, 30)}`;
  const found = [...document.querySelectorAll("body *")].filter((el) => !clipped(el) && wide(el));
  return found.map(name).slice(0, 14);
}"""


def holdspace(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The operator's CLI, run as the README says (`holdspace …` is `python -m server …`)."""
    cmd = [sys.executable, "-m", "server", *map(str, args)]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert out.returncode == 0, out.stderr
    return out


def add_key(data: Path, name: str) -> str:
    """A key made by `holdspace key add`, read from the sign-in link it prints."""
    found = SIGN_IN_LINK.search(holdspace("key", "add", name, "--data-dir", data).stdout)
    assert found
    return found.group(1)


def revoke(data: Path, key: str) -> None:
    holdspace("key", "revoke", key.split(".")[0], "--data-dir", data)


class Keyed:
    def __init__(self, tmp: Path, *flags: str) -> None:
        self.data = tmp / "data"
        self.key = add_key(self.data, "Dr. Ana")
        self.server = ServerProcess("--data-dir", str(self.data), *flags).start(timeout=STARTUP_TIMEOUT)
        self.url = self.server.url

    @property
    def sign_in_link(self) -> str:
        return f"{self.url}/#k={self.key}"


@pytest.fixture
def keyed(tmp_path: Path) -> Iterator[Keyed]:
    made = Keyed(tmp_path)
    try:
        yield made
    finally:
        made.server.stop()


def kept_key(page: Page) -> Any:
    return page.evaluate("() => localStorage.getItem('holdspace.key')")


def focus_is_on_a_control(page: Page) -> None:
    tag = page.evaluate("() => document.activeElement?.tagName.toLowerCase()")
    assert tag not in (None, "body", "html"), "focus went to <body>"


def layouts(pages: Pages, page: Page, name: str) -> None:
    """Nothing sticks out sideways at 320, 420 and 1280 px; a screenshot of each."""
    for width in (320, 420, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        assert page.evaluate(SHOWN_WIDE) == [], (name, width)
        pages.shot(page, f"{name}-{width}")
    page.set_viewport_size({"width": 1280, "height": 800})


def create(start: Page, name: str, members: list[str]) -> None:
    start.get_by_role("textbox", name="Group name", exact=True).fill(name)
    start.get_by_role("textbox", name=re.compile("^Members")).fill("\n".join(members))
    start.get_by_role("button", name="Create group").click()


def link(page: Page, label: str) -> str:
    return page.get_by_role("textbox", name=label, exact=True).input_value()


def test_sign_in_create_hand_out_links_and_manage_them_on_my_groups(keyed: Keyed, pages: Pages) -> None:
    # The sign-in link: the key leaves the address at once, and the browser keeps it.
    start = pages.open(keyed.sign_in_link, width=1280, **CLIPBOARD)
    expect(start.get_by_text("Signed in as Dr. Ana.")).to_be_visible()
    assert "#" not in start.url and keyed.key not in start.url
    assert kept_key(start) == keyed.key
    accessible(start)
    layouts(pages, start, "keys-start-signed-in")

    # Kept: a reload (without the fragment) is still signed in.
    start.reload()
    expect(start.get_by_text("Signed in as Dr. Ana.")).to_be_visible()
    create(start, "Tuesday group", HOSTILE_NAMES)
    expect(start.get_by_text("Save these links now: they are shown only once.")).to_be_visible()
    focus_is_on_a_control(start)
    expect(start.get_by_text("If someone loses their link, My groups makes them a new one")).to_be_visible()
    console_url = link(start, "Facilitator console (you)")
    cofacilitator_url = link(start, "Co-facilitator console")
    display_url = link(start, "Display (for sharing on screen)")
    member_urls = {name: link(start, f"Member: {name}") for name in HOSTILE_NAMES}

    # The console links sit apart, under their warning; the display apart again.
    facilitators = start.locator(".links-facilitators")
    expect(facilitators.get_by_role("heading", name="For facilitators only")).to_be_visible()
    expect(facilitators).to_contain_text("never paste them into the group's chat")
    expect(facilitators.get_by_role("textbox")).to_have_count(2)
    members = start.locator(".links-members")
    expect(members).to_contain_text("Send each member only their own link")
    expect(members.get_by_role("textbox")).to_have_count(len(HOSTILE_NAMES))
    expect(start.locator(".links-display").get_by_role("textbox")).to_have_count(1)

    # "Copy all member links": every member's link, and no console or display link.
    start.get_by_role("button", name="Copy all member links").click()
    expect(start.get_by_role("status")).to_have_text(
        "The members' links are copied, and no other link. Send each member only their own."
    )
    copied = start.evaluate("navigator.clipboard.readText()")
    assert all(url in copied for url in member_urls.values())
    for url in (console_url, cofacilitator_url, display_url):
        assert url not in copied and url.split("#t=")[1] not in copied
    assert "/console#" not in copied and "/display#" not in copied
    # One member's own link, alone.
    start.get_by_role("button", name="Copy link: Member: Zoë 🌻").click()
    assert start.evaluate("navigator.clipboard.readText()") == member_urls["Zoë 🌻"]
    focus_is_on_a_control(start)
    accessible(start)
    layouts(pages, start, "keys-start-links")

    # The pages people have open with their first links.
    ann_url = member_urls["Ann"]
    ann = pages.open(ann_url, width=400, height=700)
    expect(ann.get_by_role("heading", level=1)).to_have_text(WAITING)
    old_console = pages.open(console_url)
    expect(old_console.get_by_role("button", name="Start session 1")).to_be_visible()

    # My groups, from the start page.
    start.locator(".sign-in").get_by_role("link", name="My groups").click()
    expect(start).to_have_url(f"{keyed.url}/groups")
    card = start.get_by_role("article", name="Tuesday group")
    expect(card).to_contain_text("0 of 8 sessions held")
    expect(card).to_contain_text("Will be deleted on")
    for name in HOSTILE_NAMES:
        expect(card.locator(".member-name", has_text=name)).to_have_count(1)
    accessible(start)
    layouts(pages, start, "keys-my-groups")

    # A member's new link: asked first, saying what stops working; the old page closes.
    card.get_by_role("button", name="New link for Ann").click()
    expect(card).to_contain_text("Ann's old link stops working at once, and a page open with it closes.")
    confirm = card.get_by_role("button", name="Make a new link for Ann")
    expect(confirm).to_be_focused()
    accessible(start)
    pages.shot(start, "keys-my-groups-confirm-1280")
    confirm.click()
    new_ann = card.get_by_role("textbox", name="Member: Ann", exact=True)
    expect(new_ann).to_be_visible()
    expect(card.get_by_role("button", name="Copy link: Member: Ann")).to_be_focused()
    new_ann_url = new_ann.input_value()
    assert new_ann_url != ann_url and "/member#t=" in new_ann_url
    expect(ann.get_by_role("alert")).to_contain_text("This link is not valid")
    expect(ann.get_by_role("heading", level=1)).not_to_have_text(WAITING)
    ann_again = pages.open(new_ann_url, width=400, height=700)
    expect(ann_again.get_by_role("heading", level=1)).to_have_text(WAITING)
    expect(ann_again.locator(".my-name")).to_have_text("Ann")
    card.get_by_role("button", name="Copy link: Member: Ann").click()
    assert start.evaluate("navigator.clipboard.readText()") == new_ann_url

    # Cancel asks nothing and goes back where it was.
    card.get_by_role("button", name="New link for محمد").click()
    card.get_by_role("button", name="Cancel").click()
    expect(card.get_by_role("button", name="New link for محمد")).to_be_focused()

    # A member added mid-course, with their link.
    card.get_by_role("textbox", name="Add a member").fill("Dee")
    card.get_by_role("button", name="Add", exact=True).click()
    dee = card.get_by_role("textbox", name="Member: Dee", exact=True)
    expect(dee).to_be_visible()
    focus_is_on_a_control(start)
    expect(card.get_by_role("textbox", name="Add a member")).to_have_value("")
    dee_page = pages.open(dee.input_value(), width=400, height=700)
    expect(dee_page.get_by_role("heading", level=1)).to_have_text(WAITING)
    expect(dee_page.locator(".my-name")).to_have_text("Dee")
    # The same name twice is refused, in the card, and the name stays to be changed.
    card.get_by_role("textbox", name="Add a member").fill("dee")
    card.get_by_role("button", name="Add", exact=True).click()
    expect(card.get_by_role("alert")).not_to_be_empty()
    expect(card.get_by_role("textbox", name="Add a member")).to_be_focused()

    # The console reopened: a new link, the old console closes.
    card.get_by_role("button", name="Open console: Tuesday group").click()
    expect(card).to_contain_text("The old one stops working, and a console open with it closes")
    card.get_by_role("button", name="Make a new console link").click()
    new_console = card.get_by_role("textbox", name="New console link: Tuesday group")
    expect(new_console).to_be_visible()
    expect(card.get_by_role("link", name="Open: New console link: Tuesday group")).to_be_focused()
    expect(card.locator(".links-facilitators")).to_contain_text("never paste them into the group's chat")
    accessible(start)
    layouts(pages, start, "keys-my-groups-new-links")
    expect(old_console.get_by_role("alert")).to_contain_text("This link is not valid")
    console = pages.open(new_console.input_value())
    expect(console.get_by_role("button", name="Start session 1")).to_be_visible()
    # The co-facilitator's link keeps working.
    cofacilitator = pages.open(cofacilitator_url)
    expect(cofacilitator.get_by_role("button", name="Start session 1")).to_be_visible()

    # A live session shows on My groups; a member's link cannot change while a card is open.
    console.get_by_role("button", name="Start session 1").click()
    expect(console.get_by_role("heading", level=1)).to_have_text("Grounding meditation")
    open_a_feedback_card(keyed.url, new_console.input_value())
    start.reload()
    card = start.get_by_role("article", name="Tuesday group")
    expect(card.get_by_text("Live now")).to_be_visible()
    card.get_by_role("button", name="New link for Bartholomew-Maximilian-Featherstonehaugh").click()
    card.get_by_role("button", name="Make a new link for Bartholomew-Maximilian-Featherstonehaugh").click()
    expect(card.get_by_role("alert")).to_have_text(
        "A feedback question is open in this group: a member's link can be changed once it is closed."
    )
    focus_is_on_a_control(start)
    accessible(start)

    # Sign out: the browser forgets the key and asks for it again.
    start.get_by_role("button", name="Sign out").click()
    expect(start.get_by_role("textbox", name="Facilitator key")).to_be_focused()
    assert kept_key(start) is None
    expect(start.get_by_role("article")).to_have_count(0)
    accessible(start)


def open_a_feedback_card(base_url: str, console_url: str) -> None:
    """A feedback question opened from a console's socket (the console page is not ours)."""
    token = console_url.split("#t=")[1]
    with connect(base_url.replace("http", "ws", 1) + "/ws") as ws:
        ws.send(json.dumps({"type": "hello", "token": token}))
        ws.send(
            json.dumps(
                {
                    "type": "cmd",
                    "id": "c1",
                    "name": "feedback.open",
                    "args": {"questions": [{"library": "exclusion"}]},
                }
            )
        )
        while True:
            msg = json.loads(ws.recv(timeout=10))
            if msg.get("id") == "c1":
                assert msg["type"] == "ack", msg
                return


def test_a_revoked_or_wrong_key_gets_a_plain_sentence(keyed: Keyed, pages: Pages) -> None:
    groups = pages.open(keyed.url + "/groups#k=" + keyed.key, width=420)
    expect(groups.get_by_text("Signed in as Dr. Ana.")).to_be_visible()
    assert "#" not in groups.url
    expect(groups.get_by_text("Your key has no groups yet.")).to_be_visible()

    revoke(keyed.data, keyed.key)
    groups.reload()
    expect(groups.get_by_role("alert").filter(has_text="revoked")).to_have_text(REVOKED)
    expect(groups.get_by_role("textbox", name="Facilitator key")).to_be_visible()
    assert kept_key(groups) is None
    accessible(groups)
    pages.shot(groups, "keys-revoked-420")

    # A key that is no key, and one that is not (or no longer) valid: said plainly, asked again.
    field = groups.get_by_role("textbox", name="Facilitator key")
    field.fill("my key")
    groups.get_by_role("button", name="Sign in", exact=True).click()
    expect(groups.get_by_role("alert").filter(has_text="facilitator key")).to_contain_text(
        "That is not a facilitator key."
    )
    expect(field).to_be_focused()
    field.fill(keyed.key)
    groups.get_by_role("button", name="Sign in", exact=True).click()
    expect(groups.get_by_role("alert").filter(has_text="revoked")).to_have_text(REVOKED)
    field = groups.get_by_role("textbox", name="Facilitator key")
    expect(field).to_be_focused()
    field.fill("k0123456789." + "A" * 43)
    groups.get_by_role("button", name="Sign in", exact=True).click()
    expect(groups.get_by_role("alert").filter(has_text="not valid")).to_have_text(NOT_VALID)

    # The start page of a server that needs a key asks for it before anything else.
    start = pages.open(keyed.url + "/", width=420)
    expect(start.get_by_role("heading", name="Sign in with your facilitator key")).to_be_visible()
    expect(start.get_by_role("textbox", name="Group name")).to_be_hidden()
    # A new key pasted as the whole sign-in link works too.
    fresh = add_key(keyed.data, "Dr. Ben")
    start.get_by_role("textbox", name="Facilitator key").fill(f"{keyed.url}/#k={fresh}")
    start.get_by_role("button", name="Sign in", exact=True).click()
    expect(start.get_by_text("Signed in as Dr. Ben.")).to_be_visible()
    expect(start.get_by_role("textbox", name="Group name", exact=True)).to_be_focused()
    assert kept_key(start) == fresh


def test_too_many_groups_says_when_to_try_again(tmp_path: Path, pages: Pages) -> None:
    keyed = Keyed(tmp_path, "--create-per-key", "1")
    try:
        start = pages.open(keyed.sign_in_link, width=420)
        create(start, "First", ["Ann"])
        expect(start.get_by_text("Save these links now: they are shown only once.")).to_be_visible()
        start.reload()
        create(start, "Second", ["Ann"])
        expect(start.locator("#form-error")).to_have_text(
            re.compile(r"^Too many attempts for now\. Please try again in \d+ minutes?\.$")
        )
        focus_is_on_a_control(start)
        accessible(start)
    finally:
        keyed.server.stop()


def test_a_keyless_loopback_server_creates_without_asking_then_asks_once_a_key_exists(
    own_server: ServerProcess, pages: Pages
) -> None:
    start = pages.open(own_server.url + "/", width=420, **CLIPBOARD)
    expect(
        start.get_by_text("No facilitator key is needed to create a group on this server.")
    ).to_be_visible()
    expect(start.get_by_role("textbox", name="Facilitator key")).to_have_count(0)
    accessible(start)
    pages.shot(start, "keys-no-key-needed-420")
    # A key may still be given; "Sign in with a key" opens the field.
    start.get_by_role("button", name="Sign in with a key").click()
    expect(start.get_by_role("textbox", name="Facilitator key")).to_be_focused()
    accessible(start)
    create(start, "Open group", ["Ann", "Bo"])
    expect(start.get_by_text("Save these links now: they are shown only once.")).to_be_visible()
    expect(start.get_by_text("If someone loses their link")).to_be_hidden()
    start.get_by_role("button", name="Copy all member links").click()
    copied = start.evaluate("navigator.clipboard.readText()")
    assert "/member#t=" in copied and "/console#" not in copied and "/display#" not in copied

    # The operator adds the first key while the page is open: creating now asks for it, and the
    # group is created once it is given, with nothing typed again.
    start.reload()
    data = Path(own_server.args[own_server.args.index("--data-dir") + 1])
    key = add_key(data, "Dr. Cy")
    create(start, "Second group", ["Ann"])
    field = start.get_by_role("textbox", name="Facilitator key")
    expect(field).to_be_focused()
    expect(start.locator(".sign-in").get_by_role("alert")).to_have_text(
        "Creating a group on this server needs a facilitator key: please sign in with yours."
    )
    accessible(start)
    field.fill(key)
    start.get_by_role("button", name="Sign in", exact=True).click()
    expect(start.get_by_text("Save these links now: they are shown only once.")).to_be_visible()
    expect(start.locator(".links-group")).to_have_text("Second group")
    expect(start.get_by_text("Signed in as Dr. Cy.")).to_be_visible()


def test_in_spanish(keyed: Keyed, pages: Pages) -> None:
    start = pages.open(keyed.sign_in_link, width=320, locale="es-ES")
    expect(start.get_by_text("Ha entrado con la clave de Dr. Ana.")).to_be_visible()
    start.get_by_role("textbox", name="Nombre del grupo").fill("Grupo del martes")
    start.get_by_role("textbox", name=re.compile("^Participantes")).fill("\n".join(HOSTILE_NAMES))
    start.get_by_role("button", name="Crear el grupo").click()
    expect(start.get_by_role("heading", name="Solo para quienes facilitan")).to_be_visible()
    expect(start.get_by_role("button", name="Copiar los enlaces de participantes")).to_be_visible()
    expect(start.get_by_role("textbox", name="Participante: محمد", exact=True)).to_be_visible()
    accessible(start)
    layouts(pages, start, "keys-es-start-links")

    start.locator(".sign-in").get_by_role("link", name="Mis grupos").click()
    card = start.get_by_role("article", name="Grupo del martes")
    expect(card).to_contain_text("0 de 8 sesiones realizadas")
    card.get_by_role("button", name="Nuevo enlace para Zoë 🌻").click()
    expect(card).to_contain_text("El enlace anterior de Zoë 🌻 deja de funcionar en el acto")
    card.get_by_role("button", name="Crear un nuevo enlace para Zoë 🌻").click()
    expect(card.get_by_role("textbox", name="Participante: Zoë 🌻", exact=True)).to_be_visible()
    card.get_by_role("button", name="Abrir la consola: Grupo del martes").click()
    card.get_by_role("button", name="Crear un nuevo enlace de consola").click()
    expect(card.get_by_role("textbox", name="Nuevo enlace de consola: Grupo del martes")).to_be_visible()
    accessible(start)
    layouts(pages, start, "keys-es-my-groups")


def test_a_sign_in_link_opened_over_the_open_page_signs_in_too(keyed: Keyed, pages: Pages) -> None:
    start = pages.open(keyed.url + "/", width=420)
    expect(start.get_by_role("heading", name="Sign in with your facilitator key")).to_be_visible()
    start.goto(keyed.sign_in_link)  # only the fragment changes: no new page load
    expect(start.get_by_text("Signed in as Dr. Ana.")).to_be_visible()
    assert "#" not in start.url and kept_key(start) == keyed.key
