"""Two facilitators clicking at once, and retries after reconnect, advance once."""

import asyncio

from tests.support.client import Client


async def test_racing_next_moves_exactly_once(group, connect) -> None:
    fac: Client = await connect(group["links"]["facilitator"])
    co: Client = await connect(group["links"]["cofacilitator"])
    await fac.cmd("session.start", {"number": 1})
    for step in range(3):
        acks = await asyncio.gather(
            *[c.cmd("segment.next", {"from_index": step}) for c in (fac, co, fac, co)]
        )
        assert sorted(a["changed"] for a in acks) == [False, False, False, True]
        await fac.wait_view(lambda v, step=step: v["session"] and v["session"]["current"] == step + 1)
        await fac.sync()
        await co.sync()
        assert fac.view["session"]["current"] == co.view["session"]["current"] == step + 1


async def test_racing_session_start_starts_once(group, connect) -> None:
    fac: Client = await connect(group["links"]["facilitator"])
    co: Client = await connect(group["links"]["cofacilitator"])
    acks = await asyncio.gather(*[c.cmd("session.start", {"number": 1}) for c in (fac, co)])
    assert sorted(a["changed"] for a in acks) == [False, True]


async def test_retry_after_reconnect_is_acknowledged_not_reapplied(group, connect) -> None:
    fac: Client = await connect(group["links"]["facilitator"])
    await fac.cmd("session.start", {"number": 1})
    first = await fac.cmd("segment.adjust", {"index": 0, "delta_ms": 300_000}, cmd_id="retry-1")
    await fac.close()
    again: Client = await connect(group["links"]["facilitator"])
    second = await again.cmd("segment.adjust", {"index": 0, "delta_ms": 300_000}, cmd_id="retry-1")
    assert first["changed"] is True and second["changed"] is False
    # Each ack carries its own socket's frame count: the new socket has had one frame.
    assert second["version"] == again.state["version"] == 1
    assert again.view["session"]["segments"][0]["duration_ms"] == 10 * 60_000


async def test_the_same_id_from_another_sender_is_a_new_command(group, connect) -> None:
    fac: Client = await connect(group["links"]["facilitator"])
    co: Client = await connect(group["links"]["cofacilitator"])
    await fac.cmd("session.start", {"number": 1})
    a = await fac.cmd("segment.adjust", {"index": 0, "delta_ms": 60_000}, cmd_id="same")
    b = await co.cmd("segment.adjust", {"index": 0, "delta_ms": 60_000}, cmd_id="same")
    # Retries are recognised per link: the co-facilitator's command is not the facilitator's.
    assert a["changed"] is True and b["changed"] is True
