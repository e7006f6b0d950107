"""Weekly self-report: the questionnaires a group asks before each session, and each member's
answers.

One optional sub-document of the group (`Group.selfreport`; none until a facilitator first
turns it on, and none in groups stored by earlier releases). Unlike anonymous feedback these
answers are named on purpose: they are clinical data for the member's clinicians, visible to
the group's facilitators only (domain/selfreport/view.py), deleted with the group.
"""

from __future__ import annotations

from typing import Literal

import msgspec

InstrumentKey = Literal["phq9", "gad7"]
# What a facilitator chooses per group; "both" asks the PHQ-9 then the GAD-7.
Instruments = Literal["none", "phq9", "gad7", "both"]

ASKED: dict[str, tuple[InstrumentKey, ...]] = {
    "none": (),
    "phq9": ("phq9",),
    "gad7": ("gad7",),
    "both": ("phq9", "gad7"),
}

# A day before the session by default: the published groups had members answer "before the group".
DEFAULT_OPENS_BEFORE_MIN = 24 * 60
MAX_OPENS_BEFORE_MIN = 7 * 24 * 60
MAX_CRISIS_TEXT = 280
MAX_CRISIS_NUMBER = 40


class SelfReportSettings(msgspec.Struct, kw_only=True):
    instruments: Instruments = "none"
    # The window opens this many minutes before the session's scheduled time.
    opens_before_min: int = DEFAULT_OPENS_BEFORE_MIN
    # Members see their own score and trend (off by default: the clinician decides).
    show_own: bool = False
    # Shown to a member after an answer above 0 to PHQ-9 item 9; None: the default line.
    crisis_text: str | None = None
    crisis_number: str | None = None


class Report(msgspec.Struct, kw_only=True):
    """A member's answers to one instrument before session `session`; the last one sent counts."""

    member: str
    session: int
    instrument: InstrumentKey
    # One per item, 0-3, or None for an item the member skipped.
    answers: list[int | None]
    at: int


class SelfReport(msgspec.Struct, kw_only=True):
    settings: SelfReportSettings = msgspec.field(default_factory=SelfReportSettings)
    reports: list[Report] = msgspec.field(default_factory=list)


def N_(msgid: str) -> str:
    """Marks a message for the server's catalogs (server/i18n/); the edge translates it."""
    return msgid


# What a member reads after an answer above 0 to PHQ-9 item 9, unless the group wrote its own.
# Views carry it in English; GET /api/instruments has it in every language, for the page.
DEFAULT_CRISIS_TEXT = N_(
    "Thank you for telling us. Please contact your clinician today to talk about how you are "
    "feeling. If you feel you might act on these thoughts, call your local emergency number now."
)
