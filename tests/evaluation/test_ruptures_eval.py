"""evaluate ruptures: episode matching, marker/strategy pairs, resolution, hard negatives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from alliancelens.evaluation.labelled_examples import LabelledExample
from alliancelens.evaluation.ruptures_eval import (
    RuptureEvaluation,
    evaluate_ruptures,
    evaluate_ruptures_folder,
    score_session,
)
from alliancelens.testing import make_session


def _episode(
    kind: str,
    start: int,
    end: int,
    *,
    resolved: bool = False,
    markers: list[tuple[int, str]] = (),
    strategies: list[tuple[int, str]] = (),
) -> dict[str, Any]:
    return {
        "kind": kind,
        "start_index": start,
        "end_index": end,
        "resolved": resolved,
        "resolution_index": end if resolved else None,
        "marker_evidence": [{"index": i, "marker": m} for i, m in markers],
        "strategy_evidence": [{"index": i, "strategy": s} for i, s in strategies],
    }


def _example(
    gold: list[dict[str, Any]], hard_negatives: tuple[dict[str, Any], ...] = ()
) -> LabelledExample:
    session = make_session(*[("therapist" if i % 2 == 0 else "client", "x") for i in range(20)])
    return LabelledExample(
        "sess-x", "session", "test", session, (), (), hard_negatives, tuple(gold)
    )


def test_same_kind_overlap_is_a_hit() -> None:
    """Overlapping spans of the same kind match; the wrong kind or no overlap do not."""
    result = RuptureEvaluation()
    gold = [_episode("withdrawal", 3, 9), _episode("confrontation", 13, 19, resolved=True)]
    predicted = [
        _episode("withdrawal", 5, 11),  # hit, starts 2 late
        _episode("withdrawal", 13, 15),  # wrong kind for the second gold episode
    ]
    score_session(result, _example(gold), predicted)
    summary = result.as_dict()["episodes"]
    assert (summary["gold_hit"], summary["predicted_hit"]) == (1, 1)
    assert (summary["recall"], summary["precision"]) == (0.5, 0.5)
    assert summary["start_offsets"] == [2]


def test_resolution_is_scored_on_matched_episodes_only() -> None:
    """Resolved/unresolved agreement counts gold episodes that were hit, with a confusion table."""
    result = RuptureEvaluation()
    gold = [_episode("withdrawal", 1, 7, resolved=True), _episode("confrontation", 11, 15)]
    predicted = [
        _episode("withdrawal", 1, 9, resolved=True),
        _episode("confrontation", 11, 13, resolved=True),
    ]
    score_session(result, _example(gold), predicted)
    resolution = result.as_dict()["resolution"]
    assert resolution["accuracy"] == 0.5 and resolution["matched"] == 2
    assert resolution["confusion"]["gold_unresolved/predicted_resolved"] == 1
    assert resolution["resolution_index_offsets"] == [2]


def test_marker_and_strategy_pairs() -> None:
    """Markers and strategies are scored as (session, index, identifier) pairs."""
    result = RuptureEvaluation()
    gold = [
        _episode(
            "withdrawal",
            1,
            5,
            markers=[(1, "denial"), (3, "minimal_response")],
            strategies=[(2, "validate_defensive_posture")],
        )
    ]
    predicted = [
        _episode(
            "withdrawal",
            1,
            5,
            markers=[(1, "denial"), (5, "denial")],
            strategies=[(2, "validate_defensive_posture"), (4, "redirect_refocus")],
        )
    ]
    score_session(result, _example(gold), predicted)
    summary = result.as_dict()
    assert {k: summary["markers"][k] for k in ("tp", "fp", "fn")} == {"tp": 1, "fp": 1, "fn": 1}
    assert summary["strategies"]["precision"] == 0.5 and summary["strategies"]["recall"] == 1.0
    assert summary["utterance_kinds"]["tp"] == 1


def test_hard_negatives_flagged_are_counted() -> None:
    """A predicted marker on a rupture-related hard negative is counted; risk tags are ignored."""
    result = RuptureEvaluation()
    negatives = (
        {"index": 5, "kind": "short_answer_to_closed_question"},
        {"index": 7, "kind": "negation"},
    )
    predicted = [
        _episode(
            "withdrawal", 3, 7, markers=[(3, "denial"), (5, "minimal_response"), (7, "denial")]
        )
    ]
    score_session(result, _example([], negatives), predicted)
    assert result.as_dict()["hard_negatives"] == {"client_utterances": 1, "flagged": 1}


def test_no_episodes_anywhere_gives_undefined_rates() -> None:
    """With nothing labelled and nothing predicted, rates are None rather than 0 or 1."""
    result = RuptureEvaluation()
    score_session(result, _example([]), [])
    assert result.episode_recall is None and result.episode_precision is None


def test_runs_the_detector_on_labelled_examples() -> None:
    """evaluate_ruptures runs the detector and skips risk snippets."""
    snippet = LabelledExample(
        "risk-x", "risk_snippet", "", make_session(("client", "hi")), (), (), (), ()
    )
    result = evaluate_ruptures([snippet, _example([])])
    assert result.sessions == 1


@pytest.mark.shared_data
def test_shared_examples(shared_data: Path) -> None:
    """On the 15 shared sessions (the rules were written looking at them) targets are met."""
    result = evaluate_ruptures_folder(shared_data / "ruptures-examples")
    assert result.sessions == 15
    assert result.episode_recall is not None and result.episode_recall >= 0.8
    assert result.episode_precision is not None and result.episode_precision >= 0.7
    assert result.resolution_accuracy is not None and result.resolution_accuracy >= 0.8
