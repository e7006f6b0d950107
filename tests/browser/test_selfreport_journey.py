"""Two weeks of the weekly self-report in real browsers.

The facilitator turns the PHQ-9 on with members seeing their own trend and a crisis number,
and plans the next session. Week 1: Ann answers by keyboard, item 9 above 0 -- she sees the
calm crisis note (focused, the default line, the number as a tel: link) and the console's
signals get a `safety` signal; Bo answers with one item skipped; Cy does not answer and sees
nothing of the others; the display shows nothing. The window closes when the session leaves
grounding. Week 2: Ann's score rises by 6 (a reliable change: the console marks it, the
member reads it in plain words), everyone answers. The summary charts the trends. Screenshots
at 320 (the form, the crisis note) and 1280 (the console's panel, the summary); axe on each.
Then hostile names and a group's own crisis text at 320, 420 and 1280, and the form in Spanish.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    HOSTILE_NAMES,
    SCREENSHOTS,
    Pages,
    ServerProcess,
    accessible,
    create_group,
)
from tests.browser.wire import Wire

pytestmark = pytest.mark.browser

PHQ9_ITEM_1 = "Little interest or pleasure in doing things"
PHQ9_ITEM_9 = "Thoughts that you would be better off dead or of hurting yourself in some way"
OPTIONS = ("Not at all", "Several days", "More than half the days", "Nearly every day")
DEFAULT_CRISIS = "Thank you for telling us. Please contact your clinician today"

# Elements of the self-report wider than the window. The scores table may scroll inside its own
# box on a narrow console (like the members' table); tests look at how much it needs to.
SR_WIDE = """() => {
  const page = document.documentElement.clientWidth;
  const parts = ".sr-home, .sr-console, .sr-settings, .sr-summary";
  const roots = [...document.querySelectorAll(parts)];
  const scrolls = (el) => el.closest(".sr-table-wrap") !== null;
  const box = (el) => el.getBoundingClientRect();
  const wide = (el) =>
    el.scrollWidth > el.clientWidth + 1 || box(el).right > page + 1 || box(el).left < -1;
  const shown = (el) => el.getClientRects().length && !scrolls(el);
  const cls = (el) => el.className.baseVal ?? el.className;
  const name = (el) => `${el.tagName.toLowerCase()}.${cls(el)}: ${(el.textContent || "").slice(0, 30)}`;
  return roots.flatMap((r) => [r, ...r.querySelectorAll("*")]).filter((el) => shown(el) && wide(el))
    .map(name).slice(0, 10);
}"""


def facilitator_view(server: ServerProcess, link: str) -> dict[str, Any]:
    """What a facilitator's socket is sent now: the first state after hello."""
    wire = Wire(server, link)
    wire.close()
    view: dict[str, Any] = wire.state["view"]
    return view


def answer(page: Page, answers: list[int | None]) -> None:
    """Answer the open form, one question at a time: a choice and Next, or Skip."""
    card = page.get_by_role("region", name=re.compile("check-in|Question|Ready"))
    for i, value in enumerate(answers):
        expect(page.locator(".sr-progress")).to_have_text(
            re.compile(rf"question {i + 1} of {len(answers)}$", re.I)
        )
        if value is None:
            card.get_by_role("button", name="Skip").click()
        else:
            card.get_by_role("radio", name=OPTIONS[value], exact=True).check()
            card.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", name="Ready to send")).to_be_visible()


def tab(console: Page, name: str) -> None:
    """The console keeps the scores under Members and the settings under Course."""
    console.get_by_role("tab", name=name, exact=True).click()
    expect(console.get_by_role("tab", name=name, exact=True)).to_have_attribute("aria-selected", "true")


def start_form(page: Page) -> None:
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_role("radiogroup", name=PHQ9_ITEM_1)).to_be_visible()


