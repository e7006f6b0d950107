"""Every facilitator command, sent with a member's or the display's link, is forbidden."""

from pathlib import Path

import pytest

from server.config import Settings
from server.domain import COMMANDS
from server.domain.registry import FACILITATORS
from tests.support.client import Client

FACILITATOR_ONLY = sorted(name for name, spec in COMMANDS.items() if spec.roles == FACILITATORS)
ARGS = {
    "number": 1,
    "index": 0,
    "from_index": 0,
    "to_index": 1,
    "delta_ms": 60_000,
    "title": "X",
    "minutes": 5,
    "segment_id": "s2",
    "items": ["Be kind."],
    "shown": True,
    "member_id": "m2",
    "areas": ["grief"],
    "shared": True,
    "session": 1,
    "member_ids": ["m2"],
    "signal_id": "g1",
}


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    # One socket sends every facilitator command in a row, more than a burst allows;
    # the rate limit itself is tested in test_flow_control.
    return Settings(data_dir=tmp_path / "data", command_burst=1000)


@pytest.mark.parametrize("who", ["member", "display"])
async def test_facilitator_commands_are_forbidden(group, connect, who) -> None:
    fac: Client = await connect(group["links"]["facilitator"])
    await fac.cmd("session.start", {"number": 1})
    link = group["links"]["display"] if who == "display" else group["links"]["members"][0]["url"]
    other: Client = await connect(link)
    if who == "member":
        # The server records the member as present (jobs/attendance.py): let that land first.
        await fac.wait_for(lambda m: m["type"] == "state" and m["view"]["course"]["attendance"]["members"])
    seen = len(fac.states()), len(other.states())
    for name in FACILITATOR_ONLY:
        fields = COMMANDS[name].args.__struct_fields__
        err = await other.cmd(name, {f: ARGS[f] for f in fields if f in ARGS})
        assert (err["type"], err["code"]) == ("error", "forbidden"), name
    # Nothing changed: no frame went out, and a fresh facilitator socket sees the same view.
    await fac.sync()
    await other.sync()
    assert (len(fac.states()), len(other.states())) == seen
    again: Client = await connect(group["links"]["cofacilitator"])
    assert again.view == fac.view
