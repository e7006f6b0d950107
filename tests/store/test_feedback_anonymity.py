"""The anonymity proof on the embedded store: every file under the data dir at every committed
version, and the server log at DEBUG (tests/support/anonymity_audit.py says what is checked);
once the card has closed, nothing of its open period is left in the data dir."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from server.appkeys import STORE
from server.domain import Group
from tests.conftest import app_of
from tests.support.anonymity_audit import NAMES, audit, audit_after_close, run_scenario, server_log
from tests.support.client import create_group


class DataDirCapture:
    """Every file under the data dir, read each time the store commits a version (the store
    calls its watchers right after the atomic write) and after every command."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._blobs: dict[int, dict[str, bytes]] = {}

    def committed(self, _doc: Group) -> None:
        self._read()

    async def snapshot(self) -> None:
        self._read()

    async def closing(self) -> None:
        """Nothing to record: each group's file holds only its latest version."""

    def files(self) -> dict[str, bytes]:
        return {
            str(p.relative_to(self.data_dir)): p.read_bytes() for p in self.data_dir.rglob("*") if p.is_file()
        }

    def _read(self) -> None:
        files = self.files()
        (doc,) = [json.loads(b) for name, b in files.items() if name.endswith(".json")]
        self._blobs[doc["version"]] = files

    def blobs(self) -> dict[int, dict[str, bytes]]:
        return self._blobs

    def documents(self) -> dict[int, dict[str, Any]]:
        return {
            v: next(json.loads(b) for name, b in files.items() if name.endswith(".json"))
            for v, files in self._blobs.items()
        }


async def test_nothing_stored_or_logged_ties_an_answer_to_a_member(
    server, base_url, connect, settings, caplog
) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    course = await create_group(base_url, members=NAMES)
    assert settings.data_dir is not None
    capture = DataDirCapture(settings.data_dir)
    unwatch = await app_of(server)[STORE].watch(course["group_id"], capture.committed)
    played = await run_scenario(course, connect, capture)
    await unwatch()
    audit(played, capture, server_log(caplog.records))
    now = capture.files()
    written = [json.loads(b) for name, b in now.items() if name.endswith(".json")]
    audit_after_close(capture.documents(), now, written)
