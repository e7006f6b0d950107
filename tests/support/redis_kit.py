"""Helpers for tests against real Redis: the shared server and private ones.

The shared Redis on 127.0.0.1:6379 is used by other test runs at the same time: every test
works under a random key prefix and deletes its keys afterwards (never FLUSHDB).
"""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import subprocess
from pathlib import Path

import pytest
from redis.asyncio import Redis

from tests.support.process import free_port

REDIS_URL = os.environ.get("HOLDSPACE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


async def require_redis(url: str = REDIS_URL) -> None:
    """Skip when Redis is out of reach on a developer machine; FAIL under CI=true."""
    client = Redis.from_url(url, socket_connect_timeout=2)
    try:
        await client.ping()
    except Exception as exc:
        message = f"Redis is not reachable at {url}: {exc}"
        if in_ci():
            pytest.fail(message + " (CI=true: Redis tests must run, not skip)")
        pytest.skip(message)
    finally:
        await client.aclose()


def unique_prefix() -> str:
    return f"hs-test-{secrets.token_hex(6)}:"


async def purge(prefix: str, url: str = REDIS_URL) -> None:
    client = Redis.from_url(url)
    try:
        keys = [key async for key in client.scan_iter(match=f"{prefix}*", count=500)]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()


class RedisServer:
    """A redis-server of the test's own: on disk (AOF, everysec by default) in `directory`."""

    def __init__(self, directory: Path, appendfsync: str = "everysec", aof: bool = True) -> None:
        self.dir = directory
        self.appendfsync = appendfsync
        # Without the AOF the server keeps its data in dump.rdb (SAVE) and loads it at start.
        self.aof = aof
        self.port = free_port()
        self.proc: asyncio.subprocess.Process | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    async def start(self) -> None:
        args = [
            "redis-server",
            "--port", str(self.port),
            "--bind", "127.0.0.1",
            "--dir", str(self.dir),
            "--appendonly", "yes" if self.aof else "no",
            "--appendfsync", self.appendfsync,
            "--save", "",
            "--logfile", str(self.dir / "redis.log"),
        ]  # fmt: skip
        self.proc = await asyncio.create_subprocess_exec(
            *args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        client = Redis.from_url(self.url, socket_connect_timeout=1)
        try:
            async with asyncio.timeout(15):
                while True:
                    try:
                        await client.ping()  # also fails while the AOF is still loading
                        return
                    except Exception:
                        if self.proc.returncode is not None:
                            raise RuntimeError(f"redis-server exited: {self.log()}") from None
                        await asyncio.sleep(0.02)
        finally:
            await client.aclose()

    def log(self) -> str:
        path = self.dir / "redis.log"
        return path.read_text()[-2000:] if path.exists() else ""

    async def kill(self) -> None:
        """SIGKILL: no shutdown, no final fsync."""
        if self.proc is not None and self.proc.returncode is None:
            self.proc.send_signal(signal.SIGKILL)
            await self.proc.wait()
        self.proc = None
