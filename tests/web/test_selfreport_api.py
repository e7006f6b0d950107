"""Self-report scores over HTTP: per session in the summary, the JSON export and a CSV, for the
group's facilitators only; the instruments' wording for the member's form, public."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from server.config import Settings
from tests.support.client import Client, token_of


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", command_burst=1000)


async def get(url: str, token: str | None = None) -> tuple[int, str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with aiohttp.ClientSession() as http, http.get(url, headers=headers) as r:
        return r.status, await r.text(), r.headers


async def two_weeks(group: dict[str, Any], connect: Any) -> None:
    """Ann answers before sessions 1 and 2 (a reliable rise), Bo only before session 1."""
    links = group["links"]
    fac: Client = await connect(links["facilitator"])
    ann: Client = await connect(links["members"][0]["url"])
    bo: Client = await connect(links["members"][1]["url"])
    assert (await fac.cmd("selfreport.settings", {"instruments": "both"}))["type"] == "ack"
    for client, instrument, answers in [
        (ann, "phq9", [1, 1, 1, 1, 0, 0, 0, 0, 0]),
        (ann, "gad7", [0, 0, 1, 1, 1, 0, 0]),
        (bo, "phq9", [0, 0, 0, 0, 0, 0, 0, None, 0]),
    ]:
        ack = await client.cmd("selfreport.submit", {"instrument": instrument, "answers": answers})
        assert ack["type"] == "ack", ack
    for name, args in [("session.start", {"number": 1}), ("session.end", {"number": 1})]:
        assert (await fac.cmd(name, args))["type"] == "ack"
    ack = await ann.cmd("selfreport.submit", {"instrument": "phq9", "answers": [2, 2, 2, 1, 1, 1, 0, 0, 1]})
    assert ack["type"] == "ack"


async def test_summary_export_and_csv_carry_the_scores_per_session(base_url, group, connect) -> None:
    await two_weeks(group, connect)
    api = f"{base_url}/api/groups/{group['group_id']}"
    token = token_of(group["links"]["facilitator"])

    status, body, _ = await get(f"{api}/summary", token)
    assert status == 200
    summary = json.loads(body)["selfreport"]
    assert summary["instruments"] == ["phq9", "gad7"]
    assert summary["members"]["m1"]["phq9"] == [
        {"session": 1, "score": 4, "band": "minimal", "skipped": 0},
        {"session": 2, "score": 10, "band": "moderate", "skipped": 0},
    ]
    assert summary["members"]["m2"]["phq9"] == [{"session": 1, "score": 0, "band": "minimal", "skipped": 1}]
    assert summary["members"]["m3"] == {"phq9": [], "gad7": []}

    status, body, _ = await get(f"{api}/export", token)
    export = json.loads(body)
    assert status == 200
    assert export["selfreport"]["settings"]["instruments"] == "both"
    reports = export["selfreport"]["reports"]
    assert [(r["member"], r["session"], r["instrument"], r["score"]) for r in reports] == [
        ("m1", 1, "gad7", 3),
        ("m1", 1, "phq9", 4),
        ("m2", 1, "phq9", 0),
        ("m1", 2, "phq9", 10),
    ]
    kinds = {s["kind"]: s for s in export["signals"]}
    assert kinds["safety"]["member"] == "m1" and kinds["safety"]["answer"] == 1
    assert kinds["deterioration"]["change"] == 6 and kinds["deterioration"]["score"] == 10

    status, body, headers = await get(f"{api}/selfreport.csv", token)
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert headers["Cache-Control"] == "no-store"
    table = list(csv.DictReader(io.StringIO(body)))
    assert [(r["member"], r["session"], r["instrument"], r["score"], r["band"]) for r in table] == [
        ("Ann", "1", "GAD-7", "3", "minimal"),
        ("Ann", "1", "PHQ-9", "4", "minimal"),
        ("Bo", "1", "PHQ-9", "0", "minimal"),
        ("Ann", "2", "PHQ-9", "10", "moderate"),
    ]
    assert table[2]["item_8"] == "" and table[2]["skipped"] == "1" and table[0]["item_8"] == ""
    assert table[3]["item_9"] == "1" and table[3]["answered_at"].endswith("+00:00")


async def test_only_the_groups_facilitators_get_the_scores(base_url, group) -> None:
    url = f"{base_url}/api/groups/{group['group_id']}/selfreport.csv"
    for link, status in [
        (group["links"]["members"][0]["url"], 403),
        (group["links"]["display"], 403),
        (group["links"]["cofacilitator"], 200),
    ]:
        got, _, _ = await get(url, token_of(link))
        assert got == status, link
    assert (await get(url))[0] == 401


async def test_the_instruments_are_public_and_complete(base_url) -> None:
    status, body, headers = await get(f"{base_url}/api/instruments")
    assert status == 200 and "public" in headers["Cache-Control"]
    instruments = json.loads(body)
    assert set(instruments) == {"phq9", "gad7"}
    phq9 = instruments["phq9"]
    assert phq9["items"] == 9 and phq9["max_score"] == 27 and phq9["reliable_change"] == 5
    assert len(phq9["texts"]["es"]["items"]) == 9 and len(phq9["texts"]["en"]["options"]) == 4
    assert [b["low"] for b in phq9["bands"]] == [0, 5, 10, 15, 20]
    assert [b["high"] for b in instruments["gad7"]["bands"]] == [4, 9, 14, 21]
