"""evaluate red-flags: per-kind and overall precision and recall."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliancelens.evaluation.red_flags_eval import evaluate_red_flags_folder


def test_counts_on_a_small_folder(labelled: Path) -> None:
    """Found flags are true positives; the unfound own-problems label is a miss."""
    result = evaluate_red_flags_folder(labelled).as_dict()
    assert result["sessions"] == 1
    assert result["by_kind"]["ignoring_client_feedback"]["tp"] == 1
    assert result["by_kind"]["unsolicited_advice"]["tp"] == 1
    assert result["by_kind"]["judgmental_remark"]["tp"] == 1
    assert result["by_kind"]["therapist_own_problems"] == {
        "tp": 0,
        "fp": 0,
        "fn": 1,
        "precision": None,
        "recall": 0.0,
    }
    assert result["misses"] == [{"id": "sess-901", "index": 4, "kind": "therapist_own_problems"}]
    assert result["overall"]["recall"] == 0.75


@pytest.mark.shared_data
def test_floor_on_the_shared_examples(shared_data: Path) -> None:
    """On the shared sessions overall recall stays >= 0.8 and precision >= 0.6 (a floor)."""
    result = evaluate_red_flags_folder(shared_data / "ruptures-examples").as_dict()
    assert result["overall"]["recall"] >= 0.8
    assert result["overall"]["precision"] >= 0.6
