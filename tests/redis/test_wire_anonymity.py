"""Anonymity on the wire across two instances on one Redis (tests/support/wire_audit.py says
what is checked): members and the display split between the instances still get no frame for
answers and signals, and every sender's ack follows its own frame."""

from __future__ import annotations

import itertools

import pytest

from tests.redis.conftest import Instance
from tests.support.client import Client, create_group
from tests.support.wire_audit import NAMES, play

pytestmark = pytest.mark.redis


async def test_answers_and_signals_send_members_and_the_display_no_frame(
    two: tuple[Instance, Instance],
) -> None:
    a, b = two
    course = await create_group(a.url, members=NAMES)
    members = itertools.cycle((b, a))

    async def across(link: str, role: str) -> Client:
        instance = a if role == "facilitator" else b if role == "display" else next(members)
        return await instance.connect(link)

    result = await play(course, across)
    assert result["facilitator frames"] == 3
