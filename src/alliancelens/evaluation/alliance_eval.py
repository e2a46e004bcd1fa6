"""Check ``alliance.bordin`` against AnnoMI's session-level MI quality (high vs low) as ROC AUC.

AnnoMI (``shared/data/annomi``) labels every demonstration transcript as high- or low-quality
motivational interviewing. Good MI and a good working alliance are not the same construct, but
they overlap (empathy, collaboration, autonomy on one side; confronting and persuading on the
other), so a transcript alliance estimate should rank high-quality sessions above low-quality
ones. The AUC is the probability that a random high-quality session gets a higher ``index``
than a random low-quality one (ties count half): the Mann-Whitney statistic, computed here
without extra dependencies.

Transcripts are read with the ``csv`` reader of :mod:`alliancelens.ingest` (which ignores
annotation columns); the ``mi_quality`` label is read from the same file separately, by
``transcript_id``.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alliancelens.analysers.alliance import SUBSCALES, BordinAlliance
from alliancelens.analysers.pipeline import Pipeline
from alliancelens.analysers.ruptures import RuptureDetector
from alliancelens.errors import UsageError
from alliancelens.ingest import read_file

__all__ = ["AllianceEvaluation", "annomi_csv", "evaluate_alliance", "load_mi_quality", "roc_auc"]

_LABELS = ("high", "low")


def roc_auc(positives: Sequence[float], negatives: Sequence[float]) -> float | None:
    """Area under the ROC curve: P(positive > negative) + P(tie) / 2; None if a side is empty."""
    if not positives or not negatives:
        return None
    ranked = sorted([(v, 1) for v in positives] + [(v, 0) for v in negatives])
    rank_sum = 0.0
    i = 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        mean_rank = (i + 1 + j) / 2  # 1-based ranks i+1..j share their mean
        rank_sum += mean_rank * sum(flag for _, flag in ranked[i:j])
        i = j
    n_pos, n_neg = len(positives), len(negatives)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def load_mi_quality(path: str | Path) -> dict[str, str]:
    """``transcript_id -> mi_quality`` (``high``/``low``) from an AnnoMI CSV."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8", newline="") as stream:
            reader = csv.DictReader(stream)
            missing = {"transcript_id", "mi_quality"} - set(reader.fieldnames or ())
            if missing:
                raise UsageError(
                    f"{path}: column(s) {', '.join(sorted(missing))} missing; give an AnnoMI CSV "
                    "(AnnoMI-simple.csv or AnnoMI-full.csv)"
                )
            labels = {row["transcript_id"].strip(): row["mi_quality"].strip() for row in reader}
    except OSError as exc:
        raise UsageError(f"{path}: cannot be read ({type(exc).__name__})") from exc
    bad = sorted({v for v in labels.values() if v not in _LABELS})
    if bad:
        raise UsageError(
            f"{path}: mi_quality must be 'high' or 'low'; found {len(bad)} other value(s)"
        )
    return labels


@dataclass
class AllianceEvaluation:
    """Per-session scores and the AUC of each score for high vs low MI quality."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    not_analysed: list[str] = field(default_factory=list)

    def scores(self, key: str, label: str) -> list[float]:
        """The ``key`` score (index/goal/task/bond) of every session labelled ``label``."""
        return [float(r[key]) for r in self.rows if r["mi_quality"] == label]

    def auc(self, key: str = "index") -> float | None:
        """AUC of ``key`` for telling high- from low-quality sessions."""
        value = roc_auc(self.scores(key, "high"), self.scores(key, "low"))
        return None if value is None else round(value, 4)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (``evaluate alliance --json``)."""
        keys = ("index", *SUBSCALES)
        return {
            "sessions": {label: len(self.scores("index", label)) for label in _LABELS},
            "auc": {key: self.auc(key) for key in keys},
            "mean": {
                label: {
                    key: round(sum(v) / len(v), 1) if (v := self.scores(key, label)) else None
                    for key in keys
                }
                for label in _LABELS
            },
            "not_analysed": self.not_analysed,
            "rows": self.rows,
        }


def annomi_csv(path: str | Path) -> Path:
    """``path`` itself when it is a file; in a folder, AnnoMI-simple.csv, else AnnoMI-full.csv."""
    from alliancelens.models._corpus import FULL_NAME, SIMPLE_NAME  # noqa: PLC0415

    path = Path(path)
    if not path.is_dir():
        return path
    for name in (SIMPLE_NAME, FULL_NAME):
        if (path / name).is_file():
            return path / name
    raise UsageError(f"{path}: no {SIMPLE_NAME} or {FULL_NAME} in this folder; give the CSV")


def evaluate_alliance(path: str | Path) -> AllianceEvaluation:
    """Run ruptures and alliance on every transcript of an AnnoMI CSV and score them.

    ``path`` is the CSV or the folder holding it (see :func:`annomi_csv`).
    """
    path = annomi_csv(path)
    labels = load_mi_quality(path)
    sessions = read_file(path, format="csv").sessions
    pipeline = Pipeline([RuptureDetector(), BordinAlliance()])
    result = AllianceEvaluation()
    for session in sessions:
        label = labels.get(session.id)
        if label is None:
            continue
        found = pipeline.run(session).findings.of_kind("alliance.summary")
        if not found:
            result.not_analysed.append(session.id)
            continue
        value = found[0].value
        result.rows.append(
            {
                "id": session.id,
                "mi_quality": label,
                "utterances": len(session.utterances),
                "index": value["index"],
                **{s: value[s]["score"] for s in SUBSCALES},
                "rupture_episodes": value["ruptures"]["episodes"] if value["ruptures"] else None,
            }
        )
    return result
