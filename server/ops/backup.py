"""`holdspace backup FILE` and `holdspace restore FILE` for the embedded store.

A backup may be taken while the service runs: each group is read as one whole committed version
(its latest journal record, else its file, which is replaced atomically; groups are independent,
nothing spans two). The file is one JSON object: `{"format": "holdspace-backup/1", "holdspace":
version, "taken_at": ms, "groups": [<each group>]}`, every group brought forward to this build's
format and carrying that format's number, so a backup taken by an older release restores
through the migrations of the build that restores it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

import msgspec

from ..config import version
from ..domain import NewerFormat, encode, load
from ..store import datadir

FORMAT = "holdspace-backup/1"


class Refusal(Exception):
    """Nothing was written; the sentence says why."""


class Backup(msgspec.Struct):
    format: str
    holdspace: str
    taken_at: int
    groups: list[msgspec.Raw]


def options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path)


def groups_dir(args: argparse.Namespace) -> Path:
    return Path(args.data_dir) / "groups"


def backup(args: argparse.Namespace) -> int:
    found = datadir.scan(groups_dir(args), repair=False)
    # Each group as this build reads it (brought forward): one whole committed version.
    docs = [msgspec.Raw(encode(doc)) for _, doc in sorted(found.groups.items())]
    body = msgspec.json.encode(Backup(FORMAT, version(), int(time.time() * 1000), docs))
    target: Path = args.file
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_bytes(body)
    os.replace(tmp, target)
    print(f"backed up {len(docs)} group(s) to {target}")
    problems = len(found.unreadable) + len(found.newer)
    if problems:
        print(
            f"not backed up: {', '.join(found.unreadable + sorted(found.newer))} (see holdspace check)",
            file=sys.stderr,
        )
    return 1 if problems else 0


def restore(args: argparse.Namespace) -> int:
    directory = groups_dir(args)
    if directory.is_dir() and any(p.suffix == ".json" for p in directory.iterdir()):
        raise Refusal(f"{directory} already holds groups; restore only into an empty data directory")
    try:
        taken = msgspec.json.decode(Path(args.file).read_bytes(), type=Backup)
    except (OSError, msgspec.DecodeError) as exc:
        raise Refusal(f"cannot read {args.file}: {exc}") from None
    if taken.format != FORMAT:
        raise Refusal(f"{args.file} is not a Holdspace backup ({taken.format!r})")
    docs: list[Any] = []
    for raw in taken.groups:
        try:
            docs.append(load(bytes(raw))[0])
        except NewerFormat as newer:
            raise Refusal(f"the backup holds a group of a newer release ({newer}); upgrade first") from None
        except msgspec.DecodeError as exc:
            raise Refusal(f"the backup holds an unreadable group ({exc})") from None
    directory.mkdir(parents=True, exist_ok=True)
    for doc in docs:
        datadir.atomic_write(directory, f"{doc.id}.json", encode(doc))
    print(f"restored {len(docs)} group(s) into {directory.parent}")
    return 0
