"""`holdspace key add | list | revoke` against the embedded store while the service runs, and the
rule that a server on a public address does not start without a key."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.keys import call
from tests.support.process import ROOT, ServerProcess

pytestmark = pytest.mark.slow

KEY = re.compile(r"\b(k[0-9a-f]{10})\.([A-Za-z0-9_-]{43})\b")
GROUP = {"name": "Tuesday", "members": ["Ann", "Bo"]}


def holdspace(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "server", *map(str, args)]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False, env=env)


def added(out: subprocess.CompletedProcess[str]) -> tuple[str, str]:
    """(key id, whole key) from `key add`'s output; the link and the bare key agree."""
    assert out.returncode == 0, out.stderr
    link = re.search(r"^\s+(\S+/#k=\S+)$", out.stdout, re.M)
    found = KEY.findall(out.stdout)
    assert link and len(found) == 2 and found[0] == found[1], out.stdout
    key_id, secret = found[0]
    assert link.group(1).endswith(f"/#k={key_id}.{secret}")
    return key_id, f"{key_id}.{secret}"


async def test_keys_made_while_the_service_runs_count_at_once(tmp_path: Path) -> None:
    data = tmp_path / "data"
    srv = ServerProcess("--data-dir", str(data)).start()
    try:
        api = f"{srv.url}/api/groups"
        assert (await call("POST", api, json=GROUP))[0] == 201  # no key yet: loopback is open
        key_id, key = added(holdspace("key", "add", "Dr Ana Ruiz", "--data-dir", data))
        status, out, _ = await call("POST", api, json=GROUP)
        assert (status, out["error"]["code"]) == (401, "unauthorized")
        status, made, _ = await call("POST", api, key, json=GROUP)
        assert status == 201
        status, mine, _ = await call("GET", api, key)
        assert [g["id"] for g in mine["groups"]] == [made["group_id"]]

        listing = holdspace("key", "list", "--data-dir", data)
        assert listing.returncode == 0
        row = next(line for line in listing.stdout.splitlines() if line.startswith(key_id))
        assert row.split()[-4:] == ["1", "Dr", "Ana", "Ruiz"] and " - " in row

        assert holdspace("key", "revoke", key_id, "--data-dir", data).returncode == 0
        assert (await call("POST", api, key, json=GROUP))[0] == 403
        assert (await call("GET", api, key))[0] == 403
        listing = holdspace("key", "list", "--data-dir", data)
        assert " - " not in next(line for line in listing.stdout.splitlines() if line.startswith(key_id))
        unknown = holdspace("key", "revoke", "k0000000000", "--data-dir", data)
        assert unknown.returncode == 2 and "no key" in unknown.stderr
    finally:
        srv.stop()
    # Only a hash of the secret is stored, with a format number.
    stored = json.loads((data / "keys" / f"{key_id}.json").read_text())
    assert stored["format"] == 1 and stored["name"] == "Dr Ana Ruiz" and stored["revoked_at"]
    assert key.split(".")[1] not in (data / "keys" / f"{key_id}.json").read_text()
    assert key.split(".")[1] not in srv.log.decode()


def test_the_sign_in_link_points_at_the_public_address(tmp_path: Path) -> None:
    out = holdspace(
        "key", "add", "Dr Ben", "--data-dir", tmp_path, "--public-url", "https://groups.example.org/"
    )
    _, key = added(out)
    assert f"https://groups.example.org/#k={key}" in out.stdout
    out = holdspace("key", "add", "Dr Cy", "--data-dir", tmp_path, "--host", "0.0.0.0", "--port", "9000")
    _, key = added(out)
    assert f"http://localhost:9000/#k={key}" in out.stdout and "public address" in out.stdout
    assert holdspace("key", "add", "   ", "--data-dir", tmp_path).returncode == 2
    assert holdspace("key", "add", "Dr\u202eX", "--data-dir", tmp_path).returncode == 2


def test_a_server_on_a_public_address_does_not_start_without_a_key(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with pytest.raises(RuntimeError) as refused:
        ServerProcess("--host", "0.0.0.0", "--data-dir", str(data)).start()
    message = str(refused.value)
    assert "no facilitator key" in message and f'holdspace key add "Their name" --data-dir {data}' in message
    assert "--open-creation" in message
    ServerProcess("--host", "0.0.0.0", "--data-dir", str(data), "--open-creation").start().stop()
    key_id, _ = added(holdspace("key", "add", "Dr Ana", "--data-dir", data))
    ServerProcess("--host", "0.0.0.0", "--data-dir", str(data)).start().stop()
    # A revoked key is no key.
    holdspace("key", "revoke", key_id, "--data-dir", data)
    with pytest.raises(RuntimeError):
        ServerProcess("--host", "0.0.0.0", "--data-dir", str(data)).start()
