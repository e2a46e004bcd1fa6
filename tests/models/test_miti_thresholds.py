"""MITI 4.2.1 competency bands for the session indices."""

from __future__ import annotations

import pytest

from alliancelens.models.miti_thresholds import (
    MITI_REFLECTION_TO_QUESTION_FAIR,
    MITI_REFLECTION_TO_QUESTION_GOOD,
    band,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.99, "below fair"), (1.0, "fair"), (1.99, "fair"), (2.0, "good"), (None, None)],
)
def test_a_value_at_a_threshold_reaches_it(value: float | None, expected: str | None) -> None:
    """R:Q 1.0 is 'fair' and 2.0 'good' (MITI 4.2.1); an undefined value has no band."""
    assert band(value, MITI_REFLECTION_TO_QUESTION_FAIR, MITI_REFLECTION_TO_QUESTION_GOOD) == (
        expected
    )
