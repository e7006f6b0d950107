"""Counters for /metrics (Prometheus text format). Nothing here names a member or a group."""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Mapping

from .jobs.gcpolicy import PASSES

ROLES = ("facilitator", "member", "display")


class Metrics:
    def __init__(self) -> None:
        self.commands: Counter[str] = Counter()

    def render(
        self, sockets: int, groups: int, frames: Mapping[str, int], in_memory: int | None = None
    ) -> str:
        lines = [
            "# TYPE holdspace_sockets gauge",
            f"holdspace_sockets {sockets}",
            "# TYPE holdspace_groups_active gauge",
            f"holdspace_groups_active {groups}",
            "# TYPE holdspace_commands_total counter",
        ]
        lines += [
            f'holdspace_commands_total{{result="{result}"}} {count}'
            for result, count in sorted(self.commands.items())
        ]
        # State frames sent, by the role of the socket (a socket gets one only when its view changed).
        lines.append("# TYPE holdspace_frames_total counter")
        lines += [f'holdspace_frames_total{{role="{role}"}} {frames.get(role, 0)}' for role in ROLES]
        if in_memory is not None:
            # The embedded store's groups held in memory: those in use, not all those stored.
            lines += ["# TYPE holdspace_groups_in_memory gauge", f"holdspace_groups_in_memory {in_memory}"]
        lines += [
            # What the collector's schedule froze (jobs/gcpolicy.py): in a steady state it follows
            # the sockets and groups in use; growth beyond them is garbage waiting for a full pass.
            "# TYPE holdspace_gc_frozen_objects gauge",
            f"holdspace_gc_frozen_objects {gc.get_freeze_count()}",
            "# TYPE holdspace_gc_full_passes_total counter",
            f"holdspace_gc_full_passes_total {PASSES.count}",
            "# TYPE holdspace_gc_full_passes_skipped_total counter",
            f"holdspace_gc_full_passes_skipped_total {PASSES.skipped}",
            "# TYPE holdspace_gc_full_pass_seconds_total counter",
            f"holdspace_gc_full_pass_seconds_total {PASSES.seconds:.6f}",
            "# TYPE holdspace_gc_full_pass_longest_seconds gauge",
            f"holdspace_gc_full_pass_longest_seconds {PASSES.longest:.6f}",
            "# TYPE holdspace_gc_full_pass_collected_total counter",
            f"holdspace_gc_full_pass_collected_total {PASSES.found}",
        ]
        return "\n".join(lines) + "\n"
