"""The pure domain: the group document, commands over it, and role views. No IO here.

Code outside the domain imports from here only (or from `domain.document` for the schema).
"""

# Importing each part's command modules registers its commands.
from . import limits
from .apply import apply, check_sharing
from .clock import commands as _segment
from .clock import editing as _agenda
from .clock.agenda import REFERENCE_AGENDA
from .course import agreements as _agreements
from .course import attendance as _attendance
from .course import goals as _goals
from .course import homework as _homework
from .course import language as _language
from .course import roster as _roster
from .course import signals as _signals
from .course.rules import attended, phase
from .creation import GroupSpec, LinkHashes, new_group
from .document import (
    DEFAULT_CRISIS_TEXT,
    DEFAULT_LANGUAGE,
    DISPLAY,
    FACILITATOR,
    FOCUS_LABELS,
    FORMAT,
    KEY_ID,
    LANGUAGES,
    MAX_KEY_NAME,
    MEMBER,
    SIGNAL_TEXT,
    Credential,
    Encoded,
    FacilitatorKey,
    Goal,
    Group,
    Homework,
    Kept,
    NewerFormat,
    Role,
    Session,
    Signal,
    decode,
    encode,
    encode_after,
    encode_key,
    load,
    load_key,
    stored_format,
    stored_version,
)
from .feedback import answers as _answers
from .feedback import cards as _cards
from .feedback import library as _library
from .feedback import review as _review
from .feedback.ballot import holder as ballot_holder
from .feedback.course import Series
from .feedback.course import course as feedback_series
from .feedback.rules import answering_ended
from .floor import hands as _hands
from .floor import in_depth as _in_depth
from .floor import rounds as _rounds
from .floor import turns as _turns
from .floor.rules import in_depth_counts
from .refusal import (
    CONFLICT,
    FORBIDDEN,
    INVALID,
    NOT_FOUND,
    Message,
    Phrase,
    Plural,
    Refusal,
    Refused,
    Unchanged,
    english,
)
from .registry import COMMANDS, Actor
from .retention import deletes_at, due, tombstone
from .selfreport import commands as _selfreport
from .selfreport.instruments import INSTRUMENTS
from .selfreport.scoring import score
from .selfreport.trend import Point as SelfReportPoint
from .selfreport.trend import points as selfreport_points
from .selfreport.view import settings_view as selfreport_settings
from .session import commands as _session
from .session import schedule as _schedule
from .text import clean as clean_text
from .views import Part, private_inputs, private_view, same, same_inputs, shared_parts, shared_view, view

del _segment, _agenda, _agreements, _attendance, _goals, _homework, _language, _roster, _signals
del _answers, _cards, _library, _review, _hands, _in_depth, _rounds, _turns, _session, _schedule, _selfreport

__all__ = [
    "COMMANDS",
    "CONFLICT",
    "DEFAULT_CRISIS_TEXT",
    "DEFAULT_LANGUAGE",
    "DISPLAY",
    "FACILITATOR",
    "FOCUS_LABELS",
    "FORBIDDEN",
    "FORMAT",
    "INSTRUMENTS",
    "INVALID",
    "KEY_ID",
    "LANGUAGES",
    "MAX_KEY_NAME",
    "MEMBER",
    "NOT_FOUND",
    "REFERENCE_AGENDA",
    "SIGNAL_TEXT",
    "Actor",
    "Credential",
    "Encoded",
    "FacilitatorKey",
    "Goal",
    "Group",
    "GroupSpec",
    "Homework",
    "Kept",
    "LinkHashes",
    "Message",
    "NewerFormat",
    "Part",
    "Phrase",
    "Plural",
    "Refusal",
    "Refused",
    "Role",
    "SelfReportPoint",
    "Series",
    "Session",
    "Signal",
    "Unchanged",
    "answering_ended",
    "apply",
    "attended",
    "ballot_holder",
    "check_sharing",
    "clean_text",
    "decode",
    "deletes_at",
    "due",
    "encode",
    "encode_after",
    "encode_key",
    "english",
    "feedback_series",
    "in_depth_counts",
    "limits",
    "load",
    "load_key",
    "new_group",
    "phase",
    "private_inputs",
    "private_view",
    "same",
    "same_inputs",
    "score",
    "selfreport_points",
    "selfreport_settings",
    "shared_parts",
    "shared_view",
    "stored_format",
    "stored_version",
    "tombstone",
    "view",
]
