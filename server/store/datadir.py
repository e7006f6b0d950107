"""The embedded store's files: one `<group id>.json` per group under `<data dir>/groups/`.

`scan` reads them all and sorts what it finds: groups (older formats brought forward), groups of
a newer release (left alone), unreadable files (moved aside to `quarantine/` when repairing, so
a bad file is named once and never stops the others), and temporary files a failed write left.
`holdspace check` runs the same scan without changing anything.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import msgspec

from ..domain import Group, NewerFormat, encode, load

log = logging.getLogger(__name__)

QUARANTINE = "quarantine"


@dataclass
class Scan:
    groups: dict[str, Group] = field(default_factory=dict)
    newer: dict[str, int] = field(default_factory=dict)  # group id -> its format
    migrated: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # file names
    leftovers: list[str] = field(default_factory=list)  # temporary files of failed writes


def scan(directory: Path, *, repair: bool) -> Scan:
    """Read every group file; with `repair`, also write migrated groups back in the current
    format, move unreadable files to quarantine and remove leftover temporary files."""
    found = Scan()
    if repair:
        directory.mkdir(parents=True, exist_ok=True)
    if not directory.is_dir():
        return found
    for path in sorted(directory.iterdir()):
        if path.name.startswith(".") and path.name.endswith(".tmp"):
            found.leftovers.append(path.name)
            if repair:
                # A write that failed before its rename: the group file itself is intact.
                try:
                    path.unlink(missing_ok=True)
                except OSError as exc:
                    log.error("could not remove the leftover %s (%s)", path, exc.strerror)
            continue
        if not path.is_file() or path.suffix != ".json":
            continue
        _read(path, found, repair=repair)
    return found


def _read(path: Path, found: Scan, *, repair: bool) -> None:
    try:
        doc, migrated = load(path.read_bytes())
        if doc.id != path.stem:
            raise msgspec.ValidationError(f"the file holds group {doc.id!r}")
    except NewerFormat as newer:
        found.newer[path.stem] = newer.found
        log.error(
            "group %s was stored by a newer release of Holdspace (%s); it is not served "
            "and its file is left untouched",
            path.stem,
            newer,
        )
        return
    except (msgspec.DecodeError, OSError, UnicodeDecodeError) as exc:
        found.unreadable.append(path.name)
        if not repair:
            log.error("could not read %s (%s)", path, exc)
            return
        try:
            moved = quarantine(path)
        except OSError as move:
            log.error(
                "could not read %s (%s) nor move it aside (%s); every other group is served", path, exc, move
            )
        else:
            log.error("could not read %s (%s); moved it to %s, every other group is served", path, exc, moved)
        return
    found.groups[doc.id] = doc
    if migrated:
        found.migrated.append(doc.id)
        if repair:
            try:
                atomic_write(path.parent, path.name, encode(doc))
            except OSError as exc:
                # Served as read; written in the current format with its next change.
                log.error("could not write group %s back in the current format (%s)", doc.id, exc.strerror)
            else:
                log.info("group %s brought forward to the current format", doc.id)


def quarantine(path: Path) -> Path:
    """Move a file aside (never delete it: an operator may mend it by hand)."""
    folder = path.parent.parent / QUARANTINE
    folder.mkdir(exist_ok=True)
    target = folder / f"{path.name}.{time.strftime('%Y%m%dT%H%M%S')}"
    os.replace(path, target)
    return target


class Renamed(OSError):
    """The new file is in place, but syncing its directory failed: it may not survive a crash."""


def atomic_write(directory: Path, name: str, data: bytes) -> None:
    """Replace `directory/name` with `data` whole, or leave the old file (and no other) there."""
    tmp = directory / f".{name}.tmp"
    try:
        with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, directory / name)
    except BaseException:
        # A failed write must not leave a copy of the group (members' names) lying about.
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    try:
        dir_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError as exc:
        raise Renamed(exc.errno, exc.strerror) from exc


PROBE = ".probe"


def probe(directory: Path) -> None:
    """Write, sync and remove a small file: OSError while the disk still refuses writes."""
    atomic_write(directory, PROBE, b"holdspace can write here\n")
    (directory / PROBE).unlink()