def test_two_weeks_of_self_report(live_server: ServerProcess, pages: Pages) -> None:
    group = create_group(live_server.url, name="Wednesday group", sessions=8)
    links = group["links"]
    console = pages.open(links["facilitator"], width=1280, height=900)
    ann = pages.open(links["members"][0]["url"], width=320, height=640)
    bo = pages.open(links["members"][1]["url"], width=380, height=800)
    cy = pages.open(links["members"][2]["url"], width=380, height=800)
    display = pages.open(links["display"], width=1280, height=720)

    # ---- the facilitator turns it on ------------------------------------------------------------
    tab(console, "Members")
    panel = console.get_by_role("region", name="Weekly self-report")
    expect(panel).to_contain_text("No questionnaire is asked")
    expect(ann.get_by_text("Your weekly check-in")).to_have_count(0)
    tab(console, "Course")
    settings = console.get_by_role("form", name="Self-report settings")
    settings.get_by_role("radio", name="PHQ-9 (depression)").check()
    settings.get_by_label("Members see their own score and trend").check()
    settings.get_by_label("Crisis number").fill("988")
    expect(settings).to_contain_text(f"Empty: the default, in each member's language: “{DEFAULT_CRISIS}")
    settings.get_by_role("button", name="Save settings").click()
    expect(settings.get_by_role("status")).to_have_text("Saved.")
    expect(settings.get_by_role("button", name="Save settings")).to_be_focused()
    # Session 1 is planned two hours from now: the window opens a day before, so it is open.
    plan = console.get_by_role("form", name="Next session")
    planned = (datetime.now() + timedelta(hours=2)).replace(second=0, microsecond=0)
    plan.get_by_label("When session 1 starts").fill(planned.strftime("%Y-%m-%dT%H:%M"))
    plan.get_by_role("button", name="Save time").click()
    expect(plan).to_contain_text("Planned for")
    expect(plan).to_contain_text("The check-in opens")
    view = facilitator_view(live_server, links["facilitator"])
    assert view["course"]["schedule"] == [{"number": 1, "at": int(planned.timestamp() * 1000)}]
    assert view["selfreport"]["settings"]["crisis_number"] == "988"
    tab(console, "Members")
    expect(panel).to_contain_text("Not answered yet for session 1 (3): Ann, Bo, Cy.")
    expect(panel).to_contain_text("Members can answer for session 1: open since")
    accessible(console)

    # ---- week 1: Ann answers by keyboard; item 9 above 0 ---------------------------------------------
    intro = ann.get_by_role("region", name="Your weekly check-in (about 2 minutes)")
    expect(intro).to_contain_text("9 short questions about the last 2 weeks")
    expect(intro).to_contain_text("Only your facilitators see your answers")
    accessible(ann)
    pages.shot(ann, "selfreport-member-intro-320")
    intro.get_by_role("button", name="Start").click()
    first = ann.get_by_role("radiogroup", name=PHQ9_ITEM_1)
    expect(first).to_be_visible()
    expect(ann.locator(".sr-stem")).to_have_text(
        "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
    )
    expect(ann.locator(".sr-credit")).to_contain_text("Developed by Drs. Robert L. Spitzer")
    expect(ann.get_by_role("radio", name="Not at all")).to_be_focused()
    # Next without a choice asks for one, and keeps the question.
    ann.keyboard.press("Enter")
    expect(ann.get_by_role("alert")).to_have_text("Choose an answer, or skip this question.")
    ann.keyboard.press("ArrowDown")
    expect(ann.get_by_role("radio", name="Several days")).to_be_checked()
    ann.keyboard.press("Enter")
    expect(ann.locator(".sr-progress")).to_have_text("Question 2 of 9")
    expect(ann.get_by_role("alert")).to_have_text("")
    expect(ann.get_by_role("radio", name="Not at all")).to_be_focused()
    # Back keeps the answer given.
    ann.get_by_role("button", name="Back").click()
    expect(ann.get_by_role("radio", name="Several days")).to_be_checked()
    expect(ann.get_by_role("radio", name="Several days")).to_be_focused()
    ann.keyboard.press("Enter")
    for _ in range(2, 5):
        ann.keyboard.press("ArrowDown")
        ann.keyboard.press("Enter")
    expect(ann.locator(".sr-progress")).to_have_text("Question 5 of 9")
    accessible(ann)
    pages.shot(ann, "selfreport-member-form-320", full_page=False)
    answer_rest = [1, 1, 1, 1, 2]
    for i, value in enumerate(answer_rest, start=5):
        expect(ann.locator(".sr-progress")).to_have_text(f"Question {i} of 9")
        ann.get_by_role("radio", name=OPTIONS[value], exact=True).check()
        ann.get_by_role("button", name="Next").click()
    review = ann.get_by_role("region", name="Ready to send")
    expect(review).to_contain_text("PHQ-9: all 9 questions answered.")
    expect(review.get_by_role("button", name="Send my answers")).to_be_focused()
    accessible(ann)
    ann.keyboard.press("Enter")

    crisis = ann.get_by_role("region", name="Help is available")
    expect(crisis).to_be_focused()
    expect(crisis).to_contain_text(DEFAULT_CRISIS)
    call = crisis.get_by_role("link", name="Call 988")
    expect(call).to_have_attribute("href", "tel:988")
    expect(ann.get_by_text("Thank you. You sent your answers at")).to_be_visible()
    expect(ann.locator(".sr-own")).to_contain_text("Your PHQ-9 score this week is 10 (moderate).")
    accessible(ann)
    pages.shot(ann, "selfreport-member-crisis-320")

    # The console: a safety signal in the facilitators' view and strip, Ann's score.
    view = facilitator_view(live_server, links["facilitator"])
    [safety] = [s for s in view["signals"] if s["kind"] == "safety"]
    assert (safety["member"], safety["instrument"], safety["answer"]) == ("m1", "phq9", 2)
    inbox = console.get_by_role("region", name=re.compile("^Signals"))
    expect(inbox.locator(".signal-item.new").filter(has_text="Ann")).to_have_count(1)
    row = console.locator("tr[data-member=m1][data-instrument=phq9]")
    expect(row.locator(".sr-latest")).to_have_text("10 · moderate")
    expect(panel).to_contain_text("Not answered yet for session 1 (2): Bo, Cy.")

    # Bo skips one question; the score adds up the others.
    start_form(bo)
    answer(bo, [0, 1, 0, None, 0, 1, 0, 0, 0])
    bo.get_by_role("button", name="Send my answers").click()
    expect(bo.get_by_text("Thank you. You sent your answers at")).to_be_focused()
    expect(bo.locator(".sr-own")).to_contain_text("Your PHQ-9 score this week is 2 (minimal).")
    expect(bo.locator(".sr-own")).to_contain_text("One question was skipped")
    expect(bo.get_by_role("region", name="Help is available")).to_have_count(0)
    expect(console.locator("tr[data-member=m2][data-instrument=phq9] .sr-latest")).to_have_text(
        "2 · minimal (1 skipped)"
    )

    # Cy has not answered: she sees her own card and nothing of the others; the display nothing.
    expect(cy.get_by_role("region", name="Your weekly check-in (about 2 minutes)")).to_be_visible()
    for page in (cy, display):
        expect(page.get_by_text("Help is available")).to_have_count(0)
        expect(page.get_by_text("moderate")).to_have_count(0)
        expect(page.get_by_text("Thank you. You sent")).to_have_count(0)
    expect(display.locator(".sr-home")).to_have_count(0)
    expect(display.get_by_text("check-in", exact=False)).to_have_count(0)
    expect(panel).to_contain_text("Not answered yet for session 1: Cy.")

    # The window closes when the session moves on from grounding; the crisis note stays.
    tab(console, "Live")
    console.get_by_role("button", name="Start session 1").click()
    expect(cy.get_by_role("region", name="Your weekly check-in (about 2 minutes)")).to_be_visible()
    console.get_by_role("button", name="Next", exact=True).click()
    expect(console.get_by_role("heading", level=1)).to_have_text("Check-in round")
    expect(cy.get_by_text("Your weekly check-in")).to_have_count(0)
    expect(ann.get_by_text("Thank you. You sent")).to_have_count(0)
    expect(crisis).to_be_visible()
    tab(console, "Members")
    expect(panel).to_contain_text("Answers for session 1 closed")
    tab(console, "Live")
    console.get_by_role("button", name="End session").click()
    console.get_by_role("button", name="Confirm: end session 1").click()

    # ---- week 2: the window opened when session 1 ended ------------------------------------------
    expect(crisis).to_have_count(0)
    start_form(ann)
    answer(ann, [2, 2, 2, 2, 2, 2, 2, 2, 0])
    ann.get_by_role("button", name="Send my answers").click()
    own = ann.locator(".sr-own")
    expect(own).to_contain_text("Your PHQ-9 score this week is 16 (moderately severe).")
    expect(own).to_contain_text("That is higher than last time.")
    expect(own).to_contain_text("A lower score means fewer symptoms.")
    expect(ann.get_by_role("region", name="Help is available")).to_have_count(0)
    # She changes one answer: the form comes back with hers in it; the last sent counts.
    ann.get_by_role("button", name="Change my answers").click()
    expect(ann.get_by_role("radio", name="More than half the days")).to_be_checked()
    expect(ann.get_by_role("radio", name="More than half the days")).to_be_focused()
    for _ in range(8):
        ann.keyboard.press("Enter")
    expect(ann.get_by_role("radiogroup", name=PHQ9_ITEM_9)).to_be_visible()
    ann.get_by_role("radio", name="Not at all").check()
    ann.get_by_role("button", name="Next").click()
    ann.get_by_role("button", name="Send my answers").click()
    expect(own).to_contain_text("Your PHQ-9 score this week is 16 (moderately severe).")

    start_form(bo)
    answer(bo, [0, 1, 0, 0, 0, 1, 0, 0, 0])
    bo.get_by_role("button", name="Send my answers").click()
    expect(bo.locator(".sr-own")).to_contain_text("That is the same as last time.")
    start_form(cy)
    answer(cy, [1, 0, 1, 0, 1, 0, 1, 0, 0])
    cy.get_by_role("button", name="Send my answers").click()
    expect(cy.locator(".sr-own")).to_contain_text("Your PHQ-9 score this week is 4 (minimal).")
    expect(cy.locator(".sr-own")).not_to_contain_text("last time")

    tab(console, "Members")
    expect(panel).to_contain_text("Everyone has answered for session 2.")
    ann_row = console.locator("tr[data-member=m1][data-instrument=phq9]")
    expect(ann_row.locator(".sr-latest")).to_have_text("16 · moderately severe")
    since_last = ann_row.locator(".sr-since_last")
    expect(since_last.locator("[aria-hidden=true]")).to_have_text("▲ 6 (reliable)")
    expect(since_last.locator(".sr-only")).to_have_text("up 6 points since session 1, a reliable change")
    expect(ann_row.get_by_role("img")).to_have_attribute(
        "aria-label", "PHQ-9 for Ann by session: session 1: 10, session 2: 16"
    )
    expect(console.locator("tr[data-member=m2][data-instrument=phq9] .sr-since_last")).to_contain_text(
        "no change"
    )
    view = facilitator_view(live_server, links["facilitator"])
    [rise] = [s for s in view["signals"] if s["kind"] == "deterioration"]
    assert (rise["member"], rise["score"], rise["change"]) == ("m1", 16, 6)
    accessible(console)
    panel.scroll_into_view_if_needed()
    pages.shot(console, "selfreport-console-1280")
    panel.screenshot(path=str(SCREENSHOTS / "selfreport-console-panel-1280.png"))

    # ---- the course summary: each member's trend --------------------------------------------------
    tab(console, "Course")
    href = console.get_by_role("link", name="Course summary").get_attribute("href")
    assert href is not None
    summary = pages.open(live_server.url + href, width=1280, height=900)
    section = summary.get_by_role("region", name="Weekly self-report")
    expect(section.get_by_role("img", name=re.compile("^PHQ-9 for Ann"))).to_have_attribute(
        "aria-label",
        "PHQ-9 for Ann: session 1: 10, session 2: 16. A reliable rise of 6 points in session 2.",
    )
    expect(section.get_by_role("img", name=re.compile("^PHQ-9 for Cy"))).to_have_attribute(
        "aria-label", "PHQ-9 for Cy: session 2: 4."
    )
    ann_article = section.get_by_role("article", name="Ann")
    ann_article.get_by_text("PHQ-9 scores as a table").click()
    expect(ann_article.get_by_role("row", name=re.compile("^2 16 moderately severe"))).to_contain_text(
        "▲ 6 (reliable)"
    )
    accessible(summary)
    assert summary.evaluate(SR_WIDE) == []
    section.scroll_into_view_if_needed()
    pages.shot(summary, "selfreport-summary-1280")


