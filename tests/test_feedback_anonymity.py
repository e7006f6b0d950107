"""The anonymity proof: read every persisted byte of every version, and the server log.

Five members over real sockets: a survey opens, members take ballots (one joins late, one
reloads), four answer in a known order with words only they wrote, one skips; the card
closes and is revealed. Every version the store commits is captured as it is committed
(every file under the data dir at that instant), and the log is captured at DEBUG.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
from pathlib import Path
from typing import Any

import pytest

from server.appkeys import STORE
from server.config import Settings
from server.domain import Group
from tests.client import Client, create_group, token_of
from tests.conftest import app_of

NAMES = ["Ann", "Bo", "Cy", "Dee", "Eli"]
SURVEY = {"questions": [{"library": "exclusion"}, {"library": "respected"}, {"library": "better"}]}
# (member index, yes/no choice, agree choice, comment on q1, free text for q2)
ANSWERS = [
    (2, 0, 1, "walrus joke about my accent", "slower check-in please"),
    (0, 1, 3, None, "more silence after turns"),
    (4, 1, 4, "nothing hurtful, felt warm", None),
    (1, 0, 0, "someone spoke over me twice", "name the agreements again"),
]
NEAR = 400  # bytes either side of an answer in which no member may be named


class Recorder:
    """Captures every file under the data dir each time the store commits a version."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.versions: dict[int, dict[str, bytes]] = {}

    def __call__(self, doc: Group) -> None:
        files = {
            str(p.relative_to(self.data_dir)): p.read_bytes() for p in self.data_dir.rglob("*") if p.is_file()
        }
        self.versions[doc.version] = files

    def documents(self) -> dict[int, dict[str, Any]]:
        out = {}
        for version, files in self.versions.items():
            (doc,) = [json.loads(b) for name, b in files.items() if name.endswith(".json")]
            assert doc["version"] == version
            out[version] = doc
        return out


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


async def _ballot(client: Client, nonce: str) -> str:
    reply = await client.cmd("feedback.ballot", {"card_id": "c1", "nonce": nonce})
    assert reply["type"] == "ack", reply
    msg = await client.wait_for(lambda m: m["type"] == "ballot" and nonce in m["ballot"])
    return str(msg["ballot"])


