"""The anonymity audit shared by the embedded-store and Redis proofs.

`run_scenario` plays five members over real sockets: a survey opens, members take ballots (one
joins late, one reloads), four answer in a known order with words only they wrote, one skips;
the card closes and is revealed, and a facilitator shows one comment. After every command the
store's persisted bytes are captured (`Capture.snapshot`), so every committed version is seen.
`audit` then checks every byte of every version, and the server log, for anything that ties an
answer to a member; `audit_after_close` checks what is still stored once the card has closed:
nothing of the open period (no tally in arrival order, no ballot bookkeeping, not the text of
comments too few to be read).
"""

from __future__ import annotations

import json
import logging
import re
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from server.domain.feedback import ballot
from tests.support.client import Client, token_of
from tests.support.waiting import until

NAMES = ["Ann", "Bo", "Cy", "Dee", "Eli"]
SURVEY = {"questions": [{"library": "exclusion"}, {"library": "respected"}, {"library": "better"}]}
# (member index, yes/no choice, agree choice, comment on q1, free text for q3)
ANSWERS = [
    (2, 0, 1, "walrus joke about my accent", "slower check-in please"),
    (0, 1, 3, None, "more silence after turns"),
    (4, 1, 4, "nothing hurtful, felt warm", None),
    (1, 0, 0, "someone spoke over me twice", "name the agreements again"),
]
WORDS = [w for a in ANSWERS for w in a[3:] if w]
# q3 got three answers: counts may show (k = 3), but comments need four (k + 1), so closing keeps
# only how many there were, and once the card has closed their text is stored nowhere.
WITHHELD = [a[4] for a in ANSWERS if a[4]]
NEAR = 400  # bytes either side of an answer in which no member may be named
ANSWER_PATHS = re.compile(
    r"^version$|^feedback\.cards\.0\.(answers|spent\.\d+|tallies\.\d+\.(counts\.\d+|answered|comments\.\d+))$"
)


class Capture(Protocol):
    async def snapshot(self) -> None:
        """Record every persisted byte now, under the version the store holds."""

    async def closing(self) -> None:
        """The card is about to close: record the history the store has kept so far."""

    def blobs(self) -> dict[int, dict[str, bytes]]:
        """version -> {place (file or key): bytes}."""

    def documents(self) -> dict[int, dict[str, Any]]:
        """version -> the group document as stored at that version."""


@dataclass
class Played:
    course: dict[str, Any]
    nonces: dict[int, str]
    ballots: dict[int, str]
    shown_comment: str = ""  # the comment a facilitator chose to show the group
    frames: dict[str, list[int]] = field(default_factory=dict)

    def secrets(self) -> list[str]:
        """Everything that could tie a ballot, an answer or a page to a member."""
        tokens = [token_of(m["url"]) for m in self.course["links"]["members"]]
        tokens += [token_of(self.course["links"][k]) for k in ("facilitator", "cofacilitator", "display")]
        out = [t.split(".")[1] for t in tokens] + [ballot.holder(t.split(".")[1]) for t in tokens]
        out += list(self.nonces.values()) + list(self.ballots.values())
        return out + [b.split(".")[3] for b in self.ballots.values()]


Connect = Callable[[str], Awaitable[Client]]


