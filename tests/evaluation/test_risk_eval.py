"""evaluate risk: recall, precision, hard negatives and screening questions."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliancelens.analysers.risk import RiskLanguage
from alliancelens.evaluation.labelled_examples import LabelledExample
from alliancelens.evaluation.risk_eval import (
    RiskEvaluation,
    _score,
    evaluate_risk_folder,
    evaluate_risk_lines,
)
from alliancelens.models.risk_data import RiskExample
from alliancelens.testing import make_session


def test_counts_on_a_small_folder(labelled: Path) -> None:
    """Both disclosures are found; the idiom and the denial are not flagged."""
    result = evaluate_risk_folder(labelled).as_dict()
    assert (result["positives"], result["true_positives"], result["predicted"]) == (2, 2, 2)
    assert result["recall"] == 1.0 and result["precision"] == 1.0
    assert (result["hard_negatives"], result["hard_negatives_flagged"]) == (2, 0)
    assert result["precision_on_hard_negatives"] == 1.0
    assert result["therapist_screening_questions_flagged"] == 0
    assert result["hard_negatives_by_tag"]["negation"] == {"n": 1, "flagged": 0}


@pytest.mark.shared_data
def test_targets_on_the_shared_examples(shared_data: Path) -> None:
    """On the shared labelled examples recall is >= 0.95 and hard-negative precision >= 0.70."""
    result = evaluate_risk_folder(shared_data / "ruptures-examples").as_dict()
    assert result["recall"] >= 0.95
    assert result["precision_on_hard_negatives"] >= 0.70
    assert result["therapist_screening_questions_flagged"] == 0


def test_recall_by_kind_and_review_tier(labelled: Path) -> None:
    """Per-kind recall counts each labelled kind; the review tier never finds fewer than flags."""
    result = evaluate_risk_folder(labelled).as_dict()
    assert result["recall_by_kind"] == {"suicidal_ideation": {"n": 2, "found": 2}}
    review = result["with_possible"]
    assert review["true_positives"] >= result["true_positives"]
    assert review["hard_negatives_listed"] >= result["hard_negatives_flagged"]
    assert review["recall"] == 1.0


def test_possible_readings_count_only_in_the_review_tier() -> None:
    """A gold utterance on the possible list is a review-tier hit but still a flag miss."""
    session = make_session(("Therapist", "How are you?"), ("Client", "Tired of it all."))
    example = LabelledExample(
        id="risk-x",
        type="risk_snippet",
        category="risk_snippet",
        session=session,
        risk=({"index": 1, "kind": "passive_suicidal_ideation", "severity": "low"},),
        red_flags=(),
        hard_negatives=(),
        ruptures=(),
    )
    result = RiskEvaluation(examples=1)
    _score(result, example, {}, {1})
    summary = result.as_dict()
    assert (summary["true_positives"], summary["with_possible"]["true_positives"]) == (0, 1)
    assert summary["recall_by_kind"] == {"passive_suicidal_ideation": {"n": 1, "found": 0}}


def _line(n: int, text: str, previous: str, kind: str, thread: str | None) -> RiskExample:
    tag = "negation" if kind == "none" else None
    severity = None if kind == "none" else "moderate"
    return RiskExample(f"x-{n}", "x", text, previous, kind, severity, tag, "test", thread)


def test_lines_are_read_in_their_thread() -> None:
    """A follow-up line is found only inside its thread; a thread denial is not flagged."""
    lines = [
        _line(1, "three maybe four, there's a lump here", "How many times?", "self_harm", None),
        _line(
            2, "three maybe four, there's a lump here", "How many times?", "self_harm", "self_harm"
        ),
        _line(3, "No, not since Sunday.", "Have you done it again?", "none", "self_harm"),
    ]
    result = evaluate_risk_lines(lines, RiskLanguage(use_model=False))
    assert result["thread"]["with_possible"]["true_positives"] == 1
    assert result["thread"]["hard_negatives_flagged"] == 0
    assert result["no_thread"]["with_possible"]["misses"] == ["x-1"]
    assert result["all"]["positives"] == 2
