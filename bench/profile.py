"""Where the server's time goes: py-spy samples of it, summarised.

    python -m bench.profile STACKS.txt      # a `py-spy record --format raw` file

py-spy (pip install py-spy) samples the running server from outside, so the server runs
unmodified. The summary gives the functions that were on top of the stack most often (own
time), and for each part of the code the share of samples it appears in (inclusive).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

# Frames look like "send_frame (aiohttp/_websocket/writer.py:123)".
FRAME = re.compile(r"^(?P<func>.*) \((?P<file>[^:()]*)(?::\d+)?\)$")
PARTS = [
    ("Holdspace: hub (views, encoding, fan-out)", "server/ws/hub.py"),
    ("Holdspace: domain (apply, copy)", "server/domain/"),
    ("Holdspace: store", "server/store/"),
    ("Holdspace: socket handler (ws.py)", "server/ws.py"),
    ("Holdspace: connection (send queue)", "server/ws/connection.py"),
    ("aiohttp websocket reader", "aiohttp/_websocket/reader"),
    ("aiohttp websocket writer", "aiohttp/_websocket/writer"),
    ("aiohttp heartbeat", "_send_heartbeat"),
    ("asyncio event loop", "asyncio/base_events.py"),
    ("selector / sockets", "selectors.py"),
]


def record(pid: int, seconds: float, out: Path, rate: int = 100) -> subprocess.Popen[bytes]:
    """Start sampling `pid` for `seconds` (returns the running py-spy)."""
    exe = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    cmd = [exe, "record", "--pid", str(pid), "--duration", str(int(seconds)), "--rate", str(rate)]
    # --gil: only the thread running Python code (the event loop, mostly); a store thread
    # waiting in fsync uses no CPU and would otherwise fill the profile.
    cmd += ["--format", "raw", "--gil", "--nonblocking", "-o", str(out)]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def summarise(path: Path, top: int = 20) -> str:
    if not path.exists():
        return "no samples: py-spy wrote nothing (is it installed, may it attach?)\n"
    own: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        total += n
        frames = stack.split(";")
        m = FRAME.match(frames[-1])
        own[f"{m['func']} ({Path(m['file']).name})" if m else frames[-1]] += n
        for name, marker in PARTS:
            if any(marker in f for f in frames):
                inclusive[name] += n
    if not total:
        return "no samples\n"
    lines = [f"{total} samples", "", "| part of the code | share of samples (inclusive) |", "|---|---|"]
    for name, _ in PARTS:
        lines.append(f"| {name} | {100 * inclusive[name] / total:.1f} % |")
    lines += ["", "| function (own time) | share |", "|---|---|"]
    for label, n in own.most_common(top):
        lines.append(f"| `{label}` | {100 * n / total:.1f} % |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.profile")
    parser.add_argument("stacks", type=Path)
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args()
    print(summarise(args.stacks, args.top), end="")


if __name__ == "__main__":
    main()