async def test_nothing_stored_or_logged_ties_an_answer_to_a_member(
    server, base_url, connect, settings, caplog
) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    course = await create_group(base_url, members=NAMES)
    gid = course["group_id"]
    links = [m["url"] for m in course["links"]["members"]]
    store = app_of(server)[STORE]
    assert settings.data_dir is not None
    recorder = Recorder(settings.data_dir)
    unwatch = await store.watch(gid, recorder)

    fac = await connect(course["links"]["facilitator"])
    await fac.cmd("session.start", {"number": 1})
    assert (await fac.cmd("feedback.open", SURVEY))["type"] == "ack"
    members: dict[int, Client] = {i: await connect(links[i]) for i in range(4)}  # Eli is not here yet
    nonces = {i: secrets.token_hex(16) for i in range(5)}
    ballots = {i: await _ballot(members[i], nonces[i]) for i in range(4)}

    answer_versions = []
    for turn, (who, yes_no, agree, comment, text) in enumerate(ANSWERS):
        if turn == 2:  # Eli joins late and takes a ballot; Ann reloads and keeps hers
            members[4] = await connect(links[4])
            ballots[4] = await _ballot(members[4], nonces[4])
            await members[0].close()
            members[0] = await connect(links[0])
            assert await _ballot(members[0], nonces[0]) == ballots[0]
        q1: dict[str, Any] = {"question": "q1", "choice": yes_no}
        if comment:
            q1["comment"] = comment
        answers = [q1, {"question": "q2", "choice": agree}]
        if text:
            answers.append({"question": "q3", "comment": text})
        reply = await members[who].cmd(
            "feedback.answer", {"card_id": "c1", "ballot": ballots[who], "answers": answers}
        )
        assert reply["type"] == "ack" and reply["changed"], reply
        answer_versions.append(reply["version"])
    # Member 3 (Dee) skips: her page never sends anything.
    closed = await fac.cmd("feedback.close", {"card_id": "c1"})
    revealed = await fac.cmd("feedback.reveal", {"card_id": "c1"})
    await fac.state_at(revealed["version"])
    await unwatch()

    docs = recorder.documents()
    assert sorted(docs) == list(range(min(docs), revealed["version"] + 1))  # every version captured
    secrets_ = _secrets(course, nonces, ballots)
    words = [w for a in ANSWERS for w in a[3:] if w]

    # 1. No secret of any kind in any persisted byte of any version, nor in the log.
    # The server's log: everything but the `websockets` client library, which plays the browsers.
    server_records = [r for r in caplog.records if not r.name.startswith("websockets")]
    assert any(r.name == "aiohttp.access" for r in server_records)  # the capture does see the server
    log = "\n".join(r.getMessage() + (r.exc_text or "") for r in server_records)
    blobs = [b for files in recorder.versions.values() for b in files.values()] + [log.encode()]
    for blob in blobs:
        for s in secrets_:
            assert s.encode() not in blob

    # 2. The log says nothing about answers or members at all.
    for w in words:
        assert w not in log
    for i, name in enumerate(NAMES):
        assert not re.search(rf"\b{name}\b|\bm{i + 1}\b", log), log

    # 3. No member is named near any answer in any stored byte; the feedback part names no one.
    for version, files in recorder.versions.items():
        for blob in files.values():
            text = blob.decode()
            for w in words:
                for m in re.finditer(re.escape(w), text):
                    near = text[max(0, m.start() - NEAR) : m.end() + NEAR]
                    for i, name in enumerate(NAMES):
                        assert name not in near and f'"m{i + 1}"' not in near, (version, w)
        feedback = json.dumps(docs[version]["feedback"])
        for i, name in enumerate(NAMES):
            assert name not in feedback and f'"m{i + 1}"' not in feedback
        assert not re.search(r"\b1\d{12}\b", feedback), "a timestamp in the feedback part"

    # 4. Each answer's version differs from the one before only in counts (and one new spent hash).
    seen_hashes = _all_issue_records(docs)
    for v in answer_versions:
        changed = _diff(docs[v - 1], docs[v])
        allowed = re.compile(
            r"^version$|^feedback\.cards\.0\.(answers|spent\.\d+|tallies\.\d+\.(counts\.\d+|answered|comments\.\d+))$"
        )
        assert changed and all(allowed.match(p) for p in changed), changed
        new_spent = set(docs[v]["feedback"]["cards"][0]["spent"]) - set(
            docs[v - 1]["feedback"]["cards"][0]["spent"]
        )
        assert (
            len(new_spent) == 1 and not new_spent & seen_hashes
        )  # a fresh value, unrelated to any issue record
        assert docs[v]["recent"] == docs[v - 1]["recent"]

    # 5. Comments are stored in an order unrelated to arrival; closing wipes the ballot bookkeeping.
    card = docs[closed["version"]]["feedback"]["cards"][0]
    assert (card["key"], card["issued"], card["spent"]) == (None, {}, [])
    assert card["answers"] == 4 and card["tallies"][0]["counts"] == [2, 2]
    assert sorted(card["tallies"][2]["comments"]) == sorted(a[4] for a in ANSWERS if a[4])


def _secrets(course: dict[str, Any], nonces: dict[int, str], ballots: dict[int, str]) -> list[str]:
    from server.domain import ballot

    tokens = [token_of(m["url"]) for m in course["links"]["members"]]
    tokens += [token_of(course["links"][k]) for k in ("facilitator", "cofacilitator", "display")]
    out = [t.split(".")[1] for t in tokens] + [ballot.holder(t.split(".")[1]) for t in tokens]
    out += list(nonces.values()) + list(ballots.values()) + [b.split(".")[3] for b in ballots.values()]
    return out


def _all_issue_records(docs: dict[int, dict[str, Any]]) -> set[str]:
    """Every slot and issue check ever stored: no spent hash may be one of these."""
    found: set[str] = set()
    for doc in docs.values():
        for card in doc["feedback"]["cards"]:
            found |= set(card["issued"]) | set(card["issued"].values())
    return found


def _diff(a: Any, b: Any, path: str = "") -> list[str]:
    """Paths (dotted) whose values differ between two JSON documents."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for key in sorted(set(a) | set(b)):
            out += _diff(a.get(key), b.get(key), f"{path}.{key}" if path else key)
        return out
    if isinstance(a, list) and isinstance(b, list):
        out = []
        for i in range(max(len(a), len(b))):
            out += _diff(a[i] if i < len(a) else None, b[i] if i < len(b) else None, f"{path}.{i}")
        return out
    return [] if a == b else [path]
