"""What earlier releases stored (tests/fixtures/releases/, written by each release's own code:
tests/fixtures/write_release_fixture.py) and how to tell that a later release shows the same."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aiohttp

from server.domain.document import FORMAT
from tests.support.client import Client, token_of

RELEASES = Path(__file__).resolve().parents[1] / "fixtures" / "releases"
RELEASE_NAMES = sorted(p.name for p in RELEASES.iterdir() if p.is_dir())


def facts(shown: dict[str, Any]) -> dict[str, Any]:
    """What a person saw of the course, in words that survive changes to the view's shape."""
    fac, display, member = shown["facilitator"], shown["display"], shown["member"]
    session = fac["session"]
    course = fac["course"]
    return {
        "group": fac["group"]["name"],
        "members": [m["name"] for m in fac["members"]],
        "session": (session["number"], session["status"]),
        "segments": [(s["title"], s["kind"], s["duration_ms"], s["elapsed_ms"]) for s in session["segments"]],
        "week": {k: course["week"][k] for k in ("number", "planned", "phase", "live", "next")},
        "agreements": (course["agreements"]["items"], course["agreements"]["revision"]),
        "acks": course["agreements"]["acks"],
        "goals": course["goals"],
        "homework": course["homework"],
        "attendance": course["attendance"],
        "floor time": fac["floor"]["airtime"],
        "in-depth turns": fac["floor"]["spotlights"],
        "signals": sorted(
            (s["kind"], s["note"], s["member"], s["session"], s["acknowledged_at"] is not None)
            for s in fac["signals"]
        ),
        "display": (display["group"]["name"], display["session"]["number"], display["session"]["status"]),
        "member": (
            member["me"]["name"],
            member["me"]["course"]["agreements_ack"],
            member["me"]["course"]["goal"],
            member["me"]["course"]["homework"]["this"],
            [(s["kind"], s["acknowledged"]) for s in member["me"]["signals"]],
            member["view"]["course"]["goals"],
        ),
    }


def brought_forward(facts_then: dict[str, Any]) -> dict[str, Any]:
    """What an earlier release showed, as this build must show it after the documented
    migrations (domain/document/format.py): the reference "Homework setting" round is now a
    segment of kind `homework`; nothing else a person saw changes."""
    segments = [
        (title, "homework" if (title, kind) == ("Homework setting", "round") else kind, planned, elapsed)
        for title, kind, planned, elapsed in facts_then["segments"]
    ]
    return {**facts_then, "segments": segments}


async def shown_now(base: str, links: dict[str, Any]) -> dict[str, Any]:
    pages = [
        await Client.open(base, links["links"]["facilitator"]),
        await Client.open(base, links["links"]["display"]),
        await Client.open(base, links["links"]["members"][0]["url"]),
    ]
    try:
        fac, display, member = (p.state for p in pages)
        assert fac is not None and display is not None and member is not None
        return {"facilitator": fac["view"], "display": display["view"], "member": member}
    finally:
        for page in pages:
            await page.close()


async def feedback_results(base: str, links: dict[str, Any]) -> list[Any]:
    url = f"{base}/api/groups/{links['group_id']}/feedback/course"
    headers = {"Authorization": f"Bearer {token_of(links['links']['facilitator'])}"}
    async with aiohttp.ClientSession() as http, http.get(url, headers=headers) as r:
        assert r.status == 200
        body = await r.json()
    return [(s["key"], s["text"], [p["counts"] for p in s["points"]]) for s in body["series"]]


def release(name: str, store: str) -> tuple[dict[str, Any], dict[str, Any]]:
    folder = RELEASES / name
    links = json.loads((folder / f"links-{store}.json").read_text())
    shown = json.loads((folder / f"shown-{store}.json").read_text())
    return links, shown


def newer(doc_text: str) -> str:
    """The document as a release newer than this build might store it."""
    doc = json.loads(doc_text)
    doc["format"] = FORMAT + 1
    doc["shape_of_the_future"] = {"anything": True}
    return json.dumps(doc)
