"""Capped exponential backoff with jitter, for reconnecting to a store that went away.

Pure: the caller passes the attempt number and a random number, so the schedule is testable.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Backoff:
    # The first retry is immediate: a single dropped connection (a Redis failover, a
    # CLIENT KILL) is usually fixed by reconnecting at once.
    base: float = 0.1
    cap: float = 5.0

    def delay(self, attempt: int, rand: float) -> float:
        """Seconds to wait before retry number `attempt` (0 = the first), `rand` in [0, 1).

        Half the ceiling plus up to half again at random ("equal jitter"): many instances that
        lost the same Redis do not all come back in the same millisecond, and none waits
        longer than `cap`.
        """
        if attempt <= 0:
            return 0.0
        ceiling = min(self.cap, self.base * 2.0 ** min(attempt - 1, 32))
        return ceiling / 2 + ceiling / 2 * min(max(rand, 0.0), 1.0)
