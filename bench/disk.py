"""How long the data dir's disk takes to sync a journal-sized append: quiet, then under churn.

    .venv/bin/python -m bench.disk                       # a temporary directory under /tmp
    .venv/bin/python -m bench.disk --dir /var/lib/holdspace/probe --seconds 30

The embedded store shows a change once its journal record is synced (server/store/journal.py),
so every command's time to every screen includes one `fdatasync` of this disk: a disk whose
syncs stall now and then puts those stalls straight into the p99 (bench/README.md, seventh
round). This appends a 6 KB record and syncs it every 5 ms, first alone, then while another
thread replaces 1,000 files of 6 KB with a sync each every second, as a checkpoint does.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time
from pathlib import Path

RECORD = 6000
FILES = 1000


def appends(path: Path, seconds: float) -> list[float]:
    """Milliseconds each append's fdatasync took."""
    took = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.write(fd, os.urandom(RECORD))
            start = time.perf_counter()
            os.fdatasync(fd)
            took.append((time.perf_counter() - start) * 1000)
        finally:
            os.close(fd)
        time.sleep(0.005)
    path.unlink()
    return took


def checkpoints(directory: Path, stop: threading.Event) -> None:
    directory.mkdir(exist_ok=True)
    while not stop.is_set():
        for i in range(FILES):
            final, tmp = directory / f"g{i}.json", directory / f"g{i}.json.tmp"
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                os.write(fd, os.urandom(RECORD))
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(tmp, final)
            if stop.is_set():
                return
        stop.wait(1.0)


def summary(label: str, took: list[float]) -> str:
    took = sorted(took)

    def at(q: float) -> float:
        return took[min(len(took) - 1, int(q * len(took)))]

    slow = sum(t > 20 for t in took)
    return (
        f"| {label} | {len(took)} | {at(0.5):.2f} | {at(0.95):.2f} | {at(0.99):.2f} | "
        f"{took[-1]:.1f} | {slow} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, help="a directory on the data dir's disk (default: under /tmp)")
    parser.add_argument("--seconds", type=float, default=15.0, help="for each of the two phases")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="holdspace-disk-", dir=args.dir) as tmp:
        root = Path(tmp)
        quiet = appends(root / "journal.log", args.seconds)
        stop = threading.Event()
        churn = threading.Thread(target=checkpoints, args=(root / "groups", stop))
        churn.start()
        try:
            busy = appends(root / "journal.log", args.seconds)
        finally:
            stop.set()
            churn.join()
    print(f"\nfdatasync of a {RECORD}-byte append, every 5 ms, in {root.parent}\n")
    print("| phase | syncs | p50 ms | p95 ms | p99 ms | max ms | over 20 ms |")
    print("|---|---|---|---|---|---|---|")
    print(summary("alone", quiet))
    print(summary(f"while {FILES} files are replaced each second", busy))


if __name__ == "__main__":
    main()
