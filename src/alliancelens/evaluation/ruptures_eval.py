"""Score ``ruptures.detector`` against the labelled ruptures-examples corpus (``sess-*.json``).

Scoring follows the corpus README ("Suggested scoring") and issue 4:

* **Episodes.** A predicted episode is a hit when a gold episode of the same ``kind`` overlaps
  its span (``start_index``..``end_index``); precision counts predicted episodes that hit, recall
  counts gold episodes that were hit. Start offsets (predicted minus gold start) are reported
  because span edges are the least certain part of the labels.
* **Markers per utterance.** ``(session, index, marker)`` pairs from predicted episodes'
  ``marker_evidence`` against the gold ``marker_evidence``; also ``(session, index, kind)``
  (withdrawal/confrontation/none per client utterance), the README's primary utterance measure.
* **Strategies.** ``(session, index, strategy)`` pairs, the same way.
* **Resolution.** For every gold episode that was hit, the best-overlapping predicted episode's
  ``resolved`` against the gold one (accuracy and a confusion table), and the distance between
  ``resolution_index`` values when both are resolved.
* **Hard negatives.** Client utterances tagged with a rupture-related hard negative that carry a
  predicted marker.

Counts come with every rate: the corpus is small.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alliancelens.analysers.ruptures import RuptureDetector
from alliancelens.evaluation.labelled_examples import LabelledExample, load_examples

__all__ = [
    "RUPTURE_HARD_NEGATIVES",
    "PairCounts",
    "RuptureEvaluation",
    "evaluate_ruptures",
    "evaluate_ruptures_folder",
    "score_session",
]

#: Hard-negative tags that concern rupture markers (the others concern risk or red flags).
RUPTURE_HARD_NEGATIVES = frozenset(
    {
        "short_answer_to_closed_question",
        "collaborative_disagreement",
        "humour_congruent_affect",
        "sustain_talk_not_rupture",
        "client_paced_boundary",
        "emotional_pause_not_withdrawal",
        "genuine_agreement",
        "symptom_report_not_rupture",
    }
)

Pair = tuple[str, int, str]


def _rate(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


@dataclass
class PairCounts:
    """True positives, false positives and false negatives of a set comparison."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: set[Pair], gold: set[Pair]) -> None:
        """Count one session's predicted pairs against its gold pairs."""
        self.tp += len(predicted & gold)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)

    def as_dict(self) -> dict[str, Any]:
        """Counts with precision, recall and F1."""
        precision = _rate(self.tp, self.tp + self.fp)
        recall = _rate(self.tp, self.tp + self.fn)
        f1 = (
            round(2 * precision * recall / (precision + recall), 4)
            if precision and recall
            else None
        )
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": precision,
            "recall": recall,
            "f1": f1,
        }


