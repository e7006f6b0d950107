"""What the server's log may hold, and in which form.

Holdspace's own code logs no command arguments, tokens, ballots or documents. Some libraries
log whole messages at DEBUG: redis-py writes every pub/sub message it receives (here: every
committed group document, comments included) under the logger "push_response". Those loggers
are held at INFO, so turning the server's log up to DEBUG cannot put a member's words, or the
moment each answer was counted, into the log.

The access log names the method and the path only: a query string may carry a token someone
pasted (it is refused, but it must not be written down either), and a fragment never reaches
the server at all.

No client input ever writes a traceback: aiohttp logs one for every request it cannot parse
(anyone can send garbage to the port); such a record keeps one line saying what was wrong.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger
from aiohttp.http_exceptions import HttpProcessingError

PAYLOAD_LOGGERS = ("push_response",)
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _ClientErrorsInOneLine(logging.Filter):
    """A request that could not be parsed is the client's mistake, not ours: one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, HttpProcessingError):
            record.msg = f"{record.getMessage()}: {exc.code} {exc.message}"[:300]
            record.args = None
            record.exc_info = None
            record.exc_text = None
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


_ONE_LINE = _ClientErrorsInOneLine()


def guard() -> None:
    for name in PAYLOAD_LOGGERS:
        logging.getLogger(name).setLevel(logging.INFO)
    server_log = logging.getLogger("aiohttp.server")
    if _ONE_LINE not in server_log.filters:
        server_log.addFilter(_ONE_LINE)


class JsonLines(logging.Formatter):
    """One JSON object per line, for log collectors (`--log-format json`)."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure(log_format: str) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonLines() if log_format == "json" else logging.Formatter(TEXT_FORMAT))
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)
    guard()


class AccessLog(AbstractAccessLogger):
    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        self.logger.info(
            "%s %s %s %s %.1fms",
            request.remote,
            request.method,
            request.rel_url.path,
            response.status,
            time * 1000,
        )
