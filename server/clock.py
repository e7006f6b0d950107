"""The server's clock: the only one Holdspace trusts."""

import time


def now_ms() -> int:
    return time.time_ns() // 1_000_000
