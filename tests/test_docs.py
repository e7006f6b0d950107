"""Docs stay honest: every command and error code the server knows is documented."""

import re
from pathlib import Path

from server import protocol
from server.domain import COMMANDS

DOC = (Path(__file__).resolve().parent.parent / "docs" / "protocol.md").read_text()
ROLE_LETTER = {"facilitator": "F", "member": "M", "display": "D"}


def test_every_command_is_documented_with_its_roles() -> None:
    for name, spec in COMMANDS.items():
        row = re.search(rf"^\| `{re.escape(name)}` \| ([FMD, ]+) \|", DOC, re.M)
        assert row, f"{name} is missing from docs/protocol.md"
        documented = {r.strip() for r in row.group(1).split(",")}
        assert documented == {ROLE_LETTER[r] for r in spec.roles}, name


def test_every_documented_command_exists() -> None:
    for name in re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \|", DOC, re.M):
        assert name in COMMANDS, f"docs/protocol.md documents {name}, which does not exist"


def test_every_error_code_is_documented() -> None:
    for code in protocol.ERROR_CODES:
        assert f"| `{code}` |" in DOC, code
