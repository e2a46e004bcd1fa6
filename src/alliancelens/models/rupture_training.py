"""Train the rupture classifiers from our own synthetic labelled utterances (deterministic).

Training data: ``training-data/ruptures/*.jsonl``, one utterance per line with the turn before
it (format in ``docs/models/ruptures.md``). Steps:

1. fit the hashed TF-IDF vocabulary (:mod:`alliancelens.models._features`) on every pair;
2. ``kind`` head: multinomial logistic regression over none/withdrawal/confrontation on the
   client utterances;
3. ``marker`` head: multinomial logistic regression over the 14 subtypes on the marked client
   utterances (an utterance with two markers is one row per marker);
4. ``strategy`` head: one binary logistic regression per strategy on the therapist utterances.

scikit-learn's lbfgs solver is deterministic; BLAS is limited to one thread while fitting, and
the model file is written byte-reproducibly (:mod:`alliancelens.models._store`), so the same
data always gives the same bytes. :func:`cross_batch_report` trains on earlier batches and
scores a later one (:mod:`alliancelens.models.rupture_evaluation`): the honest estimate of how
the heads cope with new wording.
"""

from __future__ import annotations

import hashlib
import json
import platform
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np

from alliancelens.errors import UsageError
from alliancelens.models._features import Turn, Vocabulary, fit_vocabulary, parse_turns
from alliancelens.models.rupture_model import (
    Head,
    Labels,
    Pair,
    RuptureModel,
    dense_block,
    design,
)

__all__ = [
    "KINDS",
    "Example",
    "Labels",
    "RuptureTrainingConfig",
    "read_examples",
    "train_rupture_model",
]

KINDS = ("none", "withdrawal", "confrontation")
#: A writer-round batch label ``"rN"`` is numbered ``_ROUND_BASE + N``: after every numbered batch.
_ROUND_BASE = 100
_REQUIRED = ("id", "batch", "role", "previous", "text", "markers", "strategies")


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled utterance with the turn before it; ``kind`` is that of its first marker."""

    id: str
    batch: int
    pair: Pair
    markers: tuple[str, ...]
    strategies: tuple[str, ...]
    hard_negative: str | None
    style: str
    kind: str = "none"


@dataclass(frozen=True, slots=True)
class RuptureTrainingConfig:
    """Hyper-parameters; recorded in the model's manifest."""

    min_df: int = 2
    #: Word 1-2-grams of the utterance only (the other blocks of ``_features`` stay empty):
    #: character n-grams and the previous turn's words fitted our own prompts too closely
    #: (docs/models/ruptures.md, "Choices"); the previous turn enters through dense features.
    max_terms: dict[str, int] = field(default_factory=lambda: {"w": 6000, "c": 0, "p": 0, "n": 0})
    c_kind: float = 4.0
    c_marker: float = 4.0
    c_strategy: float = 4.0
    max_iter: int = 3000
    strategy_weight: str | None = "balanced"


def _bad(path: Path, line: int, problem: str) -> UsageError:
    return UsageError(f"{path.name} line {line}: {problem}; fix the line or remove it")


def _batch(path: Path, line: int, value: Any) -> int:
    """A batch number: an integer, or ``"rN"`` for a later writer round (``_ROUND_BASE + N``)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value)
    if text[:1] == "r" and text[1:].isdigit():
        return _ROUND_BASE + int(text[1:])
    raise _bad(path, line, "field 'batch' must be an integer or 'r' and a number (e.g. 'r1')")


def _example(path: Path, line: int, raw: str, labels: Labels) -> Example:
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise _bad(path, line, "not valid JSON") from exc
    if not isinstance(record, dict):
        raise _bad(path, line, "not a JSON object")
    missing = [k for k in _REQUIRED if k not in record]
    if missing:
        raise _bad(path, line, f"field {missing[0]!r} is missing")
    role = record["role"]
    if role not in {"client", "therapist"}:
        raise _bad(path, line, "field 'role' must be 'client' or 'therapist'")
    markers, strategies = tuple(record["markers"]), tuple(record["strategies"])
    if any(m not in labels.marker_kind for m in markers) or (markers and role != "client"):
        raise _bad(path, line, "field 'markers' holds an unknown id or is on a therapist line")
    if any(s not in labels.strategies for s in strategies) or (strategies and role != "therapist"):
        raise _bad(path, line, "field 'strategies' holds an unknown id or is on a client line")
    previous = record["previous"]
    if previous is not None and not (isinstance(previous, dict) and "text" in previous):
        raise _bad(path, line, "field 'previous' must be null or {speaker, text}")
    pair = Pair(
        role,
        str(record["text"]),
        previous.get("speaker") if previous else None,
        str(previous["text"]) if previous else None,
    )
    return Example(
        str(record["id"]),
        _batch(path, line, record["batch"]),
        pair,
        markers,
        strategies,
        record.get("hard_negative"),
        str(record.get("style", "")),
        labels.marker_kind[markers[0]] if markers else "none",
    )


def read_examples(folder: Path, labels: Labels) -> tuple[list[Example], str]:
    """Every example in ``folder``'s ``*.jsonl`` files (sorted by name) and their sha256."""
    files = sorted(folder.glob("*.jsonl")) if folder.is_dir() else []
    if not files:
        raise UsageError(f"no *.jsonl training files in {folder}; pass --data FOLDER")
    digest = hashlib.sha256()
    examples: list[Example] = []
    for path in files:
        raw = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + raw)
        for number, line in enumerate(raw.decode("utf-8").splitlines(), start=1):
            if line.strip():
                examples.append(_example(path, number, line, labels))
    return examples, digest.hexdigest()


