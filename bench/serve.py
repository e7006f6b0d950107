"""Starting a server to measure: Holdspace (embedded store or Redis) or one of the peers.

Every scenario in bench/ starts its servers here, on a free port of 127.0.0.1, optionally
pinned to some CPUs, and stops them (and removes their data) afterwards.
"""

from __future__ import annotations

import contextlib
import resource
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from bench.procstat import Usage, usage

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = "redis://127.0.0.1:6379/0"
BENCH_LIMITS = [
    "--create-per-address", "1000000", "--create-per-key", "1000000",
    "--command-rate", "100000", "--command-burst", "100000",
]  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def raise_nofile() -> None:
    """Thousands of sockets need more descriptors than the usual soft limit."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def pinned(cpus: str, cmd: list[str]) -> list[str]:
    return ["taskset", "-c", cpus, *cmd] if cpus and shutil.which("taskset") else cmd


class Server:
    """One server process. `target`: holdspace, redis, aiohttp, websockets or node."""

    def __init__(
        self,
        target: str,
        *,
        cpus: str = "",
        redis_url: str = REDIS_URL,
        prefix: str | None = None,
        log: IO[bytes] | None = None,
        source: Path = ROOT,
        args: list[str] | None = None,
        lift_limits: bool = True,
    ) -> None:
        self.target = target
        self.port = free_port()
        self.tmp = tempfile.mkdtemp(prefix="holdspace-bench-")
        self.prefix = prefix or f"bench-{secrets.token_hex(4)}:"
        self.redis_url = redis_url
        py, port = sys.executable, str(self.port)
        # Benchmarks create their groups from one address, far past what one client may create
        # in an hour: lift that limit, unless the scenario measures it (bench/flood.py).
        unlimited = BENCH_LIMITS if lift_limits else []
        if target == "holdspace":
            cmd = [py, "-m", "server", "--port", port, "--data-dir", self.tmp, *unlimited, *(args or [])]
        elif target == "redis":
            cmd = [py, "-m", "server", "--port", port, "--redis-url", redis_url, *unlimited]
            cmd += ["--redis-prefix", self.prefix]
        elif target == "node":
            node_dir = ROOT / "bench" / "peers" / "node"
            if not (node_dir / "node_modules").exists():
                subprocess.run(["npm", "ci", "--silent", "--no-audit", "--no-fund"], cwd=node_dir, check=True)
            cmd = ["node", str(node_dir / "server.js"), "--port", port]
        else:
            cmd = [py, "-m", f"bench.peers.{target}_peer", "--port", port]
        out = log if log is not None else subprocess.DEVNULL
        # `source`: the checkout whose server runs (bench/frames.py measures an older one too).
        self.proc = subprocess.Popen(
            pinned(cpus, cmd), cwd=source, stdout=out, stderr=subprocess.STDOUT, preexec_fn=raise_nofile
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_ready(self, timeout: float = 30) -> Server:
        answered(self.proc, self.url, timeout, f"the {self.target} server")
        return self

    def usage(self) -> Usage:
        return usage(self.proc.pid)

    def stop(self) -> None:
        """Stop it and remove what it stored (its data dir, or its keys in Redis)."""
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
        shutil.rmtree(self.tmp, ignore_errors=True)
        if self.target == "redis":
            delete_prefix(self.redis_url, self.prefix)


def delete_prefix(url: str, prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    try:
        for key in client.scan_iter(match=f"{prefix}*", count=1000):
            client.delete(key)
    finally:
        client.close()


@contextlib.contextmanager
def running(
    target: str,
    *,
    redis_url: str = REDIS_URL,
    prefix: str | None = None,
    log: IO[bytes] | None = None,
    source: Path = ROOT,
) -> Iterator[Server]:
    server = Server(target, redis_url=redis_url, prefix=prefix, log=log, source=source)
    try:
        yield server.wait_ready()
    finally:
        server.stop()


def answered(proc: subprocess.Popen[bytes], url: str, timeout: float, what: str) -> None:
    """Wait for `url` to answer /healthz; fail if `proc` exits first or `timeout` runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise TimeoutError(f"{what} did not answer /healthz")
