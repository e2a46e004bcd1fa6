"""QA43 #11: trends show change talk only for sessions the skills summary calls MI-like.

The note leaves change/sustain talk out of non-MI sessions (docs/notes.md); the trends read the
same reading from ``summary.skills.mi_like``. Summaries are hand-made.
"""

from __future__ import annotations

from typing import Any

import pytest

from alliancelens.insights import client_trends
from alliancelens.insights.trends import session_metrics

from .insights_helpers import caseload, record

INDEX = {"value": 0.67, "numerator": 2, "denominator": 3}


def _skills(**more: Any) -> dict[str, Any]:
    return {
        "indices": {"change_talk_share": INDEX, "reflection_to_question": {"value": 0.5}},
        **more,
    }


@pytest.mark.parametrize(
    ("skills", "shown"),
    [(_skills(mi_like=True), True), (_skills(mi_like=False), False), (_skills(), False)],
)
def test_change_talk_is_a_trend_value_only_in_mi_like_sessions(
    skills: dict[str, Any], shown: bool
) -> None:
    """Change talk counts only when the session is MI-like; other indices always count."""
    metrics = session_metrics(record(skills=skills))
    assert ("skills.change_talk_share" in metrics) is shown
    assert metrics["skills.reflection_to_question"] == 0.5


def test_client_trends_of_non_mi_sessions_have_no_change_talk_row() -> None:
    """A client whose sessions are not MI-like gets no change-talk trend at all."""
    records = [record(f"s{i}", skills=_skills(mi_like=False)) for i in range(4)]
    assert all(t.metric != "skills.change_talk_share" for t in client_trends(caseload(*records)))