def test_hostile_names_and_a_groups_own_crisis_text(live_server: ServerProcess, pages: Pages) -> None:
    group = create_group(live_server.url, name="Grupo 🌻", members=HOSTILE_NAMES, sessions=6)
    links = group["links"]
    crisis_text = "Llame a Dana: " + "Unterstützungstelefonnummernverzeichnis" * 2 + " أو اتصل بنا"
    console = pages.open(links["facilitator"], width=420, height=900)
    tab(console, "Course")
    settings = console.get_by_role("form", name="Self-report settings")
    settings.get_by_role("radio", name="PHQ-9 (depression)").check()
    settings.get_by_label("Crisis text (after an answer above 0 to PHQ-9 item 9)").fill(crisis_text)
    settings.get_by_label("Crisis number").fill("+1 (800) 273-8255")
    settings.get_by_role("button", name="Save settings").click()
    expect(settings.get_by_role("status")).to_have_text("Saved.")

    long_name = links["members"][1]["url"]
    for width in (320, 420, 1280):
        page = pages.open(long_name, width=width, height=640)
        if width == 320:
            start_form(page)
            answer(page, [1, 1, 1, 1, 1, 1, 1, 1, 1])
            page.get_by_role("button", name="Send my answers").click()
        crisis = page.get_by_role("region", name="Help is available")
        expect(crisis).to_contain_text(crisis_text)
        expect(crisis.get_by_role("link", name="Call +1 (800) 273-8255")).to_have_attribute(
            "href", "tel:+18002738255"
        )
        assert page.evaluate(SR_WIDE) == [], width
        accessible(page)
        pages.shot(page, f"selfreport-member-hostile-{width}")

    for width in (420, 1280):
        console.set_viewport_size({"width": width, "height": 900})
        tab(console, "Members")
        row = console.locator("tr[data-member=m2][data-instrument=phq9]")
        expect(row.locator(".sr-latest")).to_have_text("9 · mild")
        expect(row.locator("th")).to_have_text(HOSTILE_NAMES[1])
        assert console.evaluate(SR_WIDE) == [], width
        panel = console.get_by_role("region", name="Weekly self-report")
        panel.screenshot(path=str(SCREENSHOTS / f"selfreport-console-panel-hostile-{width}.png"))
        tab(console, "Course")
        console.get_by_role("region", name="Self-report settings").screenshot(
            path=str(SCREENSHOTS / f"selfreport-console-settings-hostile-{width}.png")
        )
        accessible(console)


