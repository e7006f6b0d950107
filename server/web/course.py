"""The course over HTTP, for facilitators (Authorization: Bearer, see web/bearer.py): the summary
page's data, the JSON export, and deleting the group for good."""

from __future__ import annotations

from aiohttp import web

from .. import protocol, write
from ..appkeys import SETTINGS, STORE
from ..clock import now_ms
from .bearer import facilitator_group
from .reports.course import export, summary

PREFIX = "/api/groups/{group_id}"
NO_STORE = {"Cache-Control": "no-store"}


async def course_summary(request: web.Request) -> web.Response:
    doc = await facilitator_group(request)
    body = summary(doc, request.app[SETTINGS].retention_days)
    return web.Response(body=protocol.encode(body), content_type="application/json", headers=NO_STORE)


async def course_export(request: web.Request) -> web.Response:
    doc = await facilitator_group(request)
    body = export(doc, now_ms(), request.app[SETTINGS].retention_days)
    disposition = f'attachment; filename="holdspace-{doc.id}.json"'
    return web.Response(
        body=protocol.encode(body),
        content_type="application/json",
        headers={**NO_STORE, "Content-Disposition": disposition},
    )


async def course_delete(request: web.Request) -> web.Response:
    doc = await facilitator_group(request)
    await write.delete(request.app[STORE], doc.id, now_ms())
    return web.Response(body=protocol.encode({"deleted": True}), content_type="application/json")


def routes() -> list[web.RouteDef]:
    return [
        web.get(PREFIX + "/summary", course_summary),
        web.get(PREFIX + "/export", course_export),
        web.delete(PREFIX, course_delete),
    ]
