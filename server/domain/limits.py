"""Bounds on what a group may hold: generous for real groups, small enough to refuse abuse."""

MAX_NAME = 80  # group name, segment title
MAX_MEMBER_NAME = 40
MAX_MEMBERS = 12
MAX_SESSIONS = 52
MAX_SEGMENTS = 30
MAX_SEGMENT_MS = 4 * 60 * 60_000
MAX_ADJUST_MS = 60 * 60_000
MINUTE_MS = 60_000
# A retried command is recognised for 10 minutes (domain/retries.py); at most this many are
# remembered, far more than a group sends in 10 minutes, so only a flood shortens the memory.
RETRY_MEMORY_MS = 10 * 60_000
RECENT_COMMANDS = 256
