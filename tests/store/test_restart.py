"""A server killed with SIGKILL loses nothing it acknowledged (embedded store)."""

import pytest

from tests.support.client import Client, create_group
from tests.support.process import ServerProcess

pytestmark = pytest.mark.slow


async def test_kill_9_loses_no_acknowledged_command(tmp_path) -> None:
    server = ServerProcess("--data-dir", str(tmp_path / "data")).start()
    try:
        group = await create_group(server.url, members=["Ann", "Bo"])
        fac = await Client.open(server.url, group["links"]["facilitator"])
        await fac.cmd("session.start", {"number": 1})
        await fac.cmd("segment.adjust", {"index": 0, "delta_ms": 300_000})
        await fac.cmd("agenda.add", {"title": "Group discussion", "minutes": 25})
        last = await fac.cmd("segment.next", {"from_index": 0})
        assert last["type"] == "ack"
        before = (await fac.state_at(last["version"]))["view"]
        server.kill()
        assert await fac.closed() is not None

        server.start()
        again = await Client.open(server.url, group["links"]["members"][0]["url"])
        assert again.state is not None
        after = again.view
        assert after["session"] == before["session"]
        assert after["session"]["segments"][0]["duration_ms"] == 10 * 60_000
        assert after["session"]["segments"][-1]["title"] == "Group discussion"
        await again.close()
    finally:
        server.kill()
    # The invite tokens never reached the log.
    secret = group["links"]["facilitator"].split("#t=")[1].split(".")[1]
    assert secret.encode() not in server.log
