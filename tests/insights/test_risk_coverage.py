"""QA43 #5: a risk screen that read none (or only some) of the client's words is never "no risk".

The ``risk_not_analysed`` rule uses the dashboard caseload's test (``screened_risk``): a stored
``risk_screening`` summary whose ``screened.utterances`` is 0 is *not analysed* with its reason,
fewer screened than client utterances is *partly screened*. All summaries are hand-made.
"""

from __future__ import annotations

from typing import Any

import pytest

from alliancelens.insights import InsightConfig, InsightKind, insights_for_caseload
from alliancelens.insights.risk_coverage import (
    LANGUAGE_NOT_SUPPORTED,
    NO_SCREENED_COUNT,
    screened_risk,
)

from .insights_helpers import caseload, record


def _screening(screened: int, not_english: list[int]) -> dict[str, Any]:
    """A stored screen of ``record()`` (10 client turns) that read ``screened`` of them."""
    return {
        "statement": "screened",
        "flagged": 0,
        "screened": {"utterances": screened, "not_english_not_screened": len(not_english)},
        "not_screened": ["languages other than English"],
        "not_english_indexes": not_english,
        "possible": [],
    }


def _found(screening: dict[str, Any]) -> list[Any]:
    return insights_for_caseload(
        caseload(record("6", risk=[], risk_screening=screening)),
        InsightConfig(),
        rules=["risk_language", "risk_not_analysed"],
    )


def test_screen_that_read_no_client_line_is_a_not_analysed_prompt() -> None:
    """A screen that read 0 client lines (language not supported) prompts "not analysed"."""
    (insight,) = _found(_screening(0, [1, 3, 5, 7, 9, 11, 13, 15, 17, 19]))
    assert (insight.kind, insight.rule, insight.title) == (
        InsightKind.PROMPT,
        "risk_not_analysed",
        "Risk language not analysed",
    )
    assert f"({LANGUAGE_NOT_SUPPORTED})" in insight.explanation
    assert "not 'no risk'" in insight.explanation
    assert "interpreter" in insight.suggestion
    assert insight.evidence[0].utterance_indexes == (1, 3, 5, 7, 9, 11, 13, 15, 17, 19)


def test_screen_that_left_some_client_lines_unread_is_a_partly_screened_prompt() -> None:
    """A screen that read 7 of 10 client lines says 3 were not screened and why."""
    (insight,) = _found(_screening(7, [15, 17, 19]))
    assert insight.title == "Risk language partly screened"
    assert "3 client utterances not screened (language not supported)" in insight.explanation
    assert "not 'no risk'" in insight.explanation
    assert dict(insight.evidence[0].scores) == {"client_utterances_not_screened": 3.0}


def test_screen_that_read_every_client_line_gives_no_prompt() -> None:
    """A screen that read all 10 client lines and flagged none gives no risk insight."""
    assert _found(_screening(10, [])) == []


@pytest.mark.parametrize(
    ("summary", "state", "reason"),
    [
        ({"risk": [], "risk_screening": {"screened": {"utterances": 0}}}, "not_analysed", None),
        ({"risk": [], "risk_screening": {"statement": "x"}}, "not_analysed", NO_SCREENED_COUNT),
        ({"talk": {}}, "not_analysed", None),
        ({"risk": [], "risk_screening": {"screened": {"utterances": 10}}}, "none_flagged", None),
    ],
)
def test_screened_risk_keeps_not_analysed_apart_from_none_flagged(
    summary: dict[str, Any], state: str, reason: str | None
) -> None:
    """Only a screen that read client lines is "none flagged"; no count is *not analysed*."""
    found = screened_risk("6", summary, record().utterances)
    assert found.status.state == state
    if reason is not None:
        assert found.reason == reason


def test_partly_screened_text_names_a_file_session_by_position() -> None:
    """A partly screened file session whose ``# id:`` is a name reads "Session 1 of 1"."""
    (found,) = insights_for_caseload(
        caseload(record("Jordan Quill 01", risk=[], risk_screening=_screening(6, [1, 3]))),
        rules=["risk_not_analysed"],
    )
    assert found.explanation.startswith("Session 1 of 1: ")
    assert "Quill" not in found.explanation
