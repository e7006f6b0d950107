"""Export, summary and deletion over HTTP, for facilitators only; automatic deletion."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from server.appkeys import STORE
from server.config import Settings, from_env
from server.domain.document import copy
from server.domain.retention import DAY_MS
from tests.conftest import app_of
from tests.support.client import Client, create_group, token_of
from tests.support.datadir import stored_group, stored_text
from tests.support.keys import call
from tests.support.waiting import until


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    # Sweep often so the test sees the sweep act; the decision itself is tested in the domain.
    return Settings(data_dir=tmp_path / "data", retention_days=30, retention_sweep=0.05)


def api(base_url: str, group: dict[str, Any], path: str = "") -> str:
    return f"{base_url}/api/groups/{group['group_id']}{path}"


def fac_token(group: dict[str, Any]) -> str:
    return token_of(group["links"]["facilitator"])


@pytest.mark.parametrize("path", ["/export", "/summary"])
async def test_course_data_needs_a_facilitator_token_in_the_header(base_url, group, path) -> None:
    url = api(base_url, group, path)
    member = token_of(group["links"]["members"][0]["url"])
    display = token_of(group["links"]["display"])
    other = await create_group(base_url)
    cases = [
        (None, 401, "unauthorized"),
        ("nonsense", 401, "unauthorized"),
        (member, 403, "forbidden"),
        (display, 403, "forbidden"),
        (fac_token(other), 401, "unauthorized"),  # another group's facilitator
    ]
    for token, status, code in cases:
        got, body, _ = await call("GET", url, token)
        assert (got, body["error"]["code"]) == (status, code), token
        assert body["error"]["message"]
    # A token in the query string is refused even with a good header.
    got, body, _ = await call("GET", f"{url}?t={fac_token(group)}", fac_token(group))
    assert (got, body["error"]["code"]) == (400, "invalid")
    got, _, headers = await call("GET", url, token_of(group["links"]["cofacilitator"]))
    assert got == 200 and headers["Cache-Control"] == "no-store"


async def test_export_holds_the_course_and_no_secrets(base_url, group, connect, settings) -> None:
    fac: Client = await connect(group["links"]["facilitator"])
    ann: Client = await connect(group["links"]["members"][0]["url"])
    bo: Client = await connect(group["links"]["members"][1]["url"])
    await fac.cmd("session.start", {"number": 1})
    await fac.cmd("goal.set", {"member_id": "m1", "areas": ["isolation"], "text": "making friends"})
    await ann.cmd("homework.set", {"text": "call my sister"})
    await ann.cmd("agreements.ack", {"revision": 1})
    await bo.cmd("signal.send_anonymous", {"kind": "moment", "note": "hard day"})
    await fac.cmd("session.end", {"number": 1})
    status, out, headers = await call("GET", api(base_url, group, "/export"), fac_token(group))
    assert status == 200
    assert headers["Content-Disposition"].startswith("attachment;")
    assert out["format"] == "holdspace-course/1"
    assert [m["name"] for m in out["members"]] == ["Ann", "Bo", "Cy"]
    assert out["goals"]["m1"] == {"areas": ["isolation"], "text": "making friends", "shared": False}
    assert [(h["member"], h["session"], h["text"]) for h in out["homework"]] == [("m1", 1, "call my sister")]
    assert out["agreements"]["acknowledged"]["m1"]["revision"] == 1
    assert [(s["kind"], s["note"], s["member"]) for s in out["signals"]] == [("moment", "hard day", None)]
    session = out["sessions"][0]
    assert (session["number"], session["phase"], session["attended"]) == (1, "initial", ["m1", "m2"])
    assert out["group"]["deletes_at"] == session["ended_at"] + 30 * DAY_MS
    stored = stored_group(settings.data_dir, group["group_id"])
    assert stored is not None
    hashes = [c.hash for c in stored.credentials]
    text = str(out)
    assert all(h not in text for h in hashes) and fac_token(group).split(".")[1] not in text


async def test_summary_has_what_the_summary_page_shows(base_url, group, connect) -> None:
    fac: Client = await connect(group["links"]["facilitator"])
    ann: Client = await connect(group["links"]["members"][0]["url"])
    for week in (1, 2):
        await fac.cmd("session.start", {"number": week})
        await ann.cmd("homework.set", {"text": f"task {week}"})
        if week == 2:  # Ann holds the floor a moment: the ledger feeds the summary
            await fac.cmd("floor.give", {"member": "m1", "turn_id": None})
        await fac.cmd("session.end", {"number": week})
    status, out, _ = await call("GET", api(base_url, group, "/summary"), fac_token(group))
    assert status == 200
    assert [s["number"] for s in out["sessions"]] == [1, 2]
    assert out["sessions"][0]["airtime"] == {}
    assert out["sessions"][1]["airtime"]["m1"] >= 0 and set(out["sessions"][1]["airtime"]) == {"m1"}
    ann_row = out["members"][0]
    assert ann_row["attended"] == [1, 2]
    assert [h["text"] for h in ann_row["homework"]] == ["task 1", "task 2"]
    assert out["members"][1]["attended"] == []
    assert out["group"]["retention_days"] == 30


async def test_delete_closes_every_page_and_forgets_the_group(base_url, group, connect, settings) -> None:
    links = group["links"]
    pages: list[Client] = [await connect(links["facilitator"]), await connect(links["display"])]
    pages += [await connect(m["url"]) for m in links["members"]]
    member = token_of(links["members"][0]["url"])
    before = stored_group(settings.data_dir, group["group_id"])
    assert before is not None
    hashes = [c.hash for c in before.credentials]
    status, body, _ = await call("DELETE", api(base_url, group), member)
    assert (status, body["error"]["code"]) == (403, "forbidden")
    status, body, _ = await call("DELETE", api(base_url, group), fac_token(group))
    assert (status, body) == (200, {"deleted": True})
    for page in pages:
        assert await page.closed() == 1001
    # Gone from disk too, once the checkpoint its deletion asked for has dropped the journal.
    await until(lambda: stored_group(settings.data_dir, group["group_id"]) is None)
    await until(lambda: not any(h in stored_text(settings.data_dir) for h in hashes))
    again = await Client.open(base_url, None)
    await again.send({"type": "hello", "token": token_of(links["facilitator"])})
    err = await again.wait_for(lambda m: m["type"] == "error")
    assert err["code"] == "unauthorized"
    await again.close()
    status, body, _ = await call("GET", api(base_url, group, "/export"), fac_token(group))
    assert (status, body["error"]["code"]) == (401, "unauthorized")


async def test_groups_past_retention_are_deleted_by_the_sweep(
    server, base_url, group, connect, settings
) -> None:
    keep = await create_group(base_url)
    page: Client = await connect(group["links"]["members"][0]["url"])
    fac: Client = await connect(group["links"]["facilitator"])
    await fac.cmd("session.start", {"number": 1})
    await fac.cmd("session.end", {"number": 1})
    store = app_of(server)[STORE]
    # Set the clock of this group back: its only session ended 31 days ago.
    doc = await store.load(group["group_id"])
    assert doc is not None and doc.session is not None
    old = copy(doc)
    old.version += 1
    old.session.ended_at = old.session.started_at = doc.session.ended_at - 31 * DAY_MS  # type: ignore[operator]
    await store.commit(old, doc.version)
    assert await page.closed() == 1001
    await until(lambda: stored_group(settings.data_dir, group["group_id"]) is None)
    assert await store.load(group["group_id"]) is None
    assert await store.load(keep["group_id"]) is not None


def test_retention_days_come_from_flag_or_environment() -> None:
    assert from_env({}, []).retention_days == 30
    assert from_env({"HOLDSPACE_RETENTION_DAYS": "7"}, []).retention_days == 7
    assert from_env({"HOLDSPACE_RETENTION_DAYS": "7"}, ["--retention-days", "90"]).retention_days == 90
    with pytest.raises(SystemExit):
        from_env({}, ["--retention-days", "0"])
