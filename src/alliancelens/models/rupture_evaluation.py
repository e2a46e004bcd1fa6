"""Score the rupture classifiers on labelled utterances, and across training-data batches.

:func:`cross_batch_report` trains on all batches before a later one and scores that batch, for
several *systems* (the model alone, and whatever else the caller passes, e.g. the analyser's
rules with and without the model): each batch was written later in different wording, so this
is the honest estimate of how the detector copes with new wording.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from alliancelens.models.rupture_model import MarkerScores, Pair, RuptureModel
from alliancelens.models.rupture_training import (
    Example,
    Labels,
    RuptureTrainingConfig,
    train_rupture_model,
)

__all__ = [
    "MarkerSystem",
    "StrategySystem",
    "cross_batch_report",
    "model_only_markers",
    "model_only_strategies",
    "pooled",
    "score_examples",
]


def _pair_scores(gold: set[tuple[int, str]], predicted: set[tuple[int, str]]) -> dict[str, Any]:
    tp = len(gold & predicted)
    return _pair_scores_from(tp, len(predicted - gold), len(gold - predicted))


def _pair_scores_from(tp: int, fp: int, fn: int) -> dict[str, Any]:
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": round(tp / (tp + fp), 3) if tp + fp else None,
        "recall": round(tp / (tp + fn), 3) if tp + fn else None,
    }


#: A system under test for one utterance: (pair, model output or None) -> predicted ids.
MarkerSystem = Callable[[Pair, MarkerScores], set[str]]
StrategySystem = Callable[[Pair, dict[str, float]], set[str]]


def model_only_markers(threshold: float = 0.7) -> MarkerSystem:
    """The model alone: the likelier rupture kind at ``threshold``, with its top subtype."""

    def system(pair: Pair, scores: MarkerScores) -> set[str]:
        del pair
        kind, p = max(
            (("withdrawal", scores.withdrawal), ("confrontation", scores.confrontation)),
            key=lambda item: item[1],
        )
        return {scores.top(kind)} if p >= threshold else set()

    return system


def model_only_strategies(threshold: float = 0.85) -> StrategySystem:
    """The model alone: every strategy at ``threshold``."""

    def system(pair: Pair, probabilities: dict[str, float]) -> set[str]:
        del pair
        return {s for s, p in probabilities.items() if p >= threshold}

    return system


def score_examples(
    model: RuptureModel,
    examples: Sequence[Example],
    markers: MarkerSystem,
    strategies: StrategySystem,
) -> dict[str, Any]:
    """Utterance-level kind, subtype and strategy precision/recall of a system on examples."""
    kind_of = dict(zip(model.marker.classes, model.marker_kinds, strict=True))
    client = [e for e in examples if e.pair.role == "client"]
    therapist = [e for e in examples if e.pair.role == "therapist"]
    gold_kind: set[tuple[int, str]] = set()
    pred_kind: set[tuple[int, str]] = set()
    gold_marker: set[tuple[int, str]] = set()
    pred_marker: set[tuple[int, str]] = set()
    flagged = 0
    for i, (example, scores) in enumerate(
        zip(client, model.client_scores([e.pair for e in client]), strict=True)
    ):
        found = markers(example.pair, scores)
        gold_kind.update((i, kind_of[m]) for m in example.markers)
        gold_marker.update((i, m) for m in example.markers)
        pred_kind.update((i, kind_of[m]) for m in found)
        pred_marker.update((i, m) for m in found)
        flagged += bool(found and example.hard_negative and not example.markers)
    probabilities = model.strategy_scores([e.pair for e in therapist])
    gold_s = {(i, s) for i, e in enumerate(therapist) for s in e.strategies}
    pred_s = {
        (i, s)
        for i, (e, probs) in enumerate(zip(therapist, probabilities, strict=True))
        for s in strategies(e.pair, probs)
    }
    negatives = sum(1 for e in client if e.hard_negative and not e.markers)
    return {
        "client_utterances": len(client),
        "therapist_utterances": len(therapist),
        "kind": _pair_scores(gold_kind, pred_kind),
        "marker": _pair_scores(gold_marker, pred_marker),
        "strategy": _pair_scores(gold_s, pred_s),
        "hard_negatives": {"client_utterances": negatives, "flagged": flagged},
    }


def cross_batch_report(
    examples: Sequence[Example],
    labels: Labels,
    systems: dict[str, tuple[MarkerSystem, StrategySystem]],
    config: RuptureTrainingConfig | None = None,
) -> list[dict[str, Any]]:
    """For each batch after the first: train on all earlier batches, score that batch.

    Every system in ``systems`` (name -> marker and strategy predictors) is scored with the
    model trained on the earlier batches, so a later batch's wording is unseen by the model.
    """
    batches = sorted({e.batch for e in examples})
    report = []
    for later in batches[1:]:
        train = [e for e in examples if e.batch < later]
        test = [e for e in examples if e.batch == later]
        model = train_rupture_model(train, labels=labels, data_sha256="", config=config)
        report.append(
            {
                "train_batches": sorted({e.batch for e in train}),
                "test_batch": later,
                "systems": {
                    name: score_examples(model, test, markers, strategies)
                    for name, (markers, strategies) in systems.items()
                },
            }
        )
    return report


def pooled(report: Sequence[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Counts of a :func:`cross_batch_report` summed over its test batches, per system."""
    totals: dict[str, dict[str, Any]] = {}
    for row in report:
        for name, scores in row["systems"].items():
            total = totals.setdefault(
                name, {"hard_negatives": {"client_utterances": 0, "flagged": 0}}
            )
            for what in ("kind", "marker", "strategy"):
                counts = total.setdefault(what, {"tp": 0, "fp": 0, "fn": 0})
                for key in counts:
                    counts[key] += scores[what][key]
            for key in ("client_utterances", "flagged"):
                total["hard_negatives"][key] += scores["hard_negatives"][key]
    for total in totals.values():
        for what in ("kind", "marker", "strategy"):
            c = total[what]
            total[what] = _pair_scores_from(c["tp"], c["fp"], c["fn"])
    return totals
