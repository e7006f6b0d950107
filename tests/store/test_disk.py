"""A full or read-only disk under the embedded store, for real (a small tmpfs mounted for the
test): writes are refused with `unavailable` and change nothing -- not the file, not what the
server holds in memory, no temporary file left -- /healthz says so until a write succeeds
again, deleting a group still works (and frees space), and a server starts on a full disk."""

from __future__ import annotations

import asyncio
import errno
import shutil
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.client import Client, create_group, token_of
from tests.support.keys import call
from tests.support.process import ServerProcess
from tests.support.releases import RELEASE_NAMES, RELEASES, brought_forward, facts, release, shown_now

pytestmark = pytest.mark.slow


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    """A 256 KiB tmpfs of this test's own."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small file system here (needs root): {done.stderr.strip()}")
    try:
        yield mount
    finally:
        if subprocess.run(["umount", str(mount)], capture_output=True, check=False).returncode != 0:
            subprocess.run(["umount", "-l", str(mount)], capture_output=True, check=False)


def fill(mount: Path) -> Path:
    """Fill the file system to the last byte; returns the filler (delete it to make room)."""
    filler = mount / "filler"
    with open(filler, "wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
        try:
            while True:
                f.write(b"\0")  # the last bytes of a page
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    return filler


def health(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=5) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


async def healthy_again(url: str) -> None:
    """/healthz tries a write at most once a second while unhealthy: wait for one to pass."""
    async with asyncio.timeout(10):
        while (await asyncio.to_thread(health, url))[0] != 200:  # noqa: ASYNC110 - no event to await
            await asyncio.sleep(0.2)


async def remount(mount: Path, mode: str) -> None:
    proc = await asyncio.create_subprocess_exec("mount", "-o", f"remount,{mode}", str(mount))
    assert await proc.wait() == 0


def stored(data: Path) -> dict[str, bytes]:
    """Every file the store keeps (group files, journal, keys), by path."""
    return {str(p.relative_to(data)): p.read_bytes() for p in sorted(data.rglob("*")) if p.is_file()}


def leftovers(groups: Path) -> list[str]:
    return [p.name for p in groups.iterdir() if p.name.endswith(".tmp")]


async def test_a_full_disk_refuses_changes_keeps_everything_and_still_deletes(disk: Path) -> None:
    data = disk / "data"
    srv = ServerProcess("--data-dir", str(data)).start()
    try:
        group = await create_group(srv.url, members=["Ann", "Bo"])
        other = await create_group(srv.url, name="Another group", members=["Cy"])
        fac = await Client.open(srv.url, group["links"]["facilitator"])
        ann = await Client.open(srv.url, group["links"]["members"][0]["url"])
        cy = await Client.open(srv.url, other["links"]["members"][0]["url"])
        await fac.cmd("session.start", {"number": 1})
        # The server records Ann as present (its own write): let that land first.
        started = await fac.wait_for(
            lambda m: m["type"] == "state" and m["view"]["course"]["attendance"]["members"] == ["m1"]
        )
        before = stored(data)
        filler = fill(disk)

        shown = len(ann.messages)
        refused = await fac.cmd("agenda.rename", {"segment_id": "s1", "title": "Arriving"})
        assert refused["type"] == "error" and refused["code"] == "unavailable"
        assert "nothing changed" in refused["message"]
        assert stored(data) == before and leftovers(data / "groups") == []
        status, body = health(srv.url)
        assert status == 503 and b'"code":"unavailable"' in body
        status, out, _ = await call("POST", f"{srv.url}/api/groups", json={"name": "T", "members": ["A"]})
        assert (status, out["error"]["code"]) == (503, "unavailable")
        # The pages stay connected and in time, and never showed the refused change (a page is
        # shown a change once its record is written, which the full disk refused).
        await ann.sync()
        states = [m["view"] for m in ann.messages[shown:] if m["type"] == "state"]
        titles = [view["session"]["segments"][0]["title"] for view in states]
        assert "Arriving" not in titles, titles

        # Deleting needs no space (and frees some); its pages are closed.
        fac_other = token_of(other["links"]["facilitator"])
        status, out, _ = await call("DELETE", f"{srv.url}/api/groups/{other['group_id']}", fac_other)
        assert (status, out) == (200, {"deleted": True})
        assert await cy.closed() == 1001
        assert not (data / "groups" / f"{other['group_id']}.json").exists()

        filler.unlink()
        await healthy_again(srv.url)
        # What the server held was untouched: the next change is the very next version.
        ok = await fac.cmd("agenda.rename", {"segment_id": "s1", "title": "Arriving"})
        assert ok["type"] == "ack" and ok["version"] == started["version"] + 1
        await ann.wait_view(lambda v: v["session"]["segments"][0]["title"] == "Arriving")
        for page in (fac, ann):
            await page.close()
    finally:
        srv.stop()
    assert b"cannot write to the data dir" in srv.log and b"works again" in srv.log
    assert b"Traceback" not in srv.log


async def test_a_read_only_disk_refuses_changes_until_it_is_writable(disk: Path) -> None:
    data = disk / "data"
    srv = ServerProcess("--data-dir", str(data)).start()
    try:
        group = await create_group(srv.url, members=["Ann"])
        fac = await Client.open(srv.url, group["links"]["facilitator"])
        await remount(disk, "ro")
        refused = await fac.cmd("session.start", {"number": 1})
        assert (refused["type"], refused["code"]) == ("error", "unavailable")
        assert health(srv.url)[0] == 503
        await remount(disk, "rw")
        await healthy_again(srv.url)
        ok = await fac.cmd("session.start", {"number": 1})
        assert ok["type"] == "ack" and ok["version"] == fac.state["version"]
        await fac.close()
    finally:
        srv.stop()


async def test_a_server_starts_on_a_full_disk_and_serves_what_it_has(disk: Path) -> None:
    name = RELEASE_NAMES[-1]
    data = disk / "data"
    shutil.copytree(RELEASES / name / "datadir", data)
    links, shown = release(name, "embedded")
    fill(disk)
    # The release's group is in an older format: writing it back fails, serving it does not.
    srv = ServerProcess("--data-dir", str(data)).start()
    try:
        assert facts(await shown_now(srv.url, links)) == brought_forward(facts(shown))
    finally:
        srv.stop()
    assert b"could not write group" in srv.log and b"Traceback" not in srv.log
