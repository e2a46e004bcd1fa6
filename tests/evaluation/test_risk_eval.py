"""evaluate risk: recall, precision, hard negatives and screening questions."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliancelens.evaluation.labelled_examples import LabelledExample
from alliancelens.evaluation.risk_eval import RiskEvaluation, _score, evaluate_risk_folder
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