def _design(
    examples: Sequence[Example], vocabulary: Vocabulary | None, config: RuptureTrainingConfig
) -> tuple[Any, Vocabulary]:
    from scipy import sparse  # noqa: PLC0415

    pairs = [e.pair for e in examples]
    if vocabulary is None:
        parsed = parse_turns([Turn(p.role, p.text) for p in pairs])
        documents = [{"w": ["w|" + g for g in t.grams], "c": [], "p": [], "n": []} for t in parsed]
        vocabulary = fit_vocabulary(documents, min_df=config.min_df, max_terms=config.max_terms)
    indptr, indices, data = design(vocabulary, pairs)
    text = sparse.csr_matrix((data, indices, indptr), shape=(len(pairs), len(vocabulary)))
    return sparse.hstack([text, sparse.csr_matrix(dense_block(pairs))], format="csr"), vocabulary


def _logistic(c: float, config: RuptureTrainingConfig, weight: str | None = None) -> Any:
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415

    return LogisticRegression(C=c, max_iter=config.max_iter, tol=1e-6, class_weight=weight)


def _softmax_head(
    matrix: Any,
    labels: Sequence[str],
    classes: Sequence[str],
    c: float,
    config: RuptureTrainingConfig,
) -> Head:
    """A multinomial head over ``classes`` (classes absent from ``labels`` never win)."""
    estimator = _logistic(c, config).fit(matrix, np.asarray(labels))
    learned = [str(x) for x in estimator.classes_]
    coef = np.full((matrix.shape[1], len(classes)), 0.0)
    intercept = np.full(len(classes), -30.0)
    if len(learned) == 2:  # binary: sklearn keeps one row, for the second class
        weights = np.vstack([-estimator.coef_[0] / 2, estimator.coef_[0] / 2])
        bias = np.asarray([-estimator.intercept_[0] / 2, estimator.intercept_[0] / 2])
    else:
        weights, bias = estimator.coef_, estimator.intercept_
    for row, name in enumerate(learned):
        coef[:, classes.index(name)] = weights[row]
        intercept[classes.index(name)] = bias[row]
    return Head(tuple(classes), coef.astype(np.float32), intercept.astype(np.float32))


def _strategy_head(
    matrix: Any,
    examples: Sequence[Example],
    strategies: Sequence[str],
    config: RuptureTrainingConfig,
) -> Head:
    coef = np.zeros((matrix.shape[1], len(strategies)))
    intercept = np.full(len(strategies), -30.0)
    for j, name in enumerate(strategies):
        target = np.asarray([name in e.strategies for e in examples], dtype=np.int64)
        if 0 < target.sum() < len(target):
            estimator = _logistic(config.c_strategy, config, config.strategy_weight).fit(
                matrix, target
            )
            coef[:, j], intercept[j] = estimator.coef_[0], estimator.intercept_[0]
    return Head(tuple(strategies), coef.astype(np.float32), intercept.astype(np.float32))


def _fit(
    examples: Sequence[Example], labels: Labels, config: RuptureTrainingConfig
) -> RuptureModel:
    matrix, vocabulary = _design(examples, None, config)
    client = [i for i, e in enumerate(examples) if e.pair.role == "client"]
    therapist = [i for i, e in enumerate(examples) if e.pair.role == "therapist"]
    kind = _softmax_head(
        matrix[client], [examples[i].kind for i in client], KINDS, config.c_kind, config
    )
    marked = [(i, m) for i in client for m in examples[i].markers]
    marker = _softmax_head(
        matrix[[i for i, _ in marked]],
        [m for _, m in marked],
        tuple(labels.marker_kind),
        config.c_marker,
        config,
    )
    strategy = _strategy_head(
        matrix[therapist], [examples[i] for i in therapist], labels.strategies, config
    )
    marker_kinds = tuple(labels.marker_kind[m] for m in marker.classes)
    return RuptureModel(vocabulary, kind, marker, strategy, marker_kinds)


def train_rupture_model(
    examples: Sequence[Example],
    *,
    labels: Labels,
    data_sha256: str,
    config: RuptureTrainingConfig | None = None,
    sessions: dict[str, Any] | None = None,
) -> RuptureModel:
    """Train all three heads on ``examples`` (single-threaded, deterministic).

    ``sessions`` (folder names, SHA-256 and example count of labelled session folders among
    ``examples``, :mod:`alliancelens.models.rupture_sessions`) is recorded in the manifest;
    without it the manifest is exactly that of a model trained on the batches alone.
    """
    from threadpoolctl import threadpool_limits  # noqa: PLC0415

    config = config or RuptureTrainingConfig()
    with threadpool_limits(limits=1):
        model = _fit(examples, labels, config)
    manifest = json.dumps(_manifest(examples, data_sha256, config, sessions), sort_keys=True)
    return replace(model, manifest_text=manifest)


def _manifest(
    examples: Sequence[Example],
    data_sha256: str,
    config: RuptureTrainingConfig,
    sessions: dict[str, Any] | None,
) -> dict[str, Any]:
    packages = ("numpy", "scipy", "scikit-learn", "threadpoolctl")
    data: dict[str, Any] = {
        "sha256": data_sha256,
        "examples": len(examples),
        "client": sum(e.pair.role == "client" for e in examples),
        "therapist": sum(e.pair.role == "therapist" for e in examples),
        "batches": sorted({e.batch for e in examples}),
    }
    if sessions is not None:
        data["sessions"] = sessions
    return {
        "name": "ruptures",
        "training_data": data,
        "config": asdict(config),
        "versions": {p: version(p) for p in packages} | {"python": platform.python_version()},
    }
