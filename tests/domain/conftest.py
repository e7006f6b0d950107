"""The floor's pure tests share a room of four in the discussion segment."""

from __future__ import annotations

import pytest

from tests.support.floor_kit import Room


@pytest.fixture
def room() -> Room:
    r = Room(["Ann", "Bo", "Cy", "Di"])
    r.goto("discussion")
    return r
