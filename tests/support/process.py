"""The real service in its own process, started the way the README starts it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class ServerProcess:
    """`python -m server` on a port of its own; `kill()` is SIGKILL, nothing graceful."""

    def __init__(
        self,
        *args: str,
        port: int | None = None,
        env: dict[str, str] | None = None,
        cwd: Path = ROOT,
        python: Path | None = None,
    ) -> None:
        self.port = port or free_port()
        self.cwd = cwd
        self.python = str(python or sys.executable)
        self.args = args
        self.env = {**os.environ, **(env or {})}
        self.proc: subprocess.Popen[bytes] | None = None
        # Output goes to a file, not a pipe: nobody reads a pipe while the server runs, and a
        # long-lived server (browser journeys load many files) would block once it filled.
        self._out: IO[bytes] | None = None
        self.log = b""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 15.0) -> ServerProcess:
        cmd = [self.python, "-m", "server", "--port", str(self.port), *self.args]
        self._out = tempfile.TemporaryFile(prefix="holdspace-server-")
        self.proc = subprocess.Popen(
            cmd, cwd=self.cwd, env=self.env, stdout=self._out, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self._collect()
                raise RuntimeError(f"server exited: {self.log.decode(errors='replace')}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.05)
        raise TimeoutError("server did not answer /healthz")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)
        self._collect()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self._collect()

    def _collect(self) -> None:
        if self._out is not None:
            self._out.seek(0)
            self.log += self._out.read()
            self._out.close()
            self._out = None
        self.proc = None
