"""What the server writes in the reader's language: the start page, a page's first words, the
CSV headers and the charts; the catalogs themselves; how the language is chosen."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import aiohttp
import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.domain import REFERENCE_AGENDA
from server.i18n import LANGUAGES, Words, negotiate, ntranslate, translate
from server.web.pages import AGENDA_TITLES
from tests.support.client import create_group, token_of
from tests.support.feedback_wire import open_card, take_ballot, urls

SPANISH = {"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"}


async def get(base_url: str, path: str, **kw: Any) -> tuple[int, aiohttp.typedefs.LooseHeaders, str]:
    async with aiohttp.ClientSession() as http, http.get(base_url + path, **kw) as r:
        return r.status, r.headers, await r.text()


async def test_the_start_page_speaks_the_browsers_language(base_url: str) -> None:
    status, headers, body = await get(base_url, "/", headers=SPANISH)
    assert status == 200 and headers["Content-Language"] == "es"
    assert '<html lang="es" dir="ltr">' in body
    assert "Crear un grupo" in body and "Nombre del grupo" in body and "Start a group" not in body
    assert "Participantes: un nombre por línea, 12 como máximo" in body
    assert 'value="Meditación para centrarse"' in body  # the agenda a Spanish group starts with
    _, _, english = await get(base_url, "/", headers={"Accept-Language": "fr, de;q=0.5"})
    assert '<html lang="en" dir="ltr">' in english and "Start a group" in english


async def test_a_chosen_language_wins_over_the_browsers(base_url: str) -> None:
    cookies = {"lang": "es"}
    _, _, body = await get(base_url, "/", headers={"Accept-Language": "en-US"}, cookies=cookies)
    assert "Crear un grupo" in body
    _, _, body = await get(base_url, "/", headers=SPANISH, cookies={"lang": "en"})
    assert "Start a group" in body
    _, _, body = await get(base_url, "/", headers=SPANISH, cookies={"lang": "<script>"})
    assert "Crear un grupo" in body and "<script>" not in body.split("<body")[0]


async def test_a_group_page_declares_its_first_language(base_url: str, group: dict[str, Any]) -> None:
    gid = group["group_id"]
    _, headers, body = await get(base_url, f"/g/{gid}/member", headers=SPANISH)
    assert '<html lang="es" dir="ltr">' in body and "Conectando…" in body
    assert headers["Cache-Control"] == "no-store"


async def test_catalogs_are_served_and_revalidated(base_url: str) -> None:
    for lang in LANGUAGES:
        status, headers, body = await get(base_url, f"/static/i18n/{lang}.json")
        assert status == 200 and headers["Content-Type"].startswith("application/json")
        assert headers["Cache-Control"] == "no-cache" and headers["ETag"]
        assert '"core.language"' in body
    status, _, _ = await get(base_url, "/static/i18n/fr.json")
    assert status == 404


@pytest.fixture
async def course(base_url: str) -> dict[str, Any]:
    return await create_group(base_url, members=["Ann", "Bo", "Cy", "Dee"])


async def test_csv_and_chart_words_in_the_readers_language(course, connect, base_url) -> None:  # type: ignore[no-untyped-def]
    fac = await connect(course["links"]["facilitator"])
    await fac.cmd("session.start", {"number": 1})
    await open_card(fac)  # the built-in yes/no prompt "exclusion"
    for i, url in enumerate(urls(course)[:3]):
        client = await connect(url)
        ballot = await take_ballot(client)
        answer = {"card_id": "c1", "ballot": ballot, "answers": [{"question": "q1", "choice": i % 2}]}
        assert (await client.cmd("feedback.answer", answer))["type"] == "ack"
    await fac.cmd("feedback.close", {"card_id": "c1"})
    gid = course["group_id"]
    auth = {"Authorization": f"Bearer {token_of(course['links']['facilitator'])}"}
    _, headers, body = await get(
        base_url, f"/api/groups/{gid}/feedback/course.csv", headers={**auth, **SPANISH}
    )
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == [
        "clave_pregunta",
        "pregunta",
        "tipo",
        "sesión",
        "tarjeta",
        "respuestas",
        "opción",
        "recuento",
    ]
    assert rows[1][1] == "Hoy hubo algo que me pareció excluyente o hiriente."
    assert [r[-2:] for r in rows[1:]] == [["Sí", "2"], ["No", "1"]]
    assert "Accept-Language" in headers["Vary"]
    _, _, english = await get(base_url, f"/api/groups/{gid}/feedback/course.csv", headers=auth)
    assert english.splitlines()[1].split(",")[1] == "Something today felt exclusionary or hurtful."
    _, _, js = await get(base_url, f"/api/groups/{gid}/feedback/course", headers={**auth, **SPANISH})
    key = json.loads(js)["series"][0]["key"]
    _, _, svg = await get(
        base_url, f"/api/groups/{gid}/feedback/chart/{key}.svg", headers={**auth, **SPANISH}
    )
    assert "respuestas por sesión" in svg and "Sesión 1: Sí — 2 de 3" in svg and "S1" in svg


def test_the_agenda_titles_marked_for_translation_are_the_reference_agendas() -> None:
    assert AGENDA_TITLES == tuple(s.title for s in REFERENCE_AGENDA)


def test_translate_falls_back_to_english_and_fills_placeholders() -> None:
    assert translate("es", "Session {session}: {n} written answers", session=2, n=5) == (
        "Sesión 2: 5 respuestas escritas"
    )
    assert translate("es", "A sentence nobody translated.") == "A sentence nobody translated."
    assert translate("fr", "Start a group") == "Start a group"
    assert ntranslate("en", "{n} answer", "{n} answers", 1) == "1 answer"
    assert ntranslate("es", "{n} answer", "{n} answers", 2) == "2 answers"  # no entry: English
    assert Words("es").builtin("answers.agree.4", "Strongly agree") == "Totalmente de acuerdo"
    assert Words("es").builtin("library.nope", "As stored") == "As stored"


@pytest.mark.parametrize(
    ("cookie", "accept", "lang"),
    [
        (None, None, "en"),
        (None, "es", "es"),
        (None, "es-419, en;q=0.8", "es"),
        (None, "en;q=0.4, es;q=0.9", "es"),
        (None, "fr-CA, es;q=0", "en"),
        (None, "de, es;q=0.1", "es"),
        ("es", "en-US", "es"),
        ("EN", "es", "en"),
        ("xx", "es", "es"),
        (None, "es;q=bad, en", "en"),
    ],
)
def test_negotiate(cookie: str | None, accept: str | None, lang: str) -> None:
    assert negotiate(cookie, accept) == lang


@given(st.one_of(st.none(), st.text(max_size=20)), st.one_of(st.none(), st.text(max_size=60)))
def test_negotiate_always_answers_a_shipped_language(cookie: str | None, accept: str | None) -> None:
    assert negotiate(cookie, accept) in LANGUAGES
