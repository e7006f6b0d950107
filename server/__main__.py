"""`python -m server` / `holdspace`: run the service."""

from __future__ import annotations

import logging
import sys

from aiohttp import web

from .app import create_app
from .config import from_env
from .jobs import gcpolicy


def main(argv: list[str] | None = None) -> None:
    settings = from_env(argv=sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    store = "Redis store" if settings.redis_url else f"data dir {settings.data_dir}"
    print(f"Holdspace on http://{settings.host}:{settings.port}/ ({store})", flush=True)
    app = create_app(settings)
    # Only the service takes over the collector; tests build apps in their own process.
    app.cleanup_ctx.append(gcpolicy.cleanup_ctx())
    web.run_app(app, host=settings.host, port=settings.port, print=None)


if __name__ == "__main__":
    main()
