"""Self-report over HTTP: the instruments' wording for the member's form (public: the published
questionnaires, nothing of any group), and a group's scores as CSV for its facilitators.

The PHQ-9 also carries the default crisis line (our words, not the instrument's) in every
language from the server's catalogs: a page shows it in its own language after an answer
above 0 to item 9, unless the group wrote its own."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from .. import i18n, protocol
from ..domain import DEFAULT_CRISIS_TEXT, INSTRUMENTS
from .bearer import facilitator_group
from .reports.selfreport import csv_text

NO_STORE = {"Cache-Control": "no-store"}


def _instruments() -> dict[str, Any]:
    body: dict[str, Any] = {
        key: {
            "name": i.name,
            "items": i.items,
            "max_score": i.max_score,
            "bands": [{"key": b.key, "low": b.low, "high": b.high} for b in i.bands],
            "reliable_change": i.reliable_change,
            "texts": dict(i.texts),
            "sources": list(i.sources),
        }
        for key, i in INSTRUMENTS.items()
    }
    body["phq9"]["crisis_text"] = {lang: i18n.translate(lang, DEFAULT_CRISIS_TEXT) for lang in i18n.LANGUAGES}
    return body


INSTRUMENTS_BODY = protocol.encode(_instruments())


async def instruments(_request: web.Request) -> web.Response:
    cache = {"Cache-Control": "public, max-age=3600"}
    return web.Response(body=INSTRUMENTS_BODY, content_type="application/json", headers=cache)


async def scores_csv(request: web.Request) -> web.Response:
    doc = await facilitator_group(request)
    return web.Response(
        text=csv_text(doc),
        content_type="text/csv",
        headers={**NO_STORE, "Content-Disposition": f'attachment; filename="selfreport-{doc.id}.csv"'},
    )


def routes() -> list[web.RouteDef]:
    return [
        web.get("/api/instruments", instruments),
        web.get("/api/groups/{group_id}/selfreport.csv", scores_csv),
    ]
