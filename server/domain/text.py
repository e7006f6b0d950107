"""Validation of the short texts people type: names and titles."""

from __future__ import annotations

import unicodedata

from .refusal import INVALID, Refused


def clean(value: str, *, field: str, limit: int) -> str:
    """Trim, refuse control characters, empties and over-long text."""
    text = " ".join(value.split())
    if not text:
        raise Refused(INVALID, f"The {field} cannot be empty.")
    if len(text) > limit:
        raise Refused(INVALID, f"The {field} is too long: at most {limit} characters.")
    if any(unicodedata.category(ch) in ("Cc", "Cs", "Co") for ch in text):
        raise Refused(INVALID, f"The {field} contains characters that cannot be shown.")
    return text
