"""The browser's files: ES modules under /overlay/ and stylesheets under /static/.

Served by a handler of our own rather than aiohttp's static route, whose missing-file answer
is an empty 404 decided after the middleware has let go: here a miss is the one error body.
"""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from .. import protocol


def route(prefix: str, root: Path) -> web.RouteDef:
    root = root.resolve()

    async def serve(request: web.Request) -> web.StreamResponse:
        path = (root / request.match_info["path"]).resolve()
        if root not in path.parents or not path.is_file():
            raise protocol.Failure(protocol.NOT_FOUND, "There is nothing at this address.")
        response = web.FileResponse(path)
        if path.parent.name == "i18n" and path.suffix == ".json":
            # A message catalog: kept by the browser, asked again each load (its ETag answers
            # 304 until a release changes it), so a page never mixes old and new words.
            response.headers["Cache-Control"] = "no-cache"
            response.content_type = "application/json"
        return response

    return web.get(prefix + "{path:.+}", serve)
