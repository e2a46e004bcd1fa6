"""Evaluate the lexical EPITOME rater against the EPITOME Reddit CSVs (evaluation only).

The data (``emotional-reactions-reddit.csv``, ``interpretations-reddit.csv``,
``explorations-reddit.csv``; Sharma et al., EMNLP 2020) is licensed for non-commercial academic
research, so it is read from outside the repository at evaluation time and nothing is trained on
it. Duplicated (sp_id, rp_id) pairs are collapsed; pairs whose copies carry different levels are
dropped (see the data's SOURCE.md). Rows are split by a hash of ``sp_id`` into a ``dev`` half
(used for error analysis while writing the cue lists) and a ``test`` half (not inspected), and
macro-F1 over levels 0/1/2 is reported per mechanism for each half and for all rows.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alliancelens.analysers._empathy import MECHANISMS, rate_empathy
from alliancelens.errors import UsageError

__all__ = ["FILES", "MechanismScore", "evaluate_empathy", "load_epitome", "macro_f1", "split_of"]

FILES = {
    "emotional_reactions": "emotional-reactions-reddit.csv",
    "interpretations": "interpretations-reddit.csv",
    "explorations": "explorations-reddit.csv",
}
LEVELS = (0, 1, 2)


@dataclass(frozen=True, slots=True)
class Rated:
    """One (seeker post, response) pair with its gold level for one mechanism."""

    sp_id: str
    response: str
    level: int


@dataclass(frozen=True, slots=True)
class MechanismScore:
    """Macro-F1, accuracy, per-level F1 and the confusion matrix for one mechanism and split."""

    mechanism: str
    split: str
    n: int
    macro_f1: float
    accuracy: float
    f1_by_level: dict[int, float]
    confusion: list[list[int]]  # rows = gold level, columns = predicted level

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "mechanism": self.mechanism,
            "split": self.split,
            "n": self.n,
            "macro_f1": self.macro_f1,
            "accuracy": self.accuracy,
            "f1_by_level": {str(k): v for k, v in self.f1_by_level.items()},
            "confusion": self.confusion,
        }


def split_of(sp_id: str) -> str:
    """``dev`` or ``test``, by the first byte of the SHA-256 of the seeker-post id."""
    return "dev" if hashlib.sha256(sp_id.encode("utf-8")).digest()[0] % 2 == 0 else "test"


def load_epitome(folder: str | Path, mechanism: str) -> list[Rated]:
    """Deduplicated rows of one mechanism's CSV."""
    path = Path(folder) / FILES[mechanism]
    if not path.is_file():
        raise UsageError(
            f"{path}: missing; give --data the folder holding the three EPITOME Reddit CSVs"
        )
    levels: dict[tuple[str, str], set[int]] = {}
    texts: dict[tuple[str, str], str] = {}
    try:
        with path.open(encoding="utf-8", newline="") as stream:
            for line, row in enumerate(csv.DictReader(stream), start=2):
                key = (row["sp_id"], row["rp_id"])
                try:
                    levels.setdefault(key, set()).add(int(row["level"]))
                except ValueError as exc:
                    raise UsageError(f"{path}, line {line}, level: not 0, 1 or 2") from exc
                texts[key] = row["response_post"]
    except KeyError as exc:
        raise UsageError(f"{path}: missing column {exc}; is this an EPITOME CSV?") from exc
    return [
        Rated(key[0], texts[key], next(iter(found)))
        for key, found in levels.items()
        if len(found) == 1
    ]


def macro_f1(gold: Sequence[int], predicted: Sequence[int]) -> tuple[float, dict[int, float]]:
    """Unweighted mean of per-level F1 over levels 0, 1, 2 (a level never seen scores 0)."""
    per_level: dict[int, float] = {}
    for level in LEVELS:
        tp = sum(g == level and p == level for g, p in zip(gold, predicted, strict=True))
        fp = sum(g != level and p == level for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == level and p != level for g, p in zip(gold, predicted, strict=True))
        per_level[level] = round(2 * tp / (2 * tp + fp + fn), 4) if tp else 0.0
    return round(sum(per_level.values()) / len(LEVELS), 4), per_level


def _score(
    mechanism: str, split: str, rows: Iterable[Rated], rater: Callable[[str], int]
) -> MechanismScore:
    chosen = list(rows)
    gold = [r.level for r in chosen]
    predicted = [rater(r.response) for r in chosen]
    confusion = [[0, 0, 0] for _ in LEVELS]
    for g, p in zip(gold, predicted, strict=True):
        confusion[g][p] += 1
    macro, per_level = macro_f1(gold, predicted)
    accuracy = round(sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold), 4)
    return MechanismScore(mechanism, split, len(gold), macro, accuracy, per_level, confusion)


def evaluate_empathy(
    folder: str | Path, *, splits: Sequence[str] = ("dev", "test", "all")
) -> list[MechanismScore]:
    """Score the rater on every mechanism and split."""
    scores: list[MechanismScore] = []
    for mechanism in MECHANISMS:
        rows = load_epitome(folder, mechanism)

        def rater(text: str, mechanism: str = mechanism) -> int:
            return rate_empathy(text)[mechanism]

        for split in splits:
            chosen = [r for r in rows if split == "all" or split_of(r.sp_id) == split]
            if chosen:
                scores.append(_score(mechanism, split, chosen, rater))
    return scores
