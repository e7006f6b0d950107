"""A socket's sentences are in its page's language: the `lang` its hello says (a page sends its
own `<html lang>`), else what the upgrade request asked for (the `lang` cookie,
Accept-Language), else English. Whatever `lang` holds, hello never fails because of it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from server.config import Settings
from tests.support.client import Client, token_of

SPANISH = {"Accept-Language": "es-MX,es;q=0.9"}


@pytest.fixture
def settings(tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    return Settings(data_dir=tmp_path / "data", sockets_per_link=getattr(request, "param", 4))


async def test_a_forbidden_command_is_refused_in_the_pages_language(
    group: dict[str, Any], connect: Any
) -> None:
    ann_es: Client = await connect(group["links"]["members"][0]["url"], lang="es")
    err = await ann_es.cmd("session.start", {"number": 1})
    assert (err["code"], err["message"]) == ("forbidden", "Solo quien facilita el grupo puede hacer eso.")
    bo: Client = await connect(group["links"]["members"][1]["url"])  # says no language: English
    err = await bo.cmd("session.start", {"number": 1})
    assert (err["code"], err["message"]) == ("forbidden", "Only a facilitator can do that.")
    # Each socket keeps its own: a second page of Ann's link in English.
    ann_en: Client = await connect(group["links"]["members"][0]["url"], lang="en")
    assert (await ann_en.cmd("session.start", {"number": 1}))["message"] == "Only a facilitator can do that."


async def test_a_refusal_with_words_and_numbers_in_it(group: dict[str, Any], connect: Any) -> None:
    fac: Client = await connect(group["links"]["facilitator"], lang="es")
    await fac.cmd("session.start", {"number": 1})
    err = await fac.cmd("homework.set", {"text": "x" * 241, "member_id": "m1"})
    assert (err["code"], err["message"]) == ("invalid", "Acorte la tarea: admite como máximo 240 caracteres.")
    err = await fac.cmd("feedback.library_add", {"kind": "agree", "text": "We laughed.", "topic": "weather"})
    assert err["code"] == "invalid"
    assert err["message"].startswith("El tema es uno de estos: ") and " y " in err["message"]
    err = await fac.cmd("no.such", {})
    assert err["message"] == "No existe ningún comando llamado «no.such»."


async def test_without_a_lang_the_upgrade_requests_language_counts(
    base_url: str, group: dict[str, Any]
) -> None:
    for headers, want in [
        (SPANISH, "Solo quien facilita el grupo puede hacer eso."),
        ({"Accept-Language": "fr"}, "Only a facilitator can do that."),
    ]:
        page = await Client.open(base_url, group["links"]["members"][0]["url"], additional_headers=headers)
        try:
            assert (await page.cmd("session.start", {"number": 1}))["message"] == want
        finally:
            await page.close()
    # The hello's language wins over the request's.
    page = await Client.open(
        base_url, group["links"]["members"][0]["url"], lang="en", additional_headers=SPANISH
    )
    try:
        assert (await page.cmd("session.start", {"number": 1}))[
            "message"
        ] == "Only a facilitator can do that."
    finally:
        await page.close()


@pytest.mark.parametrize("lang", ["fr", "", "es-MX", "ES", 7, None, ["es"], {"x": 1}, "x" * 5000])
async def test_any_lang_is_accepted_and_unknown_means_english(
    base_url: str, group: dict[str, Any], lang: Any
) -> None:
    page = await Client.open(base_url, None, hello=False)
    try:
        await page.send(
            {"type": "hello", "token": token_of(group["links"]["members"][0]["url"]), "lang": lang}
        )
        await page.wait_for(lambda m: m["type"] == "state")
        err = await page.cmd("session.start", {"number": 1})
        spanish = lang in ("es-MX", "ES")
        assert err["message"] == (
            "Solo quien facilita el grupo puede hacer eso." if spanish else "Only a facilitator can do that."
        )
    finally:
        await page.close()


async def test_a_bad_link_and_a_word_out_of_turn_in_spanish(base_url: str, group: dict[str, Any]) -> None:
    page = await Client.open(base_url, None, hello=False)
    try:
        await page.send({"type": "hello", "token": "nope", "lang": "es"})
        err = await page.wait_for(lambda m: m["type"] == "error")
        assert err["code"] == "unauthorized"
        assert (
            err["message"] == "Este enlace no es válido. Pida de nuevo su enlace a quien facilita el grupo."
        )
    finally:
        await page.close()
    # Before hello the page has said nothing: the request's language.
    page = await Client.open(base_url, None, hello=False, additional_headers=SPANISH)
    try:
        await page.send({"type": "cmd", "id": "c1", "name": "hand.raise", "args": {}})
        err = await page.wait_for(lambda m: m["type"] == "error")
        assert err["message"] == "Primero envíe el mensaje hello con el token de su enlace."
        await page.send({"type": "hello", "token": token_of(group["links"]["display"]), "lang": "es"})
        await page.wait_for(lambda m: m["type"] == "state")
        seen = len(page.messages)
        await page.send({"type": "hello", "token": token_of(group["links"]["display"])})
        err = await page.wait_for(lambda m: m["type"] == "error", start=seen)
        assert err["message"] == "Esta conexión ya está abierta; el mensaje hello se envía una sola vez."
    finally:
        await page.close()


@pytest.mark.parametrize(
    ("settings", "want"),
    [
        (1, "Este enlace ya está abierto en otra ventana; ciérrela. Esta ventana sigue intentándolo."),
        (
            2,
            "Este enlace ya está abierto en 2 ventanas; cierre alguna de ellas. "
            "Esta ventana sigue intentándolo.",
        ),
    ],
    indirect=["settings"],
)
async def test_a_count_picks_the_languages_plural_form(
    settings: Settings, group: dict[str, Any], connect: Any, want: str
) -> None:
    link = group["links"]["members"][0]["url"]
    for _ in range(settings.sockets_per_link):
        await connect(link, lang="es")
    extra: Client = await connect(link, hello=False)
    await extra.send({"type": "hello", "token": token_of(link), "lang": "es"})
    err = await extra.wait_for(lambda m: m["type"] == "error")
    assert (err["code"], err["message"]) == ("rate_limited", want)
