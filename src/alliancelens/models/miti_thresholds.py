"""MITI 4.2.1 competency thresholds for the session indices, shared by analyser and evaluation."""

from __future__ import annotations

__all__ = [
    "MITI_PERCENT_COMPLEX_FAIR",
    "MITI_PERCENT_COMPLEX_GOOD",
    "MITI_REFLECTION_TO_QUESTION_FAIR",
    "MITI_REFLECTION_TO_QUESTION_GOOD",
    "band",
]

# MITI 4.2.1 competency thresholds (Moyers, Manuel & Ernst 2014/2015, CASAA), as reproduced in
# PMC9461167 Table 3 and checked by a second project against the manual [clinical reference §6.4,
# tag V]. A value at or above a threshold reaches it. They were set for human coding of about
# 20-minute segments; a model-coded whole session is a different measurement.
MITI_REFLECTION_TO_QUESTION_FAIR = 1.0
MITI_REFLECTION_TO_QUESTION_GOOD = 2.0
MITI_PERCENT_COMPLEX_FAIR = 0.40
MITI_PERCENT_COMPLEX_GOOD = 0.50


def band(value: float | None, fair: float | None, good: float | None) -> str | None:
    """``good``, ``fair`` or ``below fair`` against the thresholds (None when undefined)."""
    if value is None or fair is None or good is None:
        return None
    if value >= good:
        return "good"
    return "fair" if value >= fair else "below fair"
