"""Consistent placeholders: the same person, number or date gets the same ``[LABEL-n]``.

Names are matched by their words, so "Sarah Miller", "Sarah" and "Ms. Miller" share one
placeholder once the full name has been seen (in any order).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from alliancelens.deid.engine import Detection

__all__ = ["Placeholders"]

_TITLES = frozenset({"dr", "mr", "mrs", "ms", "miss", "mx", "prof"})
_ROLE_WORDS = frozenset({"therapist", "client", "counselor", "counsellor", "patient", "doctor"})


def _words(surface: str) -> frozenset[str]:
    words = re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", surface.casefold())
    return frozenset(w for w in words if w not in _TITLES and len(w) > 1)


def _normal(surface: str) -> str:
    return re.sub(r"[\W_]+", "", surface.casefold())


class Placeholders:
    """Assigns placeholders across one document or one file's sessions."""

    def __init__(self) -> None:
        self._names: list[tuple[frozenset[str], str]] = []
        self._other: dict[tuple[str, str], str] = {}
        self._counts: dict[str, int] = {}

    def _new(self, label: str) -> str:
        self._counts[label] = self._counts.get(label, 0) + 1
        return f"[{label}-{self._counts[label]}]"

    def for_span(self, label: str, surface: str) -> str:
        """The placeholder for ``surface`` detected as ``label``."""
        if label == "NAME":
            words = _words(surface)
            if not words:
                return "[NAME]"
            for known, placeholder in self._names:
                if words <= known or known <= words:
                    if not known >= words:
                        self._names.append((words | known, placeholder))
                    return placeholder
            placeholder = self._new(label)
            self._names.append((words, placeholder))
            return placeholder
        key = (label, _normal(surface))
        if key not in self._other:
            self._other[key] = self._new(label)
        return self._other[key]

    def apply(self, text: str, detections: Sequence[Detection]) -> str:
        """``text`` with every detected span replaced (spans must not overlap)."""
        parts: list[str] = []
        last = 0
        for det in sorted(detections, key=lambda d: d.start):
            parts.append(text[last : det.start])
            parts.append(self.for_span(det.label, text[det.start : det.end]))
            last = det.end
        parts.append(text[last:])
        return "".join(parts)

    @staticmethod
    def is_role_label(label: str) -> bool:
        """Whether a speaker label is a role word ("Therapist", "Client 2"), not a name."""
        words = _words(label)
        return not words or words <= _ROLE_WORDS