def test_the_form_speaks_spanish_with_the_official_wording(live_server: ServerProcess, pages: Pages) -> None:
    group = create_group(live_server.url, sessions=4)
    links = group["links"]
    console = pages.open(links["facilitator"], width=420)
    tab(console, "Course")
    settings = console.get_by_role("form", name="Self-report settings")
    settings.get_by_role("radio", name="Both: PHQ-9 and GAD-7").check()
    settings.get_by_role("button", name="Save settings").click()
    expect(settings.get_by_role("status")).to_have_text("Saved.")

    ana = pages.open(links["members"][0]["url"], width=320, height=640, locale="es-ES")
    intro = ana.get_by_role("region", name="Su cuestionario de la semana (unos 4 minutos)")
    expect(intro).to_contain_text("16 preguntas breves")
    intro.get_by_role("button", name="Empezar").click()
    expect(ana.locator(".sr-progress")).to_have_text("PHQ-9: pregunta 1 de 9")
    expect(ana.get_by_role("radiogroup", name="Poco interés o placer en hacer cosas")).to_be_visible()
    expect(ana.locator(".sr-stem")).to_contain_text("Durante las últimas 2 semanas")
    expect(ana.get_by_role("radio", name="Más de la mitad de los días")).to_be_visible()
    for _ in range(7):
        ana.get_by_role("button", name="Omitir").click()
    # The longest item, in Spanish, at 320 px: nothing sideways; the card shows whole on scrolling.
    expect(ana.locator(".sr-progress")).to_have_text("PHQ-9: pregunta 8 de 9")
    assert ana.evaluate(SR_WIDE) == []
    ana.locator(".sr-card").screenshot(path=str(SCREENSHOTS / "selfreport-member-item8-es-320.png"))
    ana.get_by_role("button", name="Omitir").click()
    ana.get_by_role("radio", name="Varios días").check()
    ana.get_by_role("button", name="Siguiente").click()
    expect(ana.locator(".sr-progress")).to_have_text("GAD-7: pregunta 1 de 7")
    for _ in range(7):
        ana.get_by_role("button", name="Omitir").click()
    review = ana.get_by_role("region", name="Listo para enviar")
    expect(review).to_contain_text("PHQ-9: respondió 1 de 9 preguntas y omitió las demás.")
    review.get_by_role("button", name="Enviar mis respuestas").click()
    crisis = ana.get_by_role("region", name="Hay ayuda disponible")
    expect(crisis).to_be_focused()
    expect(crisis).to_contain_text("Gracias por contárnoslo")
    accessible(ana)
    pages.shot(ana, "selfreport-member-crisis-es-320")
    tab(console, "Members")
    expect(console.locator("tr[data-member=m1][data-instrument=gad7] .sr-latest")).to_have_text(
        "no score (7 skipped)"
    )
    # Both questionnaires at 420 px: the table still fits the console's narrow window.
    expect(console.locator("tr[data-member=m1][data-instrument=phq9] .sr-latest")).to_have_text(
        "no score (8 skipped)"
    )
    assert console.evaluate(SR_WIDE) == []
    accessible(console)
    console.get_by_role("region", name="Weekly self-report").screenshot(
        path=str(SCREENSHOTS / "selfreport-console-panel-both-420.png")
    )
