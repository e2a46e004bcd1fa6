"""Parse clock times such as ``00:12:31``, ``12:31``, ``00:12:31.250`` or ``00:12:31,250``."""

from __future__ import annotations

import re

__all__ = ["CLOCK", "parse_clock"]

#: A clock time: ``[h]h:mm:ss`` or ``m:ss`` with optional ``.mmm`` / ``,mmm`` fraction.
CLOCK = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_CLOCK_RE = re.compile(rf"^{CLOCK}$")


def parse_clock(value: str) -> float | None:
    """Seconds for a clock time, or None when ``value`` is not one (or has minutes/seconds ≥ 60)."""
    value = value.strip()
    if not _CLOCK_RE.match(value):
        return None
    main, _, fraction = value.replace(",", ".").partition(".")
    parts = [int(p) for p in main.split(":")]
    if any(p >= 60 for p in parts[1:]):
        return None
    if len(parts) == 2:
        parts.insert(0, 0)
    hours, minutes, seconds = parts
    total = hours * 3600 + minutes * 60 + seconds
    if fraction:
        total += int(fraction) / 10 ** len(fraction)
    return float(total)
