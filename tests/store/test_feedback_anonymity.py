"""The anonymity proof on the embedded store: every file under the data dir at every committed
version, and the server log at DEBUG (tests/support/anonymity_audit.py says what is checked);
once the card has closed, nothing of its open period is left in the data dir."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from server.appkeys import STORE
from server.domain import Group, encode
from server.store import datadir
from server.store.journal import records
from tests.conftest import app_of
from tests.support.anonymity_audit import NAMES, audit, audit_after_close, run_scenario, server_log
from tests.support.client import create_group
from tests.support.waiting import until


class DataDirCapture:
    """Every file under the data dir (group files and the journal), read each time the store
    commits a version (the store calls its watchers right after the journal's fsync) and after
    every command."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._blobs: dict[int, dict[str, bytes]] = {}
        self._docs: dict[int, dict[str, Any]] = {}

    def committed(self, _doc: Group) -> None:
        self._read()

    async def snapshot(self) -> None:
        self._read()

    async def closing(self) -> None:
        """Nothing to record: what the journal holds is read with every version."""

    def files(self) -> dict[str, bytes]:
        return {
            str(p.relative_to(self.data_dir)): p.read_bytes() for p in self.data_dir.rglob("*") if p.is_file()
        }

    def _read(self) -> None:
        files = self.files()
        (doc,) = datadir.scan(self.data_dir / "groups", repair=False).groups.values()
        self._blobs[doc.version] = files
        self._docs[doc.version] = json.loads(encode(doc))

    def blobs(self) -> dict[int, dict[str, bytes]]:
        return self._blobs

    def documents(self) -> dict[int, dict[str, Any]]:
        return self._docs


def stored_documents(data_dir: Path) -> list[dict[str, Any]]:
    """Every group document the data dir holds: each group file and every journal record."""
    docs = [json.loads(p.read_bytes()) for p in (data_dir / "groups").glob("*.json")]
    for path in sorted((data_dir / "journal").glob("*.log")):
        data = path.read_bytes()
        docs += [json.loads(data[o : o + n]) for _, o, n in records(path) if n]
    return docs


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
    # Closing the card asked the store for a checkpoint: the journal that recorded each answer's
    # version is dropped once its groups are in their files.
    cards = {v: d["feedback"]["cards"] for v, d in capture.documents().items()}
    closed = min(v for v, c in cards.items() if c and c[0]["status"] == "closed")
    await until(lambda: all(d["version"] >= closed for d in stored_documents(settings.data_dir)))
    audit_after_close(capture.documents(), capture.files(), stored_documents(settings.data_dir))
