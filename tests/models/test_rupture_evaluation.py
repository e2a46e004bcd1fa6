"""Scoring the rupture classifiers on labelled utterances and across training batches."""

from __future__ import annotations

from pathlib import Path

from alliancelens.models.rupture_evaluation import (
    cross_batch_report,
    model_only_markers,
    model_only_strategies,
    pooled,
    score_examples,
)
from alliancelens.models.rupture_training import read_examples, train_rupture_model

from .test_rupture_training import LABELS, write_data


def test_trained_model_learns_the_training_set(tmp_path: Path) -> None:
    """On its own training data the model separates withdrawal, confrontation and none."""
    examples, _ = read_examples(write_data(tmp_path), LABELS)
    model = train_rupture_model(examples, labels=LABELS, data_sha256="")
    scores = score_examples(model, examples, model_only_markers(0.5), model_only_strategies(0.5))
    assert scores["kind"]["recall"] == 1.0 and scores["kind"]["precision"] == 1.0
    assert scores["hard_negatives"] == {"client_utterances": 1, "flagged": 0}


def test_cross_batch_trains_on_earlier_batches_only(tmp_path: Path) -> None:
    """Each later batch is scored by a model trained on the batches before it."""
    examples, _ = read_examples(write_data(tmp_path), LABELS)
    systems = {"model": (model_only_markers(), model_only_strategies())}
    (row,) = cross_batch_report(examples, LABELS, systems)
    assert row["train_batches"] == [1] and row["test_batch"] == 2
    assert row["systems"]["model"]["client_utterances"] == 3


def test_pooled_sums_counts_over_batches(tmp_path: Path) -> None:
    """Pooled counts are the sums of the per-batch counts, with rates recomputed."""
    examples, _ = read_examples(write_data(tmp_path), LABELS)
    systems = {"model": (model_only_markers(), model_only_strategies())}
    report = cross_batch_report(examples, LABELS, systems)
    total = pooled(report)["model"]
    assert total["kind"]["tp"] == sum(r["systems"]["model"]["kind"]["tp"] for r in report)
    assert total["hard_negatives"]["client_utterances"] == 0