async def run_scenario(course: dict[str, Any], connect: Connect, capture: Capture) -> Played:
    links = [m["url"] for m in course["links"]["members"]]
    played = Played(course, {i: secrets.token_hex(16) for i in range(5)}, {})

    async def cmd(client: Client, name: str, args: dict[str, Any]) -> dict[str, Any]:
        reply = await client.cmd(name, args)
        assert reply["type"] == "ack", (name, reply)
        await capture.snapshot()
        return reply

    def count_states() -> list[int]:
        return [len(c.states()) for c in (fac, *members.values())]

    async def settle() -> None:
        """Until the console shows every open page as present and recorded (the server's own
        attendance commit and presence frames are done), and every frame sent has arrived."""
        here = sorted(f"m{i + 1}" for i in members)

        def shown(state: dict[str, Any] | None) -> bool:
            seen = state["view"]["course"]["attendance"]["members"] if state else []
            return state is not None and sorted(seen) == here and state["presence"] == here

        await until(lambda: shown(fac.state))
        for client in (fac, *members.values()):
            await client.sync()

    async def take(client: Client, i: int) -> str:
        nonce = played.nonces[i]
        await cmd(client, "feedback.ballot", {"card_id": "c1", "nonce": nonce})
        msg = await client.wait_for(lambda m: m["type"] == "ballot" and nonce in m["ballot"])
        return str(msg["ballot"])

    await capture.snapshot()
    fac = await connect(course["links"]["facilitator"])
    await cmd(fac, "session.start", {"number": 1})
    await cmd(fac, "feedback.open", SURVEY)
    members: dict[int, Client] = {i: await connect(links[i]) for i in range(4)}  # Eli is not here yet
    for i in range(4):
        played.ballots[i] = await take(members[i], i)
    for turn, (who, yes_no, agree, comment, text) in enumerate(ANSWERS):
        if turn == 2:  # Eli joins late and takes a ballot; Ann reloads and gets hers again
            members[4] = await connect(links[4])
            played.ballots[4] = await take(members[4], 4)
            await members[0].close()
            members[0] = await connect(links[0])
            assert await take(members[0], 0) == played.ballots[0]
        q1: dict[str, Any] = {"question": "q1", "choice": yes_no}
        if comment:
            q1["comment"] = comment
        answers = [q1, {"question": "q2", "choice": agree}]
        if text:
            answers.append({"question": "q3", "comment": text})
        args = {"card_id": "c1", "ballot": played.ballots[who], "answers": answers}
        await settle()
        before = count_states()
        reply = await cmd(members[who], "feedback.answer", args)
        assert reply["changed"]
        for client in (fac, *members.values()):
            await client.sync()
        # An answer sends no page a frame (the facilitators' one when the k-th is in aside).
        played.frames[f"answer {turn + 1}"] = [a - b for a, b in zip(count_states(), before, strict=True)]
    # Dee (member 3) skips: her page never sends anything.
    await capture.closing()
    await cmd(fac, "feedback.close", {"card_id": "c1"})
    await cmd(fac, "feedback.reveal", {"card_id": "c1"})
    # The facilitator reads q1's comments and shows one of them to the group.
    result = fac.view["feedback"]["cards"][0]["questions"][0]["result"]
    assert len(result["comments"]) == 3 and result["chosen"] == []
    played.shown_comment = result["comments"][0]
    await cmd(fac, "feedback.comments_show", {"card_id": "c1", "question_id": "q1", "comments": [0]})
    return played


def server_log(records: list[logging.LogRecord]) -> str:
    """The server's log: every record but the `websockets` client library's, which plays the
    browsers in these tests (the server itself runs on aiohttp)."""
    mine = [r for r in records if not r.name.startswith("websockets")]
    assert any(r.name == "aiohttp.access" for r in mine), "the capture does not see the server"
    return "\n".join(r.getMessage() + (r.exc_text or "") for r in mine)


def card_history(docs: dict[int, dict[str, Any]]) -> tuple[list[int], int, int]:
    """The versions that counted an answer, the one that closed the card, the one revealing it."""

    def card(v: int) -> dict[str, Any] | None:
        cards = docs[v]["feedback"]["cards"]
        return cards[0] if cards else None

    versions = sorted(docs)
    answered = []
    for v in versions[1:]:
        now, then = card(v), card(v - 1)
        if now is not None and then is not None and now["answers"] == then["answers"] + 1:
            answered.append(v)
    closed = next(v for v in versions if (card(v) or {}).get("status") == "closed")
    revealed = next(v for v in versions if (card(v) or {}).get("revealed"))
    return answered, closed, revealed


