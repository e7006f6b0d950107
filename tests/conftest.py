"""Fixtures shared by the socket-level tests: a real server on a real port, real clients."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from server.app import create_app
from server.config import Settings
from server.domain import check_sharing
from tests.support.client import Client, create_group

# Every command applied anywhere in the suite (in-process and in the servers it starts) checks
# that it changed only the parts of the group it declares (server/domain/apply.py).
os.environ["HOLDSPACE_CHECK_SHARING"] = "1"
check_sharing(True)

OUTPUT = Path(__file__).resolve().parent.parent / "test-output"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture
async def server(settings: Settings) -> AsyncIterator[TestServer]:
    srv = TestServer(create_app(settings), host="127.0.0.1")
    await srv.start_server()
    yield srv
    await srv.close()


@pytest.fixture
def base_url(server: TestServer) -> str:
    return str(server.make_url("")).rstrip("/")


@pytest.fixture
async def group(base_url: str) -> dict[str, Any]:
    return await create_group(base_url, members=["Ann", "Bo", "Cy"])


@pytest.fixture
async def connect(base_url: str) -> AsyncIterator[Callable[..., Any]]:
    clients: list[Client] = []

    async def _connect(link: str, **kw: Any) -> Client:
        client = await Client.open(base_url, link, **kw)
        clients.append(client)
        return client

    yield _connect
    for c in clients:
        await c.close()


def app_of(server: TestServer) -> web.Application:
    assert server.app is not None
    return server.app
