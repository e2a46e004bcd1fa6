"""Evaluate ``red_flags.therapist`` against the ``red_flags`` labels of ``sess-*.json``.

Scoring is utterance level (corpus README, "Suggested scoring"): a predicted (index, kind) pair is
a true positive when the same pair is labelled. Precision and recall are given per kind and
overall, plus a kind-blind "any red flag on this utterance" score. Only the four labelled kinds
are scored; ``interrupting`` and ``dominating_talk_time`` are not labelled in the corpus (no
timestamps, short excerpts), so they are counted but not scored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alliancelens.analysers.base import FindingSet
from alliancelens.analysers.red_flags import TherapistRedFlags
from alliancelens.analysers.talk import TalkStatistics
from alliancelens.evaluation.labelled_examples import (
    RED_FLAG_KINDS,
    LabelledExample,
    load_examples,
)

__all__ = ["LABELLED_KINDS", "RedFlagEvaluation", "evaluate_red_flags", "evaluate_red_flags_folder"]

#: The kinds the corpus labels (the loader rejects any other kind in a label file).
LABELLED_KINDS = RED_FLAG_KINDS


def _pr(tp: int, fp: int, fn: int) -> dict[str, Any]:
    precision = round(tp / (tp + fp), 4) if tp + fp else None
    recall = round(tp / (tp + fn), 4) if tp + fn else None
    return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall}


@dataclass
class RedFlagEvaluation:
    """Per-kind counts, kind-blind utterance counts, and the misses and false alarms."""

    sessions: int = 0
    counts: dict[str, list[int]] = field(
        default_factory=lambda: {k: [0, 0, 0] for k in LABELLED_KINDS}
    )
    any_flag: list[int] = field(default_factory=lambda: [0, 0, 0])
    unscored: dict[str, int] = field(default_factory=dict)
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_alarms: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready summary (tp/fp/fn, precision, recall)."""
        total = [sum(c[i] for c in self.counts.values()) for i in range(3)]
        return {
            "sessions": self.sessions,
            "by_kind": {k: _pr(*c) for k, c in self.counts.items()},
            "overall": _pr(*total),
            "any_red_flag_utterance": _pr(*self.any_flag),
            "unscored_kinds": self.unscored,
            "misses": self.misses,
            "false_alarms": self.false_alarms,
        }


def evaluate_red_flags(
    examples: Sequence[LabelledExample], analyser: TherapistRedFlags | None = None
) -> RedFlagEvaluation:
    """Run talk statistics and the red-flag analyser on every session excerpt and score them."""
    analyser = analyser or TherapistRedFlags()
    talk = TalkStatistics()
    result = RedFlagEvaluation()
    for example in examples:
        if example.type != "session":
            continue
        result.sessions += 1
        upstream = FindingSet(tuple(talk.analyse(example.session)))
        findings = analyser.analyse(example.session, upstream=upstream)
        items = next(f.value for f in findings if f.kind == "red_flags.summary")
        _score(result, example, items)
    return result


def _score(result: RedFlagEvaluation, example: LabelledExample, items: list[Any]) -> None:
    gold = {(int(r["index"]), str(r["kind"])) for r in example.red_flags}
    predicted: set[tuple[int, str]] = set()
    for item in items:
        if item["kind"] in LABELLED_KINDS and item["index"] is not None:
            predicted.add((int(item["index"]), item["kind"]))
        else:
            result.unscored[item["kind"]] = result.unscored.get(item["kind"], 0) + 1
    for kind in LABELLED_KINDS:
        g = {i for i, k in gold if k == kind}
        p = {i for i, k in predicted if k == kind}
        counts = result.counts[kind]
        counts[0] += len(g & p)
        counts[1] += len(p - g)
        counts[2] += len(g - p)
    g_any, p_any = {i for i, _ in gold}, {i for i, _ in predicted}
    result.any_flag[0] += len(g_any & p_any)
    result.any_flag[1] += len(p_any - g_any)
    result.any_flag[2] += len(g_any - p_any)
    result.misses.extend(
        {"id": example.id, "index": i, "kind": k} for i, k in sorted(gold - predicted)
    )
    result.false_alarms.extend(
        {"id": example.id, "index": i, "kind": k} for i, k in sorted(predicted - gold)
    )


def evaluate_red_flags_folder(folder: str | Path) -> RedFlagEvaluation:
    """Load the session excerpts in ``folder`` and evaluate."""
    return evaluate_red_flags(load_examples(folder, pattern="sess-*.json"))
