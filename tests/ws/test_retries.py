"""A command retried after a busy stretch is acknowledged, not applied again: the retry memory is
kept by time (10 minutes), not by a count of commands."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.config import Settings
from tests.support.client import Client


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    # A hundred commands from one link in a few seconds: lift the per-link command budget, which
    # is not what this tests (tests/ws/test_links.py does).
    return Settings(data_dir=tmp_path / "data", command_burst=200, command_rate=200)


async def test_a_retry_after_a_hundred_other_commands_is_not_applied_twice(group, connect) -> None:
    links = group["links"]
    fac: Client = await connect(links["facilitator"])
    assert (await fac.cmd("session.start", {"number": 1}))["changed"]
    first = await fac.cmd("segment.adjust", {"index": 0, "delta_ms": 60_000}, cmd_id="plus-one-minute")
    assert first["changed"]
    # A busy stretch: the co-facilitator's four pages send a hundred changes, one after another
    # (sent all at once they would test the write loop's retries instead).
    pages = [await connect(links["cofacilitator"]) for _ in range(4)]
    acks = [
        await page.cmd(
            "agenda.rename", {"segment_id": f"s{n + 1}", "title": f"Part {n}.{i}", "scope": "template"}
        )
        for i in range(25)
        for n, page in enumerate(pages)
    ]
    assert len(acks) == 100 and all(a["type"] == "ack" and a["changed"] for a in acks), acks
    await fac.wait_view(lambda v: v["template"][3]["title"] == "Part 3.24")
    # The console reconnects and resends the click it never saw acknowledged.
    again = await fac.cmd("segment.adjust", {"index": 0, "delta_ms": 60_000}, cmd_id="plus-one-minute")
    assert again["type"] == "ack" and again["changed"] is False
    await fac.sync()
    assert fac.view["session"]["segments"][0]["duration_ms"] == 6 * 60_000
