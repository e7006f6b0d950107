"""The links handed out: on the public URL if one is set, else the origin the request used."""

from __future__ import annotations

from aiohttp import web

from ..appkeys import SETTINGS


def base(request: web.Request) -> str:
    return request.app[SETTINGS].public_url or str(request.url.origin())


def link(base_url: str, group_id: str, view: str, token: str) -> str:
    """A page's link: its token after `#t=`, a fragment browsers never send anywhere."""
    return f"{base_url}/g/{group_id}/{view}#t={token}"
