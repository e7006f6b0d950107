"""The pure domain: the group document, commands over it, and role views. No IO here."""

from . import commands as _commands  # registers every command
from .apply import apply
from .errors import Refused, Unchanged
from .group import GroupSpec, new_group
from .model import Group, decode, encode
from .registry import COMMANDS, Actor
from .views import private_view, shared_view, view

del _commands

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