@dataclass
class RuptureEvaluation:
    """Every count of one evaluation run, with per-session rows for error analysis."""

    sessions: int = 0
    gold_episodes: int = 0
    predicted_episodes: int = 0
    gold_hit: int = 0
    predicted_hit: int = 0
    start_offsets: list[int] = field(default_factory=list)
    markers: PairCounts = field(default_factory=PairCounts)
    utterance_kinds: PairCounts = field(default_factory=PairCounts)
    strategies: PairCounts = field(default_factory=PairCounts)
    resolution: Counter[tuple[bool, bool]] = field(default_factory=Counter)
    resolution_offsets: list[int] = field(default_factory=list)
    hard_negatives: int = 0
    hard_negatives_flagged: int = 0
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def episode_precision(self) -> float | None:
        """Share of predicted episodes that overlap a gold episode of the same kind."""
        return _rate(self.predicted_hit, self.predicted_episodes)

    @property
    def episode_recall(self) -> float | None:
        """Share of gold episodes overlapped by a predicted episode of the same kind."""
        return _rate(self.gold_hit, self.gold_episodes)

    @property
    def resolution_accuracy(self) -> float | None:
        """Resolved/unresolved agreement on gold episodes that were hit."""
        total = sum(self.resolution.values())
        agree = self.resolution[(True, True)] + self.resolution[(False, False)]
        return _rate(agree, total)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (``evaluate ruptures --json``)."""
        offsets = self.start_offsets
        return {
            "sessions": self.sessions,
            "episodes": {
                "gold": self.gold_episodes,
                "predicted": self.predicted_episodes,
                "gold_hit": self.gold_hit,
                "predicted_hit": self.predicted_hit,
                "precision": self.episode_precision,
                "recall": self.episode_recall,
                "mean_abs_start_offset": _rate(sum(abs(o) for o in offsets), len(offsets)),
                "start_offsets": offsets,
            },
            "markers": self.markers.as_dict(),
            "utterance_kinds": self.utterance_kinds.as_dict(),
            "strategies": self.strategies.as_dict(),
            "resolution": {
                "accuracy": self.resolution_accuracy,
                "matched": sum(self.resolution.values()),
                "confusion": {
                    f"gold_{_word(g)}/predicted_{_word(p)}": n
                    for (g, p), n in sorted(self.resolution.items())
                },
                "resolution_index_offsets": self.resolution_offsets,
            },
            "hard_negatives": {
                "client_utterances": self.hard_negatives,
                "flagged": self.hard_negatives_flagged,
            },
            "rows": self.rows,
        }


def _word(resolved: bool) -> str:
    return "resolved" if resolved else "unresolved"


def evaluate_ruptures_folder(folder: str | Path) -> RuptureEvaluation:
    """Evaluate the default detector on every ``sess-*.json`` in ``folder``."""
    return evaluate_ruptures(load_examples(folder, pattern="sess-*.json"))


def evaluate_ruptures(
    examples: Sequence[LabelledExample], detector: RuptureDetector | None = None
) -> RuptureEvaluation:
    """Evaluate ``detector`` (default parameters if None) on labelled session examples."""
    detector = detector or RuptureDetector()
    result = RuptureEvaluation()
    for example in examples:
        if example.type != "session":
            continue
        (summary,) = (f for f in detector.analyse(example.session) if f.kind == "ruptures.summary")
        score_session(result, example, list(summary.value))
    return result


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> int:
    """Number of utterance indexes two same-kind episodes share (0 when kinds differ)."""
    if a["kind"] != b["kind"]:
        return 0
    low = max(int(a["start_index"]), int(b["start_index"]))
    high = min(int(a["end_index"]), int(b["end_index"]))
    return max(0, high - low + 1)


def score_session(
    result: RuptureEvaluation, example: LabelledExample, predicted: list[dict[str, Any]]
) -> None:
    """Add one session's predicted episodes (``summary.ruptures`` layout) to ``result``."""
    gold = [dict(g) for g in example.ruptures]
    result.sessions += 1
    result.gold_episodes += len(gold)
    result.predicted_episodes += len(predicted)
    result.predicted_hit += sum(any(_overlap(p, g) for g in gold) for p in predicted)
    for g in gold:
        best = max(predicted, key=lambda p: _overlap(p, g), default=None)
        if best is None or not _overlap(best, g):
            continue
        result.gold_hit += 1
        result.start_offsets.append(best["start_index"] - g["start_index"])
        result.resolution[(bool(g["resolved"]), bool(best["resolved"]))] += 1
        if g["resolved"] and best["resolved"]:
            result.resolution_offsets.append(best["resolution_index"] - g["resolution_index"])
    sid = example.id
    result.markers.add(_pairs(sid, predicted, "marker"), _pairs(sid, gold, "marker"))
    result.strategies.add(_pairs(sid, predicted, "strategy"), _pairs(sid, gold, "strategy"))
    result.utterance_kinds.add(_kind_pairs(sid, predicted), _kind_pairs(sid, gold))
    flagged = {i for _, i, _ in _pairs(sid, predicted, "marker")}
    negatives = {
        int(h["index"]) for h in example.hard_negatives if h.get("kind") in RUPTURE_HARD_NEGATIVES
    }
    result.hard_negatives += len(negatives)
    result.hard_negatives_flagged += len(negatives & flagged)
    result.rows.append(
        {
            "id": sid,
            "category": example.category,
            "gold": [_brief(g) for g in gold],
            "predicted": [_brief(p) for p in predicted],
            "hard_negatives_flagged": sorted(negatives & flagged),
        }
    )


def _pairs(sid: str, episodes: list[dict[str, Any]], what: str) -> set[Pair]:
    key = "marker_evidence" if what == "marker" else "strategy_evidence"
    return {(sid, int(item["index"]), str(item[what])) for e in episodes for item in e[key]}


def _kind_pairs(sid: str, episodes: list[dict[str, Any]]) -> set[Pair]:
    return {
        (sid, int(item["index"]), str(e["kind"])) for e in episodes for item in e["marker_evidence"]
    }


def _brief(episode: dict[str, Any]) -> str:
    """``W+ [3-21]`` as in the corpus README's file index."""
    sign = "+" if episode["resolved"] else "-"
    return f"{episode['kind'][0].upper()}{sign} [{episode['start_index']}-{episode['end_index']}]"
