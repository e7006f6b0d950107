"""Holdspace in Spanish, per person: a facilitator whose browser speaks Spanish creates a group
on the start page and runs a session; one member picks Spanish on an English browser, another
keeps English, a third reads Spanish because their browser does; the display follows the
group's default. One built-in question, read in two languages, counts as one. Names are
hostile (a 40-letter word, Arabic, emoji, `<script>`); screenshots at 320, 420 and 1280 px;
axe-core finds nothing critical or serious on the Spanish pages; a right-to-left smoke test.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import WIDE, Pages, ServerProcess, axe_violations, unnamed_controls

pytestmark = pytest.mark.browser

LONG = "Supercalifragilisticexpialidociousnesses"  # 40 letters, no break
NAMES = ["Ann", LONG, "محمد", "Zoë 🌻", "<script>x</script>"]
GROUP = f"Grupo de los martes {LONG}"
QUESTION_ES = "Hoy hubo algo que me pareció excluyente o hiriente."
QUESTION_EN = "Something today felt exclusionary or hurtful."


def create_in_spanish(pages: Pages, base_url: str) -> dict[str, str]:
    start = pages.open(base_url + "/", width=1280, locale="es-ES")
    expect(start.locator("html")).to_have_attribute("lang", "es")
    expect(start.get_by_role("heading", name="Crear un grupo")).to_be_visible()
    assert axe_violations(start) == []
    start.get_by_role("textbox", name="Nombre del grupo").fill(GROUP)
    members = start.get_by_role("textbox", name=re.compile("^Participantes"))
    members.fill("\n".join(NAMES))
    expect(start.get_by_text("5 participantes", exact=True)).to_be_visible()
    start.get_by_role("button", name="Crear el grupo").click()
    expect(start.get_by_text("Guarde estos enlaces ahora: solo se muestran una vez.")).to_be_visible()
    pages.shot(start, "i18n-es-start-links-1280")
    links = {
        "console": "Consola de facilitación (usted)",
        "display": "Pantalla (para compartirla)",
        **{name: f"Participante: {name}" for name in NAMES},
    }
    return {
        k: start.get_by_role("textbox", name=label, exact=True).input_value() for k, label in links.items()
    }


def card(page: Page):  # type: ignore[no-untyped-def]
    return page.locator(".fb-card")


def test_a_session_in_spanish_for_a_member_and_a_facilitator(
    live_server: ServerProcess, pages: Pages
) -> None:
    links = create_in_spanish(pages, live_server.url)
    console = pages.open(links["console"], width=1280, height=900, locale="es-ES")
    expect(console.locator("html")).to_have_attribute("lang", "es")
    expect(console.get_by_text("Consola de facilitación")).to_be_visible()
    expect(console).to_have_title(f"{GROUP} · Consola")

    # Ann's browser is English; she picks Spanish for herself, on her own page.
    ann = pages.open(links["Ann"], width=420, height=820, locale="en-US")
    expect(ann.get_by_role("heading", level=1)).to_have_text("Waiting for the session to start")
    ann.get_by_role("combobox", name="Language").select_option("es")
    expect(ann.locator("html")).to_have_attribute("lang", "es")
    expect(ann.get_by_role("heading", level=1)).to_have_text("Esperando a que empiece la sesión")
    expect(ann.get_by_role("combobox", name="Idioma")).to_have_value("es")
    # The long-named member keeps English; محمد's browser asks for Spanish.
    long = pages.open(links[LONG], width=320, height=820, locale="en-US")
    mo = pages.open(links["محمد"], width=420, height=820, locale="es-MX")
    expect(mo.locator("html")).to_have_attribute("lang", "es")
    # The display's browser asks for a language Holdspace lacks: English until the group says.
    display = pages.open(links["display"], width=1280, height=720, locale="fr-FR")
    expect(display.get_by_role("heading", level=1)).to_have_text("Waiting for the session to start")

    # The agreements, built in, in each reader's language.
    expect(ann.get_by_role("heading", name="Nuestros acuerdos de grupo")).to_be_visible()
    expect(ann.locator("section.agreements").get_by_text("Llegue a la hora.")).to_be_visible()
    expect(long.locator("section.agreements").get_by_text("Show up on time.")).to_be_visible()
    ann.get_by_role("button", name="He leído los acuerdos").click()

    console.get_by_role("button", name="Iniciar la sesión 1").click()
    for page in (ann, mo):
        expect(page.get_by_role("heading", level=1)).to_have_text("Meditación para centrarse")
        expect(page.locator(".kicker")).to_have_text("Sesión 1 de 8")
    expect(long.get_by_role("heading", level=1)).to_have_text("Meditación para centrarse")  # as written
    expect(long.locator(".kicker")).to_have_text("Session 1 of 8")

    # The group's default: the display, whose person chose nothing, follows at once.
    console.get_by_role("tab", name="Curso").click()
    console.get_by_role("combobox", name="Idioma predeterminado del grupo").select_option("es")
    expect(display.locator("html")).to_have_attribute("lang", "es")
    expect(display.locator(".kicker")).to_have_text("Sesión 1 de 8")
    expect(ann.locator("html")).to_have_attribute("lang", "es")  # her own choice stands
    expect(long.locator("html")).to_have_attribute("lang", "en")  # so does her browser's

    # Turns.
    console.get_by_role("tab", name="En vivo").click()
    ann.get_by_role("button", name="Levantar la mano").click()
    mo.get_by_role("button", name="Levantar la mano").click()
    expect(console.get_by_role("list", name="Manos levantadas").get_by_role("listitem")).to_have_count(2)
    expect(mo.get_by_text("Su lugar en la fila: 2.º")).to_be_visible()
    console.get_by_role("button", name="Dar la palabra a quien sigue").click()
    expect(ann.locator(".turns-who")).to_have_text("Usted tiene la palabra")
    expect(long.locator(".turns-who")).to_have_text("Ann has the floor")
    expect(mo.get_by_text("Su lugar en la fila: 1.º")).to_be_visible()

    # A built-in question, read in two languages, answered as one card.
    console.get_by_role("combobox", name="Pregunta de la biblioteca").select_option(label=QUESTION_ES)
    console.get_by_role("button", name="Preguntar al grupo").click()
    expect(card(ann).get_by_role("heading", name="Su opinión")).to_be_visible()
    expect(card(long).get_by_role("heading", name="Your feedback")).to_be_visible()
    expect(card(ann).get_by_role("group", name=QUESTION_ES)).to_be_visible()
    expect(card(long).get_by_role("group", name=QUESTION_EN)).to_be_visible()
    for page, choice, send in (
        (ann, "Sí", "Enviar la respuesta"),
        (mo, "No", "Enviar la respuesta"),
        (long, "Yes", "Send answer"),
    ):
        card(page).get_by_role("radio", name=choice).check()
        card(page).get_by_role("button", name=send).click()
    expect(console.locator(".fb-live-count")).to_contain_text(
        "Ya hay 3 respuestas o más: puede cerrar la pregunta."
    )
    pages.shot(ann, "i18n-es-member-answered-420")
    console.get_by_role("button", name="Cerrar y mostrar al grupo").click()
    expect(card(ann).get_by_role("heading", name="Resultados: Su opinión")).to_be_visible()
    expect(card(long).get_by_role("heading", name="Results: Your feedback")).to_be_visible()
    for page, yes, no in ((ann, "Sí", "No"), (long, "Yes", "No")):
        rows = card(page).locator(".fb-row")
        expect(rows.nth(0)).to_have_text(re.compile(rf"^{yes}\s*2$"))
        expect(rows.nth(1)).to_have_text(re.compile(rf"^{no}\s*1$"))
    expect(display.get_by_role("heading", name="Resultados: Su opinión")).to_be_visible()

    # A private signal, in Spanish both ways.
    ann.get_by_role("button", name="Avisar a quienes facilitan").click()
    ann.get_by_role("radio", name="Necesito un momento").check()
    ann.get_by_role("button", name="Enviar a quienes facilitan").click()
    expect(ann.get_by_text("Enviado. Solo quienes facilitan el grupo pueden verlo.")).to_be_visible()
    expect(console.locator(".inbox")).to_contain_text("Necesito un momento")
    expect(console.get_by_role("button", name="Marcar como visto el aviso de Ann")).to_be_visible()

    # Names people type stay text, whatever they hold.
    console.get_by_role("tab", name="Participantes").click()
    rows = console.locator(".members-table tbody tr")
    expect(rows.filter(has_text="<script>x</script>")).to_have_count(1)

    for page in (console, ann, mo, display):
        assert unnamed_controls(page) == []
        assert axe_violations(page) == [], page.url.split("#")[0]
    console.get_by_role("tab", name="En vivo").click()
    assert axe_violations(console) == []
    for width in (320, 420, 1280):
        for name, page in (("member", ann), ("console", console)):
            page.set_viewport_size({"width": width, "height": 900})
            pages.shot(page, f"i18n-es-{name}-{width}")
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            # The console is made for 420 px beside Zoom and up; the member page for any width.
            if name == "member" or width >= 420:
                assert overflow <= 0, f"{name} at {width}px scrolls sideways by {overflow}px: " + str(
                    page.evaluate(WIDE)
                )
    display.set_viewport_size({"width": 1280, "height": 720})
    pages.shot(display, "i18n-es-display-1280")
    summary_url = links["console"].replace("/console#", "/summary#")
    summary = pages.open(summary_url, width=1280, locale="es-ES")
    expect(summary.get_by_role("heading", name="Asistencia")).to_be_visible()
    expect(summary.get_by_text("Sesiones realizadas: 1 de 8.", exact=False)).to_be_visible()
    assert axe_violations(summary) == []
    pages.shot(summary, "i18n-es-summary-1280")


def test_the_member_overlay_right_to_left(live_server: ServerProcess, pages: Pages) -> None:
    """No Arabic catalog ships yet: the layout is checked with dir=rtl forced on a member page
    whose names are Arabic and Hebrew, and whose words are long."""
    links = create_in_spanish(pages, live_server.url)
    console = pages.open(links["console"], locale="es-ES")
    member = pages.open(links["محمد"], width=420, height=900, locale="es-ES")
    console.get_by_role("button", name="Iniciar la sesión 1").click()
    expect(member.get_by_role("heading", level=1)).to_have_text("Meditación para centrarse")
    member.get_by_role("button", name="Levantar la mano").click()
    expect(console.get_by_role("list", name="Manos levantadas").get_by_role("listitem")).to_have_count(1)
    member.evaluate("document.documentElement.dir = 'rtl'")
    for width in (320, 420):
        member.set_viewport_size({"width": width, "height": 900})
        pages.shot(member, f"i18n-rtl-member-{width}")
        overflow = member.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
    # Logical properties: the queue's numbers are indented on the right, the start side.
    queue = member.locator(".turns-queue")
    pads = queue.evaluate("el => [getComputedStyle(el).paddingRight, getComputedStyle(el).paddingLeft]")
    assert float(pads[0].removesuffix("px")) > 0 and pads[1] == "0px", json.dumps(pads)
