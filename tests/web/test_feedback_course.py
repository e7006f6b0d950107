"""Course feedback over HTTP: facilitator token in a header only; aggregates only."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.support.client import create_group, token_of
from tests.support.feedback_wire import get_api, open_card, take_ballot, urls


@pytest.fixture
async def course(base_url: str) -> dict[str, Any]:
    return await create_group(base_url, members=["Ann", "Bo", "Cy", "Dee"])


async def test_course_results_over_http_need_the_facilitator_token_in_a_header(
    course, connect, base_url
) -> None:  # type: ignore[no-untyped-def]
    fac = await connect(course["links"]["facilitator"])
    await fac.cmd("session.start", {"number": 1})
    await open_card(fac)
    for i, url in enumerate(urls(course)[:3]):
        client = await connect(url)
        b = await take_ballot(client)
        reply = await client.cmd(
            "feedback.answer",
            {
                "card_id": "c1",
                "ballot": b,
                "answers": [{"question": "q1", "choice": i % 2, "comment": '=HYPERLINK("x")'}],
            },
        )
        assert reply["type"] == "ack"
    await fac.cmd("feedback.reveal", {"card_id": "c1"})
    gid = course["group_id"]
    path = f"/api/groups/{gid}/feedback/course.csv"
    fac_token = token_of(course["links"]["facilitator"])
    assert (await get_api(base_url, path, None))[0] == 401
    assert (await get_api(base_url, path, token_of(urls(course)[0])))[0] == 403
    assert (await get_api(base_url, path, token_of(course["links"]["display"])))[0] == 403
    status, body = await get_api(base_url, path, None, params={"t": fac_token})
    assert status == 400 and json.loads(body)["error"]["code"] == "invalid"
    status, csv_body = await get_api(base_url, path, fac_token)
    assert status == 200
    rows = [line.split(",") for line in csv_body.strip().splitlines()]
    assert rows[0] == ["prompt_key", "prompt", "kind", "session", "card", "answers", "option", "count"]
    assert [r[-2:] for r in rows[1:]] == [["Yes", "2"], ["No", "1"]]
    assert "HYPERLINK" not in csv_body  # comments never go into the export
    status, js = await get_api(base_url, f"/api/groups/{gid}/feedback/course", fac_token)
    series = json.loads(js)["series"]
    assert series[0]["points"] == [{"session": 1, "card": "c1", "answered": 3, "counts": [2, 1]}]
    for report in ("summary", "export"):  # the course's own reports carry the same aggregates
        status, body = await get_api(base_url, f"/api/groups/{gid}/{report}", fac_token)
        assert status == 200 and json.loads(body)["feedback"] == series and "HYPERLINK" not in body
    status, svg = await get_api(
        base_url, f"/api/groups/{gid}/feedback/chart/{series[0]['key']}.svg", fac_token
    )
    assert status == 200 and svg.startswith("<svg") and "Session 1: Yes — 2 of 3" in svg
