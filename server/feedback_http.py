"""Course feedback over HTTP, for facilitators: aggregates as JSON, CSV and SVG charts.

The facilitator's link token travels in the `Authorization: Bearer` header, never in the
URL (URLs end up in logs, history and Referer headers); a token in the query string is
refused outright.
"""

from __future__ import annotations

from aiohttp import web

from . import auth, protocol
from .appkeys import STORE
from .domain import Group, Refused
from .domain.feedback_course import course
from .domain.model import FACILITATOR
from .feedback_report import as_json, csv_text, svg_chart

PREFIX = "/api/groups/{group_id}/feedback"
NO_STORE = {"Cache-Control": "no-store"}


async def _facilitator_group(request: web.Request) -> Group:
    if request.query:
        raise Refused(
            "invalid",
            "This address takes no query string; send the link token in the Authorization header.",
        )
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    parts = auth.split(token.strip()) if scheme.lower() == "bearer" else None
    if parts is None or parts[0] != request.match_info["group_id"]:
        raise Refused("unauthorized", "Send the facilitator link's token as 'Authorization: Bearer <token>'.")
    doc = await request.app[STORE].load(parts[0])
    actor = auth.authenticate(doc, parts[1]) if doc is not None else None
    if doc is None or actor is None:
        raise Refused("unauthorized", "This link is not valid.")
    if actor.role != FACILITATOR:
        raise Refused("forbidden", "Only facilitators can see course results.")
    return doc


async def course_json(request: web.Request) -> web.Response:
    doc = await _facilitator_group(request)
    body = {"k": doc.feedback.k, "series": as_json(course(doc))}
    return web.Response(body=protocol.encode(body), content_type="application/json", headers=NO_STORE)


async def course_csv(request: web.Request) -> web.Response:
    doc = await _facilitator_group(request)
    return web.Response(
        text=csv_text(course(doc)),
        content_type="text/csv",
        headers={**NO_STORE, "Content-Disposition": 'attachment; filename="feedback.csv"'},
    )


async def chart(request: web.Request) -> web.Response:
    doc = await _facilitator_group(request)
    key = request.match_info["key"]
    series = next((s for s in course(doc) if s.key == key), None)
    if series is None:
        raise Refused("not_found", "There are no results to chart for that prompt yet.")
    return web.Response(text=svg_chart(series), content_type="image/svg+xml", headers=NO_STORE)


def routes() -> list[web.RouteDef]:
    return [
        web.get(PREFIX + "/course", course_json),
        web.get(PREFIX + "/course.csv", course_csv),
        web.get(PREFIX + "/chart/{key}.svg", chart),
    ]
