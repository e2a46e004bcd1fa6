"""Rupture sentences of a note: where repair attempts sit, and no "not repaired" as a fact.

Every dialogue here was written for these tests (QA35 #1, #10).
"""

from __future__ import annotations

from typing import Any

import pytest

from alliancelens.analysers import AnalysisResult
from alliancelens.analysers.base import FindingSet
from alliancelens.domain import AnalyserRun, RunStatus
from alliancelens.notes import _transcript_process as process
from alliancelens.notes._transcript import TranscriptFacts
from alliancelens.testing import make_session

SESSION = make_session(
    ("therapist", "Where would you like to start today?"),
    ("client", "Wherever. It doesn't matter."),
    ("therapist", "It sounds like today is heavy."),
    ("client", "I suppose."),
    ("therapist", "Let's turn to something more concrete, like the rota at work."),
    ("client", "Fine."),
    ("therapist", "Would it help to change what we work on for a while?"),
    ("client", "Maybe."),
    ("therapist", "We could also look at last month."),
)
RUNS = (AnalyserRun("ruptures.detector", 1, RunStatus.OK),)


def _episode(strategies: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "kind": "withdrawal",
        "start_index": 1,
        "end_index": 5,
        "markers": ["minimal_response"],
        "resolved": False,
        "resolution_index": None,
        "resolution_strategies": [s["strategy"] for s in strategies],
        "strategy_evidence": strategies,
        "evidence_indexes": [1, 3, 5],
    }


def _lines(episode: dict[str, Any]) -> list[str]:
    result = AnalysisResult(SESSION, FindingSet(()), RUNS)
    facts = TranscriptFacts(result, {}, {"ruptures": [episode]})
    return [s.text for s in [*process.ruptures(facts), *process.unresolved_ruptures(facts)]]


def test_attempts_are_cited_inside_and_right_after_the_episode_only() -> None:
    """A strategy in the span and one just after are named with where they sit; others are not."""
    (found, plan) = _lines(
        _episode(
            [
                {"index": 4, "strategy": "redirect_refocus"},
                {"index": 6, "strategy": "change_tasks_or_goals", "after_end": True},
                {"index": 8, "strategy": "exploring_past_ruptures"},
            ]
        )
    )
    assert "redirect or refocus at utterance 4, within the episode" in found
    assert "change tasks or goals at utterance 6, right after the episode" in found
    assert "utterance 8" not in found
    assert "no resolution detected automatically" in found
    assert "no repair detected automatically" in plan


@pytest.mark.parametrize("strategies", [[], [{"index": 6, "strategy": "x", "after_end": True}]])
def test_an_unresolved_episode_is_never_stated_as_not_repaired(
    strategies: list[dict[str, Any]],
) -> None:
    """The note words a missing repair as what the automated reading found, never as a fact."""
    for line in _lines(_episode(strategies)):
        assert "not repaired" not in line and "unrepaired" not in line
        assert "detected automatically" in line
