"""The HTML pages: start page, a facilitator key's groups, facilitator console, member overlay,
display view.

Pages carry no secret: each page's script reads its token (or the facilitator key it keeps in
the browser) itself, from the URL fragment or localStorage, and sends it in a header.
"""

from __future__ import annotations

from aiohttp import web

from .. import protocol
from ..appkeys import SETTINGS, STORE
from ..auth import GROUP_ID
from ..domain import REFERENCE_AGENDA, limits
from ..guard import creators
from ..i18n import N_
from ..store import StoreUnavailable
from .language import render, words

VIEWS = {
    "console": N_("Facilitator console"),
    "member": N_("Holdspace"),
    "display": N_("Holdspace display"),
    "summary": N_("Course summary"),
}
KINDS = [
    ("discussion", N_("Discussion")),
    ("round", N_("Round")),
    ("lead", N_("Led")),
    ("spotlight", N_("In-depth")),
    ("homework", N_("Homework")),
]
# The reference agenda's titles, written into a new group in the start page's language (a
# segment title is the facilitator's own text from then on).
# (tests/web/test_i18n_pages.py keeps this list equal to the domain's.)
AGENDA_TITLES = (
    N_("Grounding meditation"),
    N_("Check-in round"),
    N_("Treatment discussion"),
    N_("In-depth turns"),
    N_("Homework setting"),
)


async def start(request: web.Request) -> web.Response:
    _ = words(request)
    agenda = [{"title": _(s.title), "minutes": s.minutes, "kind": s.kind} for s in REFERENCE_AGENDA]
    return render(
        "start.html",
        request,
        {
            "agenda": agenda,
            "agenda_total": sum(s.minutes for s in REFERENCE_AGENDA),
            "kinds": [(value, _(label)) for value, label in KINDS],
            "open_creation": await _open_creation(request),
            "limits": _limits(),
        },
    )


def _limits() -> dict[str, int]:
    return {
        "name": limits.MAX_NAME,
        "member": limits.MAX_MEMBER_NAME,
        "members": limits.MAX_MEMBERS,
        "sessions": limits.MAX_SESSIONS,
    }


async def _open_creation(request: web.Request) -> bool:
    """Whether this visitor may create a group without a facilitator key (the start page then
    says so and does not ask for one). Only a hint: creating still checks, and a 401 asks."""
    try:
        return await creators.open_to_all(request, request.app[SETTINGS], request.app[STORE])
    except StoreUnavailable:
        return False


async def my_groups(request: web.Request) -> web.Response:
    """The page listing a facilitator key's groups; its script fetches them with the key."""
    response = render("groups.html", request, {"limits": _limits()})
    response.headers["Cache-Control"] = "no-store"
    return response


async def group_page(request: web.Request) -> web.Response:
    group_id = request.match_info["group_id"]
    view = request.match_info["view"]
    if not GROUP_ID.match(group_id) or view not in VIEWS:
        raise protocol.Failure(protocol.NOT_FOUND, "There is no such page.")
    title = words(request)(VIEWS[view])
    response = render("page.html", request, {"view": view, "title": title, "group_id": group_id})
    response.headers["Cache-Control"] = "no-store"
    return response


def routes() -> list[web.RouteDef]:
    return [
        web.get("/", start),
        web.get("/groups", my_groups),
        web.get("/g/{group_id}/{view}", group_page),
    ]
