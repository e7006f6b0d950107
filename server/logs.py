"""Guards on what the server's log may hold.

Holdspace's own code logs no command arguments, tokens, ballots or documents. Some libraries
log whole messages at DEBUG: redis-py writes every pub/sub message it receives (here: every
committed group document, comments included) under the logger "push_response". Those loggers
are held at INFO, so turning the server's log up to DEBUG cannot put a member's words, or the
moment each answer was counted, into the log.
"""

from __future__ import annotations

import logging

PAYLOAD_LOGGERS = ("push_response",)


def guard() -> None:
    for name in PAYLOAD_LOGGERS:
        logging.getLogger(name).setLevel(logging.INFO)
