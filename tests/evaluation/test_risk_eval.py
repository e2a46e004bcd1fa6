"""evaluate risk: recall, precision, hard negatives and screening questions."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliancelens.evaluation.risk_eval import evaluate_risk_folder


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
