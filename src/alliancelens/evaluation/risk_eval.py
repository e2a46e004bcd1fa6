"""Evaluate ``risk.language`` against labelled utterances (ruptures-examples ``risk`` fields).

Scoring follows the corpus README ("Suggested scoring"): utterance-level recall on the flagged
client utterances (and on ``high`` ones separately), precision over everything flagged, and
precision on the risk hard negatives: ``TP / (TP + hard negatives flagged)``, where the hard
negatives are client utterances tagged ``negation``, ``past_resolved``, ``third_party``,
``idiom_or_hyperbole``, ``fear_of_death_not_wish``, ``grief_language`` or
``ego_dystonic_intrusive_thought``. Therapist lines tagged ``therapist_screening_question`` must
never be flagged. Counts are reported with every rate because the corpus is small.

:func:`evaluate_risk_lines` scores labelled training-format lines (``training-data/risk``
batches, e.g. a new writer's batch before it is trained on): each line is read after its
``previous`` therapist turn and, when its ``thread`` is set, after that thread's opener
(``risk.thread_turns``), and the results are split by thread / no thread.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alliancelens.analysers.base import FindingSet
from alliancelens.analysers.risk import RiskLanguage, thread_turns
from alliancelens.domain import Role, Session, Speaker
from alliancelens.evaluation.labelled_examples import LabelledExample, load_examples
from alliancelens.models.risk_data import RiskExample
from alliancelens.models.risk_training import score_examples

__all__ = [
    "RISK_HARD_NEGATIVES",
    "RiskEvaluation",
    "evaluate_risk",
    "evaluate_risk_folder",
    "evaluate_risk_lines",
]

RISK_HARD_NEGATIVES = frozenset(
    {
        "negation",
        "past_resolved",
        "third_party",
        "idiom_or_hyperbole",
        "fear_of_death_not_wish",
        "grief_language",
        "ego_dystonic_intrusive_thought",
    }
)

Key = tuple[str, int]


def _rate(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


@dataclass
class RiskEvaluation:
    """Counts and rates of one evaluation run; ``misses``/``false_alarms`` name (id, index)."""

    examples: int = 0
    positives: int = 0
    true_positives: int = 0
    predicted: int = 0
    high_positives: int = 0
    high_found: int = 0
    hard_negatives: int = 0
    hard_negatives_flagged: int = 0
    screening_questions: int = 0
    screening_questions_flagged: int = 0
    kind_agree: int = 0
    severity_agree: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_alarms: list[dict[str, Any]] = field(default_factory=list)
    hard_negatives_by_tag: Counter[str] = field(default_factory=Counter)
    hard_negatives_flagged_by_tag: Counter[str] = field(default_factory=Counter)
    positives_by_kind: Counter[str] = field(default_factory=Counter)
    found_by_kind: Counter[str] = field(default_factory=Counter)
    review_true_positives: int = 0
    review_hard_negatives_flagged: int = 0

    @property
    def recall(self) -> float | None:
        """Share of labelled risk utterances that were flagged."""
        return _rate(self.true_positives, self.positives)

    @property
    def precision(self) -> float | None:
        """Share of flagged utterances that are labelled risk utterances."""
        return _rate(self.true_positives, self.predicted)

    @property
    def precision_on_hard_negatives(self) -> float | None:
        """TP / (TP + hard negatives flagged)."""
        return _rate(self.true_positives, self.true_positives + self.hard_negatives_flagged)

    def review_tier(self) -> dict[str, Any]:
        """Flags plus the model's lower-confidence *possible* list (post-session review)."""
        return {
            "true_positives": self.review_true_positives,
            "recall": _rate(self.review_true_positives, self.positives),
            "hard_negatives_listed": self.review_hard_negatives_flagged,
            "precision_on_hard_negatives": _rate(
                self.review_true_positives,
                self.review_true_positives + self.review_hard_negatives_flagged,
            ),
        }

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready summary."""
        return {
            "examples": self.examples,
            "positives": self.positives,
            "true_positives": self.true_positives,
            "predicted": self.predicted,
            "recall": self.recall,
            "precision": self.precision,
            "recall_high": _rate(self.high_found, self.high_positives),
            "high_positives": self.high_positives,
            "hard_negatives": self.hard_negatives,
            "hard_negatives_flagged": self.hard_negatives_flagged,
            "precision_on_hard_negatives": self.precision_on_hard_negatives,
            "hard_negatives_by_tag": {
                tag: {"n": n, "flagged": self.hard_negatives_flagged_by_tag[tag]}
                for tag, n in sorted(self.hard_negatives_by_tag.items())
            },
            "recall_by_kind": {
                kind: {"n": n, "found": self.found_by_kind[kind]}
                for kind, n in sorted(self.positives_by_kind.items())
            },
            "with_possible": self.review_tier(),
            "therapist_screening_questions": self.screening_questions,
            "therapist_screening_questions_flagged": self.screening_questions_flagged,
            "kind_agreement": _rate(self.kind_agree, self.true_positives),
            "severity_agreement": _rate(self.severity_agree, self.true_positives),
            "misses": self.misses,
            "false_alarms": self.false_alarms,
        }


def evaluate_risk(
    examples: Sequence[LabelledExample], analyser: RiskLanguage | None = None
) -> RiskEvaluation:
    """Run the risk analyser on every example and score it against the labels."""
    analyser = analyser or RiskLanguage()
    result = RiskEvaluation(examples=len(examples))
    for example in examples:
        findings = analyser.analyse(example.session, upstream=FindingSet())
        items = next(f.value for f in findings if f.kind == "risk.summary")
        screening = next(f.value for f in findings if f.kind == "risk_screening.summary")
        possible = {int(p["index"]) for p in screening.get("possible", [])}
        _score(result, example, {int(i["index"]): i for i in items}, possible)
    return result


def _score(
    result: RiskEvaluation,
    example: LabelledExample,
    flagged: dict[int, Any],
    possible: set[int] | frozenset[int] = frozenset(),
) -> None:
    gold = {int(r["index"]): r for r in example.risk}
    listed = set(flagged) | set(possible)
    result.positives += len(gold)
    result.predicted += len(flagged)
    for index, label in gold.items():
        high = label.get("severity") == "high"
        kind = str(label.get("kind"))
        result.high_positives += high
        result.positives_by_kind[kind] += 1
        result.review_true_positives += index in listed
        item = flagged.get(index)
        if item is None:
            result.misses.append({"id": example.id, "index": index, "kind": label.get("kind")})
            continue
        result.true_positives += 1
        result.found_by_kind[kind] += 1
        result.high_found += high
        result.kind_agree += item["kind"] == label.get("kind")
        result.severity_agree += item["severity"] == label.get("severity")
    for index, item in flagged.items():
        if index not in gold:
            result.false_alarms.append({"id": example.id, "index": index, "kind": item["kind"]})
    for negative in example.hard_negatives:
        tag, index = str(negative["kind"]), int(negative["index"])
        if tag == "therapist_screening_question":
            result.screening_questions += 1
            result.screening_questions_flagged += index in flagged
        elif tag in RISK_HARD_NEGATIVES:
            result.hard_negatives += 1
            result.hard_negatives_by_tag[tag] += 1
            result.review_hard_negatives_flagged += index in listed
            if index in flagged:
                result.hard_negatives_flagged += 1
                result.hard_negatives_flagged_by_tag[tag] += 1


def evaluate_risk_folder(folder: str | Path) -> RiskEvaluation:
    """Load every labelled example in ``folder`` (sessions and risk snippets) and evaluate."""
    return evaluate_risk(load_examples(folder))


def _line_reading(analyser: RiskLanguage, example: RiskExample) -> tuple[bool, bool]:
    """(flagged, flagged or listed as possible) for one labelled line in its context."""
    utterances = tuple(thread_turns(example.text, example.previous, example.thread))
    speakers = (Speaker("Client", Role.CLIENT), Speaker("Therapist", Role.THERAPIST))
    session = Session(id="line", utterances=utterances, speakers=speakers)
    findings = {f.kind: f.value for f in analyser.analyse(session, upstream=FindingSet())}
    last = utterances[-1].index
    flagged = any(i["index"] == last for i in findings["risk.summary"])
    possible = any(i["index"] == last for i in findings["risk_screening.summary"]["possible"])
    return flagged, flagged or possible


def evaluate_risk_lines(
    examples: Sequence[RiskExample], analyser: RiskLanguage | None = None
) -> dict[str, Any]:
    """Recall and hard-negative precision on labelled lines, all / in a thread / not in one.

    Each part has the flags' numbers and ``with_possible``; misses and false alarms are ids.
    """
    analyser = analyser or RiskLanguage()
    readings = {e.id: _line_reading(analyser, e) for e in examples}
    parts = {
        "all": list(examples),
        "thread": [e for e in examples if e.thread is not None],
        "no_thread": [e for e in examples if e.thread is None],
    }
    return {
        name: {
            **score_examples(part, lambda e: readings[e.id][0]),
            "with_possible": score_examples(part, lambda e: readings[e.id][1]),
        }
        for name, part in parts.items()
    }
