from tests.support.client import Client


async def test_facilitator_starts_session_member_sees_it(group, connect) -> None:
    fac: Client = await connect(group["links"]["facilitator"])
    ann: Client = await connect(group["links"]["members"][0]["url"])
    assert fac.welcome == {
        "type": "welcome",
        "role": "facilitator",
        "member": None,
        "group": group["group_id"],
    }
    ack = await fac.cmd("session.start", {"number": 1})
    assert ack["type"] == "ack" and ack["changed"] is True
    st = await ann.wait_view(lambda v: v["session"] is not None)
    assert st["view"]["session"]["number"] == 1
    assert st["me"]["name"] == "Ann"
