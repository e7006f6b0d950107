"""The HTML pages: start page, facilitator console, member overlay, display view.

Pages carry no secret: each page's script reads its token from the URL fragment.
"""

from __future__ import annotations

from typing import Any

import aiohttp_jinja2
from aiohttp import web

from .. import protocol
from ..auth import GROUP_ID
from ..domain import REFERENCE_AGENDA, limits

VIEWS = {
    "console": "Facilitator console",
    "member": "Holdspace",
    "display": "Holdspace display",
    "summary": "Course summary",
}
KINDS = [
    ("discussion", "Discussion"),
    ("round", "Round"),
    ("lead", "Led"),
    ("spotlight", "In-depth"),
    ("homework", "Homework"),
]


@aiohttp_jinja2.template("start.html")
async def start(_request: web.Request) -> dict[str, Any]:
    return {
        "agenda": REFERENCE_AGENDA,
        "agenda_total": sum(s.minutes for s in REFERENCE_AGENDA),
        "kinds": KINDS,
        "limits": {
            "name": limits.MAX_NAME,
            "member": limits.MAX_MEMBER_NAME,
            "members": limits.MAX_MEMBERS,
            "sessions": limits.MAX_SESSIONS,
        },
    }


async def group_page(request: web.Request) -> web.Response:
    group_id = request.match_info["group_id"]
    view = request.match_info["view"]
    if not GROUP_ID.match(group_id) or view not in VIEWS:
        raise protocol.Failure(protocol.NOT_FOUND, "There is no such page.")
    response = aiohttp_jinja2.render_template(
        "page.html", request, {"view": view, "title": VIEWS[view], "group_id": group_id}
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def routes() -> list[web.RouteDef]:
    return [
        web.get("/", start),
        web.get("/g/{group_id}/{view}", group_page),
    ]
