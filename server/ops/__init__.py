"""Operator commands, run beside (or instead of) the service:
`holdspace backup|restore|check|key`."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from ..store import StoreUnavailable
from ..store.journal import NewerJournal
from . import backup, check, keys

COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None], Callable[..., int]]] = {
    "backup": ("write a consistent copy of every group (embedded store)", backup.options, backup.backup),
    "restore": ("restore a backup into an empty data directory", backup.options, backup.restore),
    "check": (
        "read every stored group without serving; list any that cannot be read",
        check.options,
        check.run,
    ),
    "key": (
        "facilitator keys: add NAME (prints a personal sign-in link), list, revoke ID",
        keys.options,
        keys.run,
    ),
}


def run(argv: Sequence[str]) -> int:
    name, rest = argv[0], argv[1:]
    summary, options, action = COMMANDS[name]
    parser = argparse.ArgumentParser(prog=f"holdspace {name}", description=summary)
    parser.add_argument("--data-dir", default=os.environ.get("HOLDSPACE_DATA_DIR", "data"))
    options(parser)
    args = parser.parse_args(rest)
    try:
        return action(args)
    except (backup.Refusal, NewerJournal) as refusal:
        print(f"holdspace {name}: {refusal}", file=sys.stderr)
        return 2
    except StoreUnavailable as exc:
        print(
            f"holdspace {name}: the store cannot be reached or written ({exc}); nothing changed",
            file=sys.stderr,
        )
        return 2
