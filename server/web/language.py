"""The language of what the server writes for a request, and one template environment per
language (jinja2's i18n extension, each with its language's catalog installed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import aiohttp_jinja2
import jinja2
from aiohttp import web

from .. import i18n

TEMPLATES = Path(__file__).resolve().parent / "templates"
ENVIRONMENTS = {lang: web.AppKey(f"templates_{lang}", jinja2.Environment) for lang in i18n.LANGUAGES}
# Each language's own name, for the start page's picker (the browser's list: overlay/core/i18n.js).
NAMES = {"en": "English", "es": "Español"}


def request_language(request: web.Request) -> str:
    return i18n.negotiate(lang_cookie(request.headers.get("Cookie")), request.headers.get("Accept-Language"))


def lang_cookie(header: str | None) -> str | None:
    """The `lang` cookie in a Cookie header. Not `request.cookies`: aiohttp keeps what that
    parses for as long as the request lives, which for a socket is hours (~0.3 KB a socket,
    bench.memory). Whatever it holds, negotiate() takes only a language Holdspace ships."""
    for part in (header or "").split(";"):
        name, sep, value = part.strip().partition("=")
        if sep and name == "lang":
            return value.strip().strip('"')
    return None


def words(request: web.Request) -> i18n.Words:
    return i18n.Words(request_language(request))


def setup_templates(app: web.Application) -> None:
    """Compile every language's catalog now (at startup) and give each its environment."""
    for lang, key in ENVIRONMENTS.items():
        env = aiohttp_jinja2.setup(
            app,
            loader=jinja2.FileSystemLoader(TEMPLATES),
            autoescape=True,
            extensions=["jinja2.ext.i18n"],
            app_key=key,
        )
        # {% trans %} blocks span lines in the source; their message is one line (as extracted).
        env.policies["ext.i18n.trimmed"] = True
        # Added by the i18n extension, so unknown to the type checker.
        cast(Any, env).install_gettext_translations(i18n.translations(lang), newstyle=True)


def render(name: str, request: web.Request, context: dict[str, Any]) -> web.Response:
    """`name` rendered in the request's language; the page declares it (`lang`, `dir`)."""
    lang = request_language(request)
    context = {**context, "lang": lang, "dir": "ltr", "languages": NAMES}
    response = aiohttp_jinja2.render_template(name, request, context, app_key=ENVIRONMENTS[lang])
    response.headers["Content-Language"] = lang
    response.headers["Vary"] = "Cookie, Accept-Language"
    return response