def audit(played: Played, capture: Capture, log: str, extra_blobs: tuple[bytes, ...] = ()) -> None:
    docs = capture.documents()
    first = min(docs)
    assert sorted(docs) == list(range(first, max(docs) + 1)), "a committed version was not captured"
    answer_versions, closed, _revealed = card_history(docs)
    assert len(answer_versions) == len(ANSWERS)
    blobs = [b for places in capture.blobs().values() for b in places.values()] + list(extra_blobs)

    # 1. No secret of any kind in any persisted byte of any version, nor in the log.
    for blob in [*blobs, log.encode()]:
        for s in played.secrets():
            assert s.encode() not in blob

    # 2. The log says nothing about answers or members at all.
    for w in WORDS:
        assert w not in log
    for i, name in enumerate(NAMES):
        assert not re.search(rf"\b{name}\b|\bm{i + 1}\b", log), log

    # 3. No member is named near any answer in any stored byte ...
    for blob in blobs:
        assert_no_member_near_answers(blob)
    # ... and the feedback part of every version names no one and holds no time.
    for doc in docs.values():
        feedback = json.dumps(doc["feedback"])
        for i, name in enumerate(NAMES):
            assert name not in feedback and f'"m{i + 1}"' not in feedback
        assert not re.search(r"\b1\d{12}\b", feedback), "a timestamp in the feedback part"

    # 4. Each answer's version differs from the one before only in counts (and one new spent hash).
    audit_history(docs, answer_versions)

    # 5. Closing wiped the ballot bookkeeping; counts and comments read past the stricter
    # threshold are all that remain (q1: four answered; q3: three, so only their number).
    card = docs[closed]["feedback"]["cards"][0]
    assert (card["key"], card["issued"], card["spent"]) == (None, {}, [])
    assert card["answers"] == 4 and card["tallies"][0]["counts"] == [2, 2]
    assert sorted(card["tallies"][0]["comments"]) == sorted(a[3] for a in ANSWERS if a[3])
    assert (card["tallies"][2]["comments"], card["tallies"][2]["withheld"]) == ([], len(WITHHELD))
    assert all(t["shown"] == [] for t in card["tallies"])  # closing chose nothing to show

    # 6. No page got a frame for an answer; the facilitators one, when the k-th answer was in.
    k = docs[closed]["feedback"]["cards"][0]["k"]
    for turn, counts in enumerate(played.frames.values(), 1):
        assert counts == [1 if turn == k else 0] + [0] * (len(counts) - 1), (turn, played.frames)


def audit_after_close(
    docs: dict[int, dict[str, Any]], stored: dict[str, bytes], written: list[dict[str, Any]]
) -> None:
    """What is stored once the card has closed (every file and key; `written`: every group
    document still in the store's files, e.g. an append-only file) keeps nothing of the open
    period: no version from before the close, no ballot bookkeeping, no text of a comment too
    few people answered to be read."""
    answer_versions, closed, _ = card_history(docs)
    open_period = set()
    for v in range(min(docs), closed):
        card = docs[v]["feedback"]["cards"]
        if card:
            open_period |= set(card[0]["spent"]) | set(card[0]["issued"]) | set(card[0]["issued"].values())
    assert open_period and answer_versions
    for place, blob in stored.items():
        for text in WITHHELD:
            assert text.encode() not in blob, (place, text)
        for value in open_period:
            assert value.encode() not in blob, (place, value)
    assert written, "no group document found in the stored files"
    for doc in written:
        assert doc["version"] >= closed, f"version {doc['version']} of the open period is still stored"
        assert all(c["status"] == "closed" for c in doc["feedback"]["cards"])


def assert_no_member_near_answers(blob: bytes) -> None:
    text = blob.decode(errors="replace")
    for w in WORDS:
        for m in re.finditer(re.escape(w), text):
            near = text[max(0, m.start() - NEAR) : m.end() + NEAR]
            for i, name in enumerate(NAMES):
                assert name not in near and f'"m{i + 1}"' not in near, (w, near)


def audit_history(docs: dict[int, dict[str, Any]], answer_versions: list[int]) -> None:
    issue_records: set[str] = set()
    for doc in docs.values():
        for card in doc["feedback"]["cards"]:
            issue_records |= set(card["issued"]) | set(card["issued"].values())
    for v in answer_versions:
        before, after = docs[v - 1], docs[v]
        changed = diff(before, after)
        assert changed and all(ANSWER_PATHS.match(p) for p in changed), changed
        spent = set(after["feedback"]["cards"][0]["spent"]) - set(before["feedback"]["cards"][0]["spent"])
        assert len(spent) == 1 and not spent & issue_records  # fresh, unrelated to any issue record
        assert after["recent"] == before["recent"]


def diff(a: Any, b: Any, path: str = "") -> list[str]:
    """Paths (dotted) whose values differ between two JSON documents."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for key in sorted(set(a) | set(b)):
            out += diff(a.get(key), b.get(key), f"{path}.{key}" if path else key)
        return out
    if isinstance(a, list) and isinstance(b, list):
        out = []
        for i in range(max(len(a), len(b))):
            out += diff(a[i] if i < len(a) else None, b[i] if i < len(b) else None, f"{path}.{i}")
        return out
    return [] if a == b else [path]
