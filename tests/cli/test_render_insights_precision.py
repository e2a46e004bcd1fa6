"""Insight evidence keeps each measure's precision (QA43 #13: "ORS 24" read as "ORS 24.0")."""

from __future__ import annotations

import pytest

from alliancelens.cli._render_insights import evidence_text
from alliancelens.insights import InsightEvidence


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ({"ORS": 24.0, "threshold": 25.0}, "session 3: ORS 24.0, threshold 25"),
        ({"ORS (caregiver)": 31.0}, "session 3: ORS (caregiver) 31.0"),
        ({"SRS lowest item": 4.0}, "session 3: SRS lowest item 4.0"),
        ({"PHQ-9": 17.0}, "session 3: PHQ-9 17"),
        ({"bond_change": -23.3}, "session 3: bond change -23.3"),
    ],
    ids=["ors", "ors-rater", "srs-item", "phq9", "not-a-measure"],
)
def test_measure_scores_in_evidence_use_the_measure_precision(
    scores: dict[str, float], expected: str
) -> None:
    """A measure's score shows its own decimals; other evidence keys are unchanged."""
    assert evidence_text(InsightEvidence("3", scores=scores)) == expected
