"""Upgrades never lose a group (embedded store): what each earlier release stored loads and shows
the same course; a newer format (of a group, or of the journal) is refused and left untouched;
an unreadable file is set aside while every other group is served."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from server.domain.document import FORMAT
from server.store import journal
from tests.support.client import Client, token_of
from tests.support.process import ServerProcess
from tests.support.releases import (
    RELEASE_NAMES,
    RELEASES,
    brought_forward,
    facts,
    feedback_results,
    newer,
    release,
    shown_now,
)
from tests.support.waiting import until


@pytest.mark.slow
@pytest.mark.parametrize("name", RELEASE_NAMES)
async def test_a_release_data_dir_loads_and_shows_the_same_course(name: str, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(RELEASES / name / "datadir", data)
    links, shown = release(name, "embedded")
    path = data / "groups" / f"{links['group_id']}.json"
    srv = ServerProcess("--data-dir", str(data)).start()
    try:
        now = await shown_now(srv.url, links)
        assert facts(now) == brought_forward(facts(shown))
        results = await feedback_results(srv.url, links)
        assert results and results[0][2] == [[0, 0, 0, 2, 2]]  # the closed card's counts
    finally:
        srv.stop()
    # Written back in the current format, once it had loaded.
    assert json.loads(path.read_text())["format"] == FORMAT


@pytest.mark.slow
async def test_a_newer_format_is_refused_and_left_untouched(tmp_path: Path) -> None:
    name = RELEASE_NAMES[-1]
    data = tmp_path / "data"
    shutil.copytree(RELEASES / name / "datadir", data)
    links, _ = release(name, "embedded")
    path = data / "groups" / f"{links['group_id']}.json"
    path.write_text(newer(path.read_text()))
    before = path.read_bytes()
    srv = ServerProcess("--data-dir", str(data)).start()
    try:
        page = await Client.open(srv.url, None, hello=False)
        await page.send({"type": "hello", "token": token_of(links["links"]["facilitator"])})
        err = await page.wait_for(lambda m: m["type"] == "error")
        assert err["code"] == "unavailable" and "newer version" in err["message"]
        assert await page.closed() == 1013
        url = f"{srv.url}/api/groups/{links['group_id']}"
        headers = {"Authorization": f"Bearer {token_of(links['links']['facilitator'])}"}
        async with aiohttp.ClientSession() as http, http.delete(url, headers=headers) as r:
            assert r.status == 503 and (await r.json())["error"]["code"] == "unavailable"
    finally:
        srv.stop()
    assert path.read_bytes() == before
    assert b"stored by a newer release" in srv.log


@pytest.mark.slow
async def test_an_unreadable_file_is_set_aside_and_the_rest_served(tmp_path: Path) -> None:
    name = RELEASE_NAMES[-1]
    data = tmp_path / "data"
    shutil.copytree(RELEASES / name / "datadir", data)
    links, shown = release(name, "embedded")
    groups = data / "groups"
    (groups / "0123456789abcdef.json").write_bytes(b'{"format": 2, "id": "0123456789abcdef", "na')
    (groups / ".fedcba9876543210.json.tmp").write_bytes(b'{"name": "a write that never finished"}')
    srv = ServerProcess("--data-dir", str(data)).start()
    try:
        assert facts(await shown_now(srv.url, links)) == brought_forward(facts(shown))
        # Startup reads no group file; right after it, each is read once in the background.
        await until(lambda: (data / "quarantine").is_dir() and any((data / "quarantine").iterdir()))
    finally:
        srv.stop()
    assert sorted(p.name for p in groups.iterdir()) == [f"{links['group_id']}.json"]
    moved = list((data / "quarantine").iterdir())
    assert len(moved) == 1 and moved[0].name.startswith("0123456789abcdef.json.")
    assert b"0123456789abcdef.json" in srv.log and b"quarantine" in srv.log


def holdspace_check(data: Path) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "server", "check", "--data-dir", str(data)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)


@pytest.mark.slow
async def test_a_newer_journal_is_refused_and_left_untouched(tmp_path: Path) -> None:
    name = RELEASE_NAMES[-1]
    data = tmp_path / "data"
    shutil.copytree(RELEASES / name / "datadir", data)
    (data / "journal").mkdir(exist_ok=True)
    path = data / "journal" / "00000001.log"
    # A layout this build does not know: read as records, it would look like damage and be lost.
    path.write_bytes(journal.MAGIC + bytes([journal.FORMAT + 1]) + b"\x00\x00\x00\x10 a newer layout")
    before = path.read_bytes()
    with pytest.raises(RuntimeError) as refused:
        ServerProcess("--data-dir", str(data)).start()
    message = str(refused.value)
    assert "does not start" in message and str(path) in message and "newer release" in message
    assert "Traceback" not in message
    checked = holdspace_check(data)
    assert checked.returncode == 2 and f"journal format {journal.FORMAT + 1}" in checked.stderr
    assert path.read_bytes() == before
    assert sorted(p.name for p in (data / "journal").iterdir()) == [path.name]


JOURNALS = Path(__file__).resolve().parent.parent / "fixtures" / "journals"


def journal_facts(view: dict) -> dict:
    """What the facilitator saw, without times and presence (they move on)."""
    session = view["session"]
    turn = view["floor"]["turn"]
    return {
        "group": view["group"]["name"],
        "members": [m["name"] for m in view["members"]],
        "session": (session["number"], session["status"], session["current"]),
        "segments": [(s["title"], s["kind"]) for s in session["segments"]],
        "floor": (turn["member"], turn["kind"]) if turn else None,
        "queue": view["floor"]["queue"],
        "homework": {m: (hw["this"] or {}).get("text") for m, hw in view["course"]["homework"].items()},
    }


@pytest.mark.slow
@pytest.mark.parametrize("journal_format", sorted(p.name for p in JOURNALS.iterdir()))
async def test_a_journal_an_earlier_build_left_shows_the_same_course(
    journal_format: str, tmp_path: Path
) -> None:
    # Written by tests/fixtures/write_journal_fixture.py: killed mid-session, no group file yet.
    data = tmp_path / "data"
    shutil.copytree(JOURNALS / journal_format / "datadir", data)
    links = json.loads((JOURNALS / journal_format / "links.json").read_text())
    shown = json.loads((JOURNALS / journal_format / "shown.json").read_text())
    assert list((data / "groups").glob("*.json")) == []  # git keeps no empty folder
    srv = ServerProcess("--data-dir", str(data)).start()
    try:
        page = await Client.open(srv.url, links["links"]["facilitator"])
        assert journal_facts(page.view) == journal_facts(shown)
        assert journal_facts(shown)["homework"]["m1"] == "Call my sister on Sunday"
        await page.close()
    finally:
        srv.stop()
