"""`python -m server` / `holdspace`: run the service, or an operator command (server/ops/)."""

from __future__ import annotations

import asyncio
import logging
import sys

from aiohttp import web

from . import logs, ops
from .app import create_app
from .config import from_env
from .guard import creators
from .jobs import gcpolicy
from .store.journal import NewerJournal


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ops.COMMANDS:
        logs.configure("text")
        sys.exit(ops.run(argv))
    settings = from_env(argv=argv)
    logs.configure(settings.log_format)
    refusal = asyncio.run(creators.refusal_at_start(settings))
    if refusal is not None:
        print(refusal, file=sys.stderr, flush=True)
        sys.exit(2)
    if settings.open_creation:
        logging.getLogger(__name__).warning(
            "--open-creation: anyone may create groups, with or without a key"
        )
    store = "Redis store" if settings.redis_url else f"data dir {settings.data_dir}"
    print(f"Holdspace on http://{settings.host}:{settings.port}/ ({store})", flush=True)
    app = create_app(settings)
    # Only the service takes over the collector; tests build apps in their own process.
    app.cleanup_ctx.append(gcpolicy.cleanup_ctx())
    try:
        web.run_app(app, host=settings.host, port=settings.port, print=None, access_log_class=logs.AccessLog)
    except NewerJournal as newer:
        print(f"Holdspace does not start: {newer}", file=sys.stderr, flush=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
