"""The pure domain: the group document, commands over it, and role views. No IO here.

Code outside the domain imports from here only (or from `domain.document` for the schema).
"""

# Importing each part's command modules registers its commands.
from .apply import apply
from .clock import commands as _segment
from .clock import editing as _agenda
from .course import agreements as _agreements
from .course import attendance as _attendance
from .course import goals as _goals
from .course import homework as _homework
from .course import signals as _signals
from .creation import GroupSpec, new_group
from .document import Group, decode, encode
from .feedback import answers as _answers
from .feedback import cards as _cards
from .feedback import library as _library
from .floor import hands as _hands
from .floor import in_depth as _in_depth
from .floor import rounds as _rounds
from .floor import turns as _turns
from .refusal import Refused, Unchanged
from .registry import COMMANDS, Actor
from .session import commands as _session
from .views import private_view, shared_view, view

del _segment, _agenda, _agreements, _attendance, _goals, _homework, _signals
del _answers, _cards, _library, _hands, _in_depth, _rounds, _turns, _session

__all__ = [
    "COMMANDS",
    "Actor",
    "Group",
    "GroupSpec",
    "Refused",
    "Unchanged",
    "apply",
    "decode",
    "encode",
    "new_group",
    "private_view",
    "shared_view",
    "view",
]
