"""Operator-facing logs: JSON lines on request, and an access log that never holds a query string
(where a pasted token could sit)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from tests.support.process import ServerProcess

SECRET = "abcdef0123456789.SECRETSECRETSECRETSECRET"


def visit(url: str) -> None:
    try:
        urllib.request.urlopen(url, timeout=5).read()
    except urllib.error.HTTPError:
        pass


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_logs_never_hold_a_query_string(tmp_path, fmt: str) -> None:
    srv = ServerProcess("--data-dir", str(tmp_path / "data"), "--log-format", fmt).start()
    try:
        visit(f"{srv.url}/?t={SECRET}")
        visit(f"{srv.url}/api/groups/abcdef0123456789/export?token={SECRET}")
    finally:
        srv.stop()
    log = srv.log.decode()
    assert "SECRET" not in log
    assert "/api/groups/abcdef0123456789/export" in log  # the access log names the path
    if fmt == "json":
        lines = [line for line in log.splitlines() if line.startswith("{")]
        assert lines and all(json.loads(line)["level"] for line in lines)
        assert not [
            line for line in log.splitlines() if line.strip() and not line.startswith(("{", "Holdspace on"))
        ]


@pytest.mark.slow
def test_requests_that_cannot_be_parsed_leave_one_line_and_no_traceback(tmp_path) -> None:
    import socket

    srv = ServerProcess("--data-dir", str(tmp_path / "data")).start()
    try:
        for garbage in (
            b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
            b"GET /" + b"a" * 20_000 + b" HTTP/1.1\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        ):
            with socket.create_connection(("127.0.0.1", srv.port), timeout=5) as conn:
                conn.sendall(garbage)
                head = conn.recv(300)
                assert head.split(b"\r\n")[0].endswith(b"400 Bad Request"), head
                assert b"Server: Holdspace\r\n" in head  # no version, even here
        visit(f"{srv.url}/healthz")  # still serving
    finally:
        srv.stop()
    log = srv.log.decode()
    assert "Traceback" not in log
    assert "Error handling request" in log


@pytest.mark.slow
def test_clients_that_hang_up_mid_upgrade_leave_no_traceback(tmp_path) -> None:
    """Reset right after asking for a websocket: the upgrade's reply meets a closed transport
    (before, one traceback per connection: 500 of 500)."""
    import socket
    import struct

    upgrade = (
        b"GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    )
    srv = ServerProcess("--data-dir", str(tmp_path / "data")).start()
    try:
        for _ in range(200):
            conn = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # RST on close
            conn.sendall(upgrade)
            conn.close()
        visit(f"{srv.url}/healthz")  # answered after every one of them was handled
    finally:
        srv.stop()
    assert srv.log.count(b"GET /ws") >= 100
    assert b"Traceback" not in srv.log
