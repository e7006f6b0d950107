"""Where group documents live: the embedded store (default) or Redis."""

from .base import GroupExists, Listener, Store, StoreUnavailable, TooLarge, VersionConflict

__all__ = ["GroupExists", "Listener", "Store", "StoreUnavailable", "TooLarge", "VersionConflict"]
