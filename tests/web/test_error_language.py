"""An HTTP refusal is in the request's language (the `lang` cookie, else Accept-Language, else
English), whoever refuses: the domain, our edge, aiohttp's router. The body keeps its one shape."""

from __future__ import annotations

import json
from typing import Any

import aiohttp

from server.domain import limits
from server.domain.document import DEFAULT_CRISIS_TEXT

SPANISH = {"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"}


async def call(
    base_url: str, method: str, path: str, headers: dict[str, str] | None = None, **kw: Any
) -> tuple[int, dict[str, str], dict[str, Any]]:
    async with (
        aiohttp.ClientSession() as http,
        http.request(method, base_url + path, headers=headers, **kw) as r,
    ):
        return r.status, dict(r.headers), json.loads(await r.read())


async def test_a_too_long_group_name_is_refused_in_spanish(base_url: str) -> None:
    body = {"name": "x" * (limits.MAX_NAME + 1), "members": ["Ann"]}
    status, headers, got = await call(base_url, "POST", "/api/groups", SPANISH, json=body)
    assert status == 400 and headers["Content-Language"] == "es"
    assert got == {
        "error": {
            "code": "invalid",
            "message": "Acorte el nombre del grupo: admite como máximo 80 caracteres.",
        }
    }
    status, headers, got = await call(base_url, "POST", "/api/groups", json=body)
    assert status == 400 and headers["Content-Language"] == "en"
    assert got["error"]["message"] == "The group name is too long: at most 80 characters."
    # A language chosen on a page (the cookie) wins over the browser's.
    chosen = {"Accept-Language": "en-US", "Cookie": "lang=es"}
    _, _, got = await call(base_url, "POST", "/api/groups", chosen, json={"name": " ", "members": ["Ann"]})
    assert got["error"]["message"] == "Escriba el nombre del grupo; no puede quedar en blanco."


async def test_the_edges_and_the_routers_refusals_in_spanish(base_url: str, group: dict[str, Any]) -> None:
    gid = group["group_id"]
    for method, path, code, want in [
        ("GET", "/nowhere", "not_found", "No hay nada en esta dirección."),
        ("PUT", "/api/groups", "invalid", "Esta dirección no acepta ese método."),
        ("GET", f"/api/groups/{gid}/summary", "unauthorized", None),
        ("GET", f"/g/{gid}/nothing", "not_found", "Esa página no existe."),
    ]:
        _, headers, got = await call(base_url, method, path, SPANISH)
        assert got["error"]["code"] == code and headers["Content-Language"] == "es", path
        message = got["error"]["message"]
        if want is not None:
            assert message == want, path
        _, _, english = await call(base_url, method, path)
        assert english["error"]["message"] != message and english["error"]["code"] == code, path


async def test_the_default_crisis_line_is_served_in_every_language(base_url: str) -> None:
    async with aiohttp.ClientSession() as http, http.get(f"{base_url}/api/instruments") as r:
        phq9 = (await r.json())["phq9"]
    assert phq9["crisis_text"]["en"] == DEFAULT_CRISIS_TEXT
    assert phq9["crisis_text"]["es"].startswith("Gracias por contárnoslo.")
