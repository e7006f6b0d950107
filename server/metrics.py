"""Counters for /metrics (Prometheus text format). Nothing here names a member or a group."""

from __future__ import annotations

from collections import Counter


class Metrics:
    def __init__(self) -> None:
        self.commands: Counter[str] = Counter()

    def render(self, sockets: int, groups: int) -> str:
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
        return "\n".join(lines) + "\n"
