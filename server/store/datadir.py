"""The embedded store's files: one `<group id>.json` per group under `<data dir>/groups/`, the
checkpoints of the journal (`<data dir>/journal/`, server/store/journal.py).

`scan` reads them all, the journal's newer versions over them, and sorts what it finds: groups
(older formats brought forward), groups of a newer release (left alone), unreadable files
(moved aside to `quarantine/` when repairing, so a bad file is named once and never stops the
others), and temporary files a failed write left. `holdspace check` and `holdspace backup` run
it without changing anything; the service itself reads one group at a time, on first use.
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
from .journal import SUFFIX, records

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
    """Read every group (its file, or its latest journal record); with `repair`, also write
    migrated groups back in the current format, move unreadable files to quarantine and remove
    leftover temporary files."""
    found = _scan_files(directory, repair=repair)
    for group_id, data in journal_latest(directory.parent / "journal").items():
        found.groups.pop(group_id, None)
        found.newer.pop(group_id, None)
        if data is None:
            continue
        try:
            doc, migrated = load(data)
        except NewerFormat as newer:
            found.newer[group_id] = newer.found
            continue
        except (msgspec.DecodeError, UnicodeDecodeError):
            found.unreadable.append(f"journal record of {group_id}")
            continue
        found.groups[group_id] = doc
        if migrated:
            found.migrated.append(group_id)
    return found


def journal_latest(directory: Path) -> dict[str, bytes | None]:
    """The latest version of each group in the journal (None: deleted), read only."""
    latest: dict[str, bytes | None] = {}
    if not directory.is_dir():
        return latest
    for path in sorted(p for p in directory.glob(f"*{SUFFIX}") if p.stem.isdigit()):
        data = path.read_bytes()
        for group_id, offset, length in records(path, data):
            latest[group_id] = data[offset : offset + length] if length else None
    return latest


def _scan_files(directory: Path, *, repair: bool) -> Scan:
    found = Scan()
    if repair:
        directory.mkdir(parents=True, exist_ok=True)
    if not directory.is_dir():
        return found
    for path in sorted(directory.iterdir()):
        if _leftover(path.name):
            found.leftovers.append(path.name)
            if repair:
                _remove_leftover(path)
            continue
        if not path.is_file() or path.suffix != ".json":
            continue
        _read(path, found, repair=repair)
    return found


def decode(group_id: str, data: bytes) -> tuple[Group, bool]:
    """Group `group_id` as stored (older formats brought forward: True when it was). Raises
    NewerFormat, logged once here, for a group a newer release stored."""
    try:
        doc, migrated = load(data)
    except NewerFormat as newer:
        log.error(
            "group %s was stored by a newer release of Holdspace (%s); it is not served "
            "and its file is left untouched",
            group_id,
            newer,
        )
        raise
    if doc.id != group_id:
        raise msgspec.ValidationError(f"the file holds group {doc.id!r}")
    return doc, migrated


def _read(path: Path, found: Scan, *, repair: bool) -> None:
    try:
        doc, migrated = decode(path.stem, path.read_bytes())
    except NewerFormat as newer:
        found.newer[path.stem] = newer.found
        return
    except (msgspec.DecodeError, OSError, UnicodeDecodeError) as exc:
        found.unreadable.append(path.name)
        if repair:
            set_aside(path, exc)
        else:
            log.error("could not read %s (%s)", path, exc)
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


def remove_leftovers(directory: Path) -> None:
    """Temporary files a failed write left (the group files themselves are intact)."""
    with os.scandir(directory) as entries:
        for entry in entries:
            if _leftover(entry.name):
                _remove_leftover(Path(entry.path))


def _leftover(name: str) -> bool:
    return name.startswith(".") and name.endswith(".tmp")


def _remove_leftover(path: Path) -> None:
    # A write that failed before its rename: the group file itself is intact.
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        log.error("could not remove the leftover %s (%s)", path, exc.strerror)


def group_files(directory: Path) -> list[str]:
    with os.scandir(directory) as entries:
        return [e.name[:-5] for e in entries if e.name.endswith(".json") and not e.name.startswith(".")]


def set_aside(path: Path, exc: Exception) -> None:
    """An unreadable group file goes to quarantine, named in the log; the others are served."""
    try:
        moved = quarantine(path)
    except OSError as move:
        log.error(
            "could not read %s (%s) nor move it aside (%s); every other group is served", path, exc, move
        )
    else:
        log.error("could not read %s (%s); moved it to %s, every other group is served", path, exc, moved)


def write_all(directory: Path, docs: dict[str, bytes | None]) -> None:
    """Write these groups' files (None: remove it) durably: each whole or not at all, one
    directory sync for them all."""
    written: list[Path] = []
    for group_id, data in docs.items():
        if data is None:
            with contextlib.suppress(FileNotFoundError):
                (directory / f"{group_id}.json").unlink()
            continue
        try:
            tmp = _synced_tmp(directory, f"{group_id}.json", data)
        except BaseException:
            for done in written:
                with contextlib.suppress(OSError):
                    done.unlink()
            raise
        written.append(tmp)
    for tmp in written:
        os.replace(tmp, directory / tmp.name[1:-4])
    _sync_dir(directory)


def quarantine(path: Path) -> Path:
    """Move a file aside (never delete it: an operator may mend it by hand)."""
    folder = path.parent.parent / QUARANTINE
    folder.mkdir(exist_ok=True)
    target = folder / f"{path.name}.{time.strftime('%Y%m%dT%H%M%S')}"
    os.replace(path, target)
    return target


class Renamed(OSError):
    """The new file is in place, but syncing its directory failed: it may not survive a crash."""


def _synced_tmp(directory: Path, name: str, data: bytes) -> Path:
    """`data` written and synced to `directory/.name.tmp`, to be renamed over `name`."""
    tmp = directory / f".{name}.tmp"
    try:
        with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        # A failed write must not leave a copy of the group (members' names) lying about.
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return tmp


def _sync_dir(directory: Path) -> None:
    dir_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def atomic_write(directory: Path, name: str, data: bytes) -> None:
    """Replace `directory/name` with `data` whole, or leave the old file (and no other) there."""
    tmp = _synced_tmp(directory, name, data)
    try:
        os.replace(tmp, directory / name)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    try:
        _sync_dir(directory)
    except OSError as exc:
        raise Renamed(exc.errno, exc.strerror) from exc


PROBE = ".probe"


def probe(directory: Path) -> None:
    """Write, sync and remove a small file: OSError while the disk still refuses writes."""
    atomic_write(directory, PROBE, b"holdspace can write here\n")
    (directory / PROBE).unlink()
