"""Where group documents live: the embedded store (default) or Redis."""

from .base import GroupExists, Listener, Store, StoreUnavailable, TooLarge, VersionConflict, WriteFailed
from .keyring import KeyExists, Keyring, revoke

__all__ = [
    "GroupExists",
    "KeyExists",
    "Keyring",
    "Listener",
    "Store",
    "StoreUnavailable",
    "TooLarge",
    "VersionConflict",
    "WriteFailed",
    "revoke",
]
