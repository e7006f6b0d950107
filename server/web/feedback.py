"""Course feedback over HTTP, for facilitators (Authorization: Bearer, see web/bearer.py):
aggregates as JSON, CSV and SVG charts -- only what passed the threshold, never comments."""

from __future__ import annotations

from aiohttp import web

from .. import protocol
from ..domain import feedback_series as course
from .bearer import facilitator_group
from .language import words
from .reports.feedback import as_json, csv_text, svg_chart

PREFIX = "/api/groups/{group_id}/feedback"
# The words depend on the request's language (web/language.py).
NO_STORE = {"Cache-Control": "no-store", "Vary": "Cookie, Accept-Language"}


async def course_json(request: web.Request) -> web.Response:
    doc = await facilitator_group(request)
    body = {"k": doc.feedback.k, "series": as_json(course(doc))}
    return web.Response(body=protocol.encode(body), content_type="application/json", headers=NO_STORE)


async def course_csv(request: web.Request) -> web.Response:
    doc = await facilitator_group(request)
    return web.Response(
        text=csv_text(course(doc), words(request)),
        content_type="text/csv",
        headers={**NO_STORE, "Content-Disposition": 'attachment; filename="feedback.csv"'},
    )


async def chart(request: web.Request) -> web.Response:
    doc = await facilitator_group(request)
    key = request.match_info["key"]
    series = next((s for s in course(doc) if s.key == key), None)
    if series is None:
        raise protocol.Failure(protocol.NOT_FOUND, "There are no results to chart for that prompt yet.")
    return web.Response(
        text=svg_chart(series, words(request)), content_type="image/svg+xml", headers=NO_STORE
    )


def routes() -> list[web.RouteDef]:
    return [
        web.get(PREFIX + "/course", course_json),
        web.get(PREFIX + "/course.csv", course_csv),
        web.get(PREFIX + "/chart/{key}.svg", chart),
    ]
