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
