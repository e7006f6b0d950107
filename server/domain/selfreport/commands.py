"""The self-report's commands: a facilitator chooses what the group answers and how; a member
sends their answers while the window before the session is open (window.py)."""

from __future__ import annotations

from typing import Annotated

import msgspec

from ..course.rules import text
from ..document import (
    ASKED,
    MAX_CRISIS_NUMBER,
    MAX_CRISIS_TEXT,
    MAX_OPENS_BEFORE_MIN,
    Group,
    InstrumentKey,
    Instruments,
    Report,
    SelfReport,
)
from ..refusal import CONFLICT, INVALID, Phrase, Refused, Unchanged
from ..registry import FACILITATORS, MEMBERS, Actor, command
from . import alerts
from .instruments import INSTRUMENTS
from .phq9 import SAFETY_ITEM
from .trend import points, report_for, since_last
from .window import open_window

Answer = Annotated[int, msgspec.Meta(ge=0, le=3)]
UNSET = msgspec.UNSET
Unset = msgspec.UnsetType


class Settings(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    instruments: Instruments | Unset = UNSET
    opens_before: int | Unset = UNSET
    show_own: bool | Unset = UNSET
    crisis_text: str | Unset | None = UNSET
    crisis_number: str | Unset | None = UNSET


class Submit(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    instrument: InstrumentKey
    answers: Annotated[list[Answer | None], msgspec.Meta(max_length=9)]


def _optional(value: str | None, field: Phrase, limit: int) -> str | None:
    return (text(value, field=field, limit=limit, allow_empty=True) or None) if value is not None else None


@command("selfreport.settings", roles=FACILITATORS, args=Settings)
def settings(doc: Group, args: Settings, actor: Actor, now: int) -> None:
    """Choose the weekly questionnaires (none, PHQ-9, GAD-7, both), when they open, what members see."""
    selfreport = doc.selfreport or SelfReport()
    current = selfreport.settings
    before = msgspec.structs.asdict(current)
    if not isinstance(args.instruments, Unset):
        current.instruments = args.instruments
    if not isinstance(args.opens_before, Unset):
        if not 0 <= args.opens_before <= MAX_OPENS_BEFORE_MIN:
            raise Refused(
                INVALID,
                "The questionnaire opens from 0 minutes to 7 days (10080 minutes) before the session.",
            )
        current.opens_before_min = args.opens_before
    if not isinstance(args.show_own, Unset):
        current.show_own = args.show_own
    if not isinstance(args.crisis_text, Unset):
        current.crisis_text = _optional(args.crisis_text, Phrase("crisis text"), MAX_CRISIS_TEXT)
    if not isinstance(args.crisis_number, Unset):
        current.crisis_number = _optional(args.crisis_number, Phrase("crisis number"), MAX_CRISIS_NUMBER)
    if msgspec.structs.asdict(current) == before:
        raise Unchanged()  # (a group without a self-report has the default settings)
    doc.selfreport = selfreport


@command("selfreport.submit", roles=MEMBERS, args=Submit)
def submit(doc: Group, args: Submit, actor: Actor, now: int) -> None:
    """Send your answers to one questionnaire for the coming session; the last ones sent count."""
    assert actor.member is not None
    selfreport = doc.selfreport
    if selfreport is None or selfreport.settings.instruments == "none":
        raise Refused(CONFLICT, "This group does not use the weekly questionnaires.")
    instrument = INSTRUMENTS[args.instrument]
    if args.instrument not in ASKED[selfreport.settings.instruments]:
        raise Refused(CONFLICT, "This group does not ask for the {instrument}.", instrument=instrument.name)
    if len(args.answers) != instrument.items:
        raise Refused(
            INVALID,
            "The {instrument} has {n} questions: send one answer for each "
            "(0 to 3, or null for a question you skip).",
            instrument=instrument.name,
            n=instrument.items,
        )
    session = open_window(doc, now)
    report = report_for(selfreport, actor.member, session, args.instrument)
    if report is not None and report.answers == args.answers:
        raise Unchanged()  # the same answers again: a resend, not news
    if report is None:
        report = Report(member=actor.member, session=session, instrument=args.instrument, answers=[], at=now)
        selfreport.reports.append(report)
    report.answers, report.at = list(args.answers), now
    _alert(doc, selfreport, report, now)


def _alert(doc: Group, selfreport: SelfReport, report: Report, now: int) -> None:
    """Tell the facilitators at once what the answers just sent call for."""
    if report.instrument == "phq9":
        answer = report.answers[SAFETY_ITEM]
        if answer is not None and answer > 0:
            alerts.safety(doc, report.member, report.session, answer, now)
    instrument = INSTRUMENTS[report.instrument]
    # The window's session is the latest any member can have answered for.
    series = points(selfreport, report.member, instrument)
    assert series[-1].report is report
    change = since_last(instrument, series)
    alerts.deterioration(doc, report, series[-1].score.total, change, now)
