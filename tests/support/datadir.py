"""What the embedded store keeps on disk, read the way `holdspace check` reads it: the group files
with the journal's newer versions over them."""

from __future__ import annotations

from pathlib import Path

from server.domain import Group
from server.store import datadir


def stored_text(data_dir: Path) -> str:
    """Every byte under the data dir (group files, journal, keys), as text."""
    return "".join(
        p.read_bytes().decode(errors="replace") for p in sorted(data_dir.rglob("*")) if p.is_file()
    )


def stored_group(data_dir: Path, group_id: str) -> Group | None:
    return datadir.scan(data_dir / "groups", repair=False).groups.get(group_id)
