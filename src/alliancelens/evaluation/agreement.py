"""Agreement between two coders who labelled the same sessions (ruptures-examples layout).

Researchers and clinics double-code a share of their sessions to know how far the labels
themselves can be trusted; the same numbers say how far a detector can be expected to agree with
one coder. Coder A's folder holds complete labelled examples (``sess-*.json`` / ``risk-*.json``
with utterances, as :func:`~alliancelens.evaluation.labelled_examples.load_examples` reads them);
coder B's folder needs only each file's ``id`` and the label lists compared (``ruptures``,
``red_flags`` and ``risk`` for a session, ``risk`` for a risk snippet), matched to A by ``id``.
The utterances, and so the speaker roles, come from A; B's labels are checked against them as
A's are on load (indexes inside the transcript and on the right speaker, known vocabularies). A
missing list is an error naming file and field; an empty list means "no labels".

What is reported (counts with every rate; the corpora are small):

* **Rupture episodes** with the scoring of ``evaluate ruptures`` (B's episodes against A's: an
  episode agrees when one of the same kind overlaps it), so "recall" is the share of A's episodes
  B also found and "precision" the share of B's that A has; plus resolved/unresolved agreement on
  matched episodes and Cohen's kappa of the per-client-utterance kind (withdrawal, confrontation
  or none) — the corpus README's primary utterance measure [Cohen1960].
* **Risk** per client utterance: Cohen's kappa of flagged vs not, the share of each coder's
  flags the other has, and on utterances both flagged the agreement on kind and severity (severity
  also as linearly weighted kappa, since it is ordinal).
* **Red flags** as ``(utterance, kind)`` pairs, B against A.

Kappa is ``None`` where it is undefined (both coders used one and the same category throughout).

[Cohen1960] Cohen J. A coefficient of agreement for nominal scales. *Educational and
Psychological Measurement* 1960;20(1):37-46 (weighted form: Cohen 1968, *Psychol Bull* 70:213).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alliancelens.errors import UsageError
from alliancelens.evaluation.labelled_examples import (
    LabelledExample,
    check_coder_labels,
    load_examples,
)
from alliancelens.evaluation.ruptures_eval import PairCounts, RuptureEvaluation, score_session
from alliancelens.ingest.labelled import read_json

__all__ = ["CoderLabels", "agreement", "agreement_folders", "cohen_kappa", "load_coder_labels"]

_LISTS = ("ruptures", "red_flags", "risk")
_SEVERITY_ORDER = {"low": 0, "moderate": 1, "high": 2}


@dataclass(frozen=True, slots=True)
class CoderLabels:
    """One file of coder B: its id and label lists (as in the corpus JSON)."""

    id: str
    ruptures: tuple[dict[str, Any], ...]
    red_flags: tuple[dict[str, Any], ...]
    risk: tuple[dict[str, Any], ...]


def load_coder_labels(
    folder: str | Path, reference: Mapping[str, LabelledExample] | None = None
) -> dict[str, CoderLabels]:
    """Every ``*.json`` in ``folder`` with an ``id``, keyed by id (utterances are not needed).

    Each file is checked as :func:`~alliancelens.evaluation.labelled_examples.check_coder_labels`
    says, against ``reference[id]`` (coder A's example) when there is one: indexes within A's
    transcript and on the right speaker, known vocabularies, and the label lists that agreement
    compares present (a missing list is an error; an empty one means "no labels").
    """
    root = Path(folder)
    if not root.is_dir():
        raise UsageError(
            f"{root}: not a folder; give the folder with the second coder's JSON files"
        )
    found: dict[str, CoderLabels] = {}
    for path in sorted(root.glob("*.json")):
        labels = _read_labels(path, reference or {})
        if labels.id in found:
            raise UsageError(f"{path}: id {labels.id!r} appears in two files; keep one")
        found[labels.id] = labels
    if not found:
        raise UsageError(f"{root}: no *.json label files; is this the second coder's folder?")
    return found


def _read_labels(path: Path, reference: Mapping[str, LabelledExample]) -> CoderLabels:
    data = read_json(path)
    if not isinstance(data.get("id"), str):
        raise UsageError(f"{path}: id is missing; every label file needs the example's id")
    check_coder_labels(path, data, reference.get(data["id"]))
    lists = {name: tuple(data.get(name) or ()) for name in _LISTS}
    return CoderLabels(data["id"], lists["ruptures"], lists["red_flags"], lists["risk"])


def cohen_kappa(a: Sequence[Any], b: Sequence[Any], *, weights: str | None = None) -> float | None:
    """Cohen's kappa of two label sequences [Cohen1960]; None when undefined or empty."""
    if not a or len(a) != len(b) or len(set(a) | set(b)) < 2:
        return None
    from sklearn.metrics import cohen_kappa_score  # noqa: PLC0415  (lazy: heavy import)

    return round(float(cohen_kappa_score(a, b, weights=weights)), 4)


def _rate(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def _client_indexes(example: LabelledExample) -> list[int]:
    return [u.index for u in example.session.utterances if u.role.value == "client"]


def _utterance_kinds(episodes: Sequence[Mapping[str, Any]]) -> dict[int, str]:
    return {int(m["index"]): str(e["kind"]) for e in episodes for m in e["marker_evidence"]}


@dataclass
class _RiskTally:
    a: list[bool]
    b: list[bool]
    both_kind: list[tuple[str, str]]
    both_severity: list[tuple[int, int]]

    def as_dict(self) -> dict[str, Any]:
        both = sum(x and y for x, y in zip(self.a, self.b, strict=True))
        kind_agree = sum(x == y for x, y in self.both_kind)
        severity_agree = sum(x == y for x, y in self.both_severity)
        return {
            "client_utterances": len(self.a),
            "flagged_by_a": sum(self.a),
            "flagged_by_b": sum(self.b),
            "flagged_by_both": both,
            "share_of_a_flags_b_has": _rate(both, sum(self.a)),
            "share_of_b_flags_a_has": _rate(both, sum(self.b)),
            "kappa": cohen_kappa(self.a, self.b),
            "kind_agreement": _rate(kind_agree, len(self.both_kind)),
            "severity_agreement": _rate(severity_agree, len(self.both_severity)),
            "severity_weighted_kappa": cohen_kappa(
                [x for x, _ in self.both_severity],
                [y for _, y in self.both_severity],
                weights="linear",
            ),
        }


def _tally_risk(tally: _RiskTally, example: LabelledExample, other: CoderLabels) -> None:
    mine = {int(r["index"]): r for r in example.risk}
    theirs = {int(r["index"]): r for r in other.risk}
    for index in _client_indexes(example):
        tally.a.append(index in mine)
        tally.b.append(index in theirs)
        if index in mine and index in theirs:
            tally.both_kind.append((str(mine[index]["kind"]), str(theirs[index]["kind"])))
            severities = (mine[index].get("severity"), theirs[index].get("severity"))
            if all(s in _SEVERITY_ORDER for s in severities):
                tally.both_severity.append(
                    (_SEVERITY_ORDER[str(severities[0])], _SEVERITY_ORDER[str(severities[1])])
                )


def agreement(
    reference: Sequence[LabelledExample], other: Mapping[str, CoderLabels]
) -> dict[str, Any]:
    """Agreement of coder B (``other``) with coder A (``reference``) on the examples both have."""
    ruptures = RuptureEvaluation()
    red_flags = PairCounts()
    risk = _RiskTally([], [], [], [])
    kinds_a: list[str] = []
    kinds_b: list[str] = []
    compared = [e for e in reference if e.id in other]
    for example in compared:
        theirs = other[example.id]
        if example.type == "session":
            score_session(ruptures, example, [dict(e) for e in theirs.ruptures])
            mine_k, theirs_k = _utterance_kinds(example.ruptures), _utterance_kinds(theirs.ruptures)
            for index in _client_indexes(example):
                kinds_a.append(mine_k.get(index, "none"))
                kinds_b.append(theirs_k.get(index, "none"))
            red_flags.add(
                _flag_pairs(example.id, theirs.red_flags),
                _flag_pairs(example.id, example.red_flags),
            )
        _tally_risk(risk, example, theirs)
    rupture_numbers = ruptures.as_dict()
    return {
        "compared": len(compared),
        "only_in_a": sorted(e.id for e in reference if e.id not in other),
        "only_in_b": sorted(set(other) - {e.id for e in reference}),
        "ruptures": {
            "sessions": rupture_numbers["sessions"],
            "episodes": rupture_numbers["episodes"],
            "resolution": rupture_numbers["resolution"],
            "markers": rupture_numbers["markers"],
            "utterance_kind_kappa": cohen_kappa(kinds_a, kinds_b),
            "utterance_kind_agreement": _rate(
                sum(x == y for x, y in zip(kinds_a, kinds_b, strict=True)), len(kinds_a)
            ),
            "rows": rupture_numbers["rows"],
        },
        "red_flags": _pair_numbers(red_flags),
        "risk": risk.as_dict(),
    }


def _flag_pairs(sid: str, flags: Sequence[Mapping[str, Any]]) -> set[tuple[str, int, str]]:
    return {(sid, int(f["index"]), str(f["kind"])) for f in flags}


def _pair_numbers(counts: PairCounts) -> dict[str, Any]:
    return {
        "both": counts.tp,
        "only_b": counts.fp,
        "only_a": counts.fn,
        "share_of_a_b_has": _rate(counts.tp, counts.tp + counts.fn),
        "share_of_b_a_has": _rate(counts.tp, counts.tp + counts.fp),
    }


def agreement_folders(folder_a: str | Path, folder_b: str | Path) -> dict[str, Any]:
    """Load coder A's labelled examples and coder B's labels, then compare (see module doc)."""
    reference = load_examples(folder_a)
    other = load_coder_labels(folder_b, {e.id: e for e in reference})
    if not any(e.id in other for e in reference):
        raise UsageError(
            f"{folder_b}: no file shares an id with {folder_a}; both coders must label the same "
            "examples"
        )
    return agreement(reference, other)
