"""User text renders as text, the CSP holds, and a bad link says so plainly."""

from __future__ import annotations

import pytest
from playwright.sync_api import Dialog, expect

from tests.browser.conftest import Pages, ServerProcess, create_group

pytestmark = pytest.mark.browser

NAME = "<script>alert(1)</script>"


def test_script_name_renders_as_text_under_csp(live_server: ServerProcess, pages: Pages) -> None:
    group = create_group(live_server.url, name="<img src=x onerror=alert(2)>", members=[NAME, "Bo"])
    dialogs: list[str] = []
    page = pages.open("", width=360)
    page.on("dialog", lambda d: _record(dialogs, d))
    response = page.goto(group["links"]["members"][0]["url"])
    assert response is not None
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "style-src 'self'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"

    expect(page.locator(".my-name")).to_have_text(NAME)
    expect(page.locator(".group-name")).to_have_text("<img src=x onerror=alert(2)>")
    assert page.locator("script:not([src])").count() == 0
    assert page.locator("img").count() == 0
    console = pages.open(group["links"]["facilitator"])
    console.on("dialog", lambda d: _record(dialogs, d))
    expect(console.locator(".group-name")).to_have_text("<img src=x onerror=alert(2)>")
    assert dialogs == []


def _record(dialogs: list[str], dialog: Dialog) -> None:
    dialogs.append(dialog.message)
    dialog.dismiss()


def test_bad_links_say_so(live_server: ServerProcess, pages: Pages) -> None:
    group = create_group(live_server.url)
    url = group["links"]["members"][0]["url"]
    base, token = url.split("#t=")
    group_id, secret = token.split(".")

    no_token = pages.open(base, width=360)
    expect(no_token.get_by_role("alert")).to_have_text(
        "This link is not valid. Ask your facilitator to send you your personal link again."
    )
    wrong = pages.open(f"{base}#t={group_id}.{secret[::-1]}", width=360)
    expect(wrong.get_by_role("alert")).to_contain_text("This link is not valid.")
    expect(wrong.locator(".countdown")).to_have_count(0)
