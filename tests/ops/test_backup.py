"""`holdspace backup` while the service runs, `holdspace restore` into an empty data directory,
and `holdspace check`: the restored service shows exactly the state at backup time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.client import Client, create_group
from tests.support.process import ROOT, ServerProcess


def holdspace(*args: str | Path) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "server", *map(str, args)]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)


async def activity(base: str, links: dict, homework: str) -> dict:
    fac = await Client.open(base, links["facilitator"])
    ann = await Client.open(base, links["members"][0]["url"])
    try:
        await fac.cmd("session.start", {"number": 1})
        # Ann's presence is recorded by a command of the server's own: before the homework, so
        # the view returned below is the last one (the backup holds the group as of then).
        await fac.wait_view(lambda v: "m1" in v["course"]["attendance"]["members"])
        await ann.cmd("hand.raise")
        await fac.cmd("floor.next", {"turn_id": None})
        await ann.cmd("homework.set", {"text": homework})
        return await fac.wait_view(lambda v: v["course"]["homework"]["m1"]["this"]["text"] == homework)
    finally:
        await fac.close()
        await ann.close()


@pytest.mark.slow
async def test_backup_while_serving_then_restore_shows_the_state_at_backup(tmp_path: Path) -> None:
    data, restored, file = tmp_path / "data", tmp_path / "restored", tmp_path / "backup.json"
    srv = ServerProcess("--data-dir", str(data)).start()
    try:
        group = await create_group(srv.url, members=["Ann", "Bo", "Cy"])
        await create_group(srv.url, name="Another group", members=["Dee"])
        at_backup = await activity(srv.url, group["links"], "Call my sister")
        out = holdspace("backup", file, "--data-dir", data)
        assert out.returncode == 0, out.stderr
        assert "backed up 2 group(s)" in out.stdout
        later = await activity(
            srv.url, group["links"], "Call my brother"
        )  # the service carries on after the backup
        assert later["view"]["course"]["homework"] != at_backup["view"]["course"]["homework"]
    finally:
        srv.stop()

    out = holdspace("restore", file, "--data-dir", restored)
    assert out.returncode == 0, out.stderr
    again = holdspace("restore", file, "--data-dir", restored)
    assert again.returncode == 2 and "empty data directory" in again.stderr

    srv = ServerProcess("--data-dir", str(restored)).start()
    try:
        fac = await Client.open(srv.url, group["links"]["facilitator"])
        assert fac.state is not None
        assert fac.state["view"] == at_backup["view"]
        await fac.close()
    finally:
        srv.stop()


def test_check_reads_without_changing_and_names_what_it_cannot_read(tmp_path: Path) -> None:
    empty = holdspace("check", "--data-dir", tmp_path / "nothing")
    assert empty.returncode == 0 and "0 group(s) readable" in empty.stdout
    groups = tmp_path / "data" / "groups"
    groups.mkdir(parents=True)
    bad = groups / "0123456789abcdef.json"
    bad.write_bytes(b"{not json")
    out = holdspace("check", "--data-dir", tmp_path / "data")
    assert out.returncode == 1
    assert "unreadable: 0123456789abcdef.json" in out.stdout
    assert bad.read_bytes() == b"{not json"  # check never moves or mends anything


def test_restore_refuses_what_is_not_a_backup(tmp_path: Path) -> None:
    file = tmp_path / "x.json"
    file.write_text('{"format": "something else", "holdspace": "0", "taken_at": 0, "groups": []}')
    out = holdspace("restore", file, "--data-dir", tmp_path / "d")
    assert out.returncode == 2 and "not a Holdspace backup" in out.stderr
    assert not (tmp_path / "d" / "groups").exists()
