"""Train the micro-skill coder from labelled dialogues (deterministic: fixed seeds, 1 thread).

Steps per role (see :mod:`alliancelens.models.coder` for the model):

1. fit the hashed TF-IDF vocabulary on the training utterances of that role;
2. stage 1: out-of-fold ``LinearSVC`` scores for every utterance (folds grouped by transcript),
   then a final stage-1 model on everything;
3. stage 2: logistic regression on stage-1 features plus the out-of-fold context scores;
4. decision rule and calibration, fitted on out-of-fold stage-2 (and subtype) probabilities:
   per-class offsets that maximise macro-F1, then Platt scaling of the chosen label's
   probability;
5. therapist subtypes: logistic regression on the utterances of each behaviour.

``class_weight="balanced"`` everywhere: macro-F1 is the target, and sustain talk and therapist
input are rare. BLAS is limited to one thread while fitting so sums happen in a fixed order.
"""

from __future__ import annotations

import platform
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from typing import Any

import numpy as np
from numpy.typing import NDArray

from alliancelens.models._context import context_matrix
from alliancelens.models._corpus import Corpus, Dialogue
from alliancelens.models._features import (
    ParsedTurn,
    Vocabulary,
    block_grams,
    fit_vocabulary,
    parse_turns,
)
from alliancelens.models._linear import Calibration, LinearModel
from alliancelens.models.coder import (
    FORMAT_VERSION,
    MAIN_CODE,
    SUBTYPE_CODES,
    MicroskillCoder,
    RoleModel,
)

__all__ = ["TrainingConfig", "grouped_folds", "train_coder"]

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class TrainingConfig:
    """Hyper-parameters and seeds; recorded in the manifest of every trained model."""

    seed: int = 13
    inner_folds: int = 5
    min_df: int = 2
    max_terms: dict[str, int] = field(
        default_factory=lambda: {"w": 20000, "c": 30000, "p": 12000, "n": 6000}
    )
    local_c: float = 0.1
    contextual_c: float = 1.0
    subtype_c: float = 1.0
    context_scale: float = 1.0


def grouped_folds(n_groups: int, folds: int, seed: int) -> NDArray[np.int64]:
    """Fold number of each group: a seeded shuffle dealt round-robin (sizes differ by ≤ 1)."""
    order = np.random.default_rng(seed).permutation(n_groups)
    result = np.empty(n_groups, dtype=np.int64)
    result[order] = np.arange(n_groups) % max(1, min(folds, n_groups))
    return result


@dataclass(slots=True)
class _RoleData:
    role: str
    dialogue: NDArray[np.int64]  # dialogue number of each row
    docs: list[dict[str, list[str]]]
    labels: list[str | None]
    subtypes: list[str | None]


def _role_data(
    role: str, dialogues: Sequence[Dialogue], parsed: list[list[ParsedTurn]]
) -> _RoleData:
    number: list[int] = []
    docs: list[dict[str, list[str]]] = []
    labels: list[str | None] = []
    subtypes: list[str | None] = []
    for d, (dialogue, turns) in enumerate(zip(dialogues, parsed, strict=True)):
        gold = dialogue.behaviour if role == "therapist" else dialogue.client_talk
        for i, turn in enumerate(turns):
            if turn.role != role:
                continue
            number.append(d)
            docs.append(block_grams(turns, i))
            labels.append(gold[i])
            subtypes.append(dialogue.subtype[i])
    return _RoleData(
        role,
        np.asarray(number, dtype=np.int64),
        docs,
        labels,
        subtypes,
    )


def _design(data: _RoleData, model: RoleModel, parsed: Sequence[Sequence[ParsedTurn]]) -> Any:
    """The stage-1 design matrix of every row, built exactly as at inference."""
    from scipy import sparse  # noqa: PLC0415

    parts = []
    for turns in parsed:
        rows = [i for i, t in enumerate(turns) if t.role == data.role]
        if rows:
            parts.append(model.design(turns, rows))
    return sparse.vstack(parts, format="csr")


def _shell(role: str, vocabulary: Vocabulary) -> RoleModel:
    """A role model with only its vocabulary, used to build design matrices."""
    empty = LinearModel((), np.zeros((0, 0), dtype=np.float32), np.zeros(0, dtype=np.float32))
    return RoleModel(role, vocabulary, empty, empty, {})


def _svc(config: TrainingConfig) -> Any:
    from sklearn.svm import LinearSVC  # noqa: PLC0415

    return LinearSVC(C=config.local_c, class_weight="balanced", random_state=config.seed)


def _logistic(c: float) -> Any:
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415

    return LogisticRegression(C=c, class_weight="balanced", max_iter=5000)


def _out_of_fold(
    make: Callable[[], Any],
    matrix: Any,
    labels: Sequence[str | None],
    folds: NDArray[np.int64],
    *,
    proba: bool,
) -> NDArray[np.float64]:
    """Out-of-fold scores (or probabilities) for every row; labelled rows train each fold."""
    y = np.asarray([label or "" for label in labels], dtype=object)
    known = y != ""
    classes = sorted(set(y[known]))
    result = np.zeros((matrix.shape[0], len(classes)), dtype=np.float64)
    for fold in np.unique(folds):
        train = known & (folds != fold)
        test = folds == fold
        if not test.any():
            continue
        model = LinearModel.from_estimator(make().fit(matrix[train], y[train].astype(str)))
        values = model.proba(matrix[test]) if proba else model.scores(matrix[test])
        # a class missing from this fold's training part gets probability 0 / the lowest score
        filler = 0.0 if proba else float(values.min()) - 1.0
        result[np.ix_(test, range(len(classes)))] = filler
        for j, label in enumerate(model.classes):
            result[test, classes.index(label)] = values[:, j]
    return result


def _calibration(
    probs: NDArray[np.float64], labels: Sequence[str | None], classes: Sequence[str]
) -> Calibration:
    known = [i for i, label in enumerate(labels) if label]
    gold = np.asarray([list(classes).index(str(labels[i])) for i in known], dtype=np.int64)
    return Calibration.fit(probs[known], gold)


def _dialogue_context(
    roles_per_dialogue: Sequence[Sequence[str]],
    scores: dict[str, NDArray[np.float64]],
    data: dict[str, _RoleData],
    role: str,
) -> NDArray[np.float64]:
    blocks = []
    for d, roles in enumerate(roles_per_dialogue):
        per_role = {r: scores[r][data[r].dialogue == d] for r in MAIN_CODE}
        blocks.append(context_matrix(roles, per_role, role))
    return np.vstack(blocks)


def train_coder(
    corpus: Corpus, config: TrainingConfig | None = None, progress: Progress | None = None
) -> MicroskillCoder:
    """Train the whole coder on ``corpus`` (single-threaded, deterministic)."""
    from threadpoolctl import threadpool_limits  # noqa: PLC0415

    config = config or TrainingConfig()
    with threadpool_limits(limits=1):
        return _train(corpus, config, progress or (lambda _step: None))


def _train(corpus: Corpus, config: TrainingConfig, progress: Progress) -> MicroskillCoder:
    from scipy import sparse  # noqa: PLC0415

    dialogues = corpus.dialogues
    parsed = [parse_turns(d.turns) for d in dialogues]
    roles_per_dialogue = [[t.role for t in turns] for turns in parsed]
    fold_of_dialogue = grouped_folds(len(dialogues), config.inner_folds, config.seed)
    data = {r: _role_data(r, dialogues, parsed) for r in MAIN_CODE}
    vocab = {
        r: fit_vocabulary(data[r].docs, min_df=config.min_df, max_terms=config.max_terms)
        for r in MAIN_CODE
    }
    shells = {r: _shell(r, vocab[r]) for r in MAIN_CODE}
    design = {r: _design(data[r], shells[r], parsed) for r in MAIN_CODE}
    folds = {r: fold_of_dialogue[data[r].dialogue] for r in MAIN_CODE}
    progress("stage 1: out-of-fold scores")
    oof = {
        r: _out_of_fold(lambda: _svc(config), design[r], data[r].labels, folds[r], proba=False)
        for r in MAIN_CODE
    }
    models: dict[str, RoleModel] = {}
    for role, code in MAIN_CODE.items():
        progress(f"{role}: stage 2 and calibration")
        rows = [i for i, label in enumerate(data[role].labels) if label]
        y = np.asarray([data[role].labels[i] for i in rows], dtype=str)
        local = LinearModel.from_estimator(_svc(config).fit(design[role][rows], y))
        context = _dialogue_context(roles_per_dialogue, oof, data, role)
        stage_two = sparse.hstack(
            [design[role], sparse.csr_matrix(context * config.context_scale)], format="csr"
        )
        contextual = LinearModel.from_estimator(
            _logistic(config.contextual_c).fit(stage_two[rows], y)
        )
        probs = _out_of_fold(
            lambda: _logistic(config.contextual_c),
            stage_two,
            data[role].labels,
            folds[role],
            proba=True,
        )
        calibration = {code: _calibration(probs, data[role].labels, contextual.classes)}
        subtypes: dict[str, LinearModel] = {}
        if role == "therapist":
            progress("therapist: subtypes")
            subtypes = _fit_subtypes(design[role], data[role], folds[role], config, calibration)
        models[role] = RoleModel(
            role,
            vocab[role],
            local,
            contextual,
            calibration,
            subtypes,
            config.context_scale,
            shells[role].featurizer,
        )
    return MicroskillCoder(models["therapist"], models["client"], _manifest(corpus, config))


def _fit_subtypes(
    design: Any,
    data: _RoleData,
    folds: NDArray[np.int64],
    config: TrainingConfig,
    calibration: dict[str, Calibration],
) -> dict[str, LinearModel]:
    models: dict[str, LinearModel] = {}
    for behaviour, key in SUBTYPE_CODES.items():
        labels = [
            s if b == behaviour else None for b, s in zip(data.labels, data.subtypes, strict=True)
        ]
        rows = [i for i, s in enumerate(labels) if s]
        if len({labels[i] for i in rows}) < 2:
            continue
        y = np.asarray([labels[i] for i in rows], dtype=str)
        models[behaviour] = LinearModel.from_estimator(
            _logistic(config.subtype_c).fit(design[rows], y)
        )
        probs = _out_of_fold(lambda: _logistic(config.subtype_c), design, labels, folds, proba=True)
        calibration[key] = _calibration(probs, labels, models[behaviour].classes)
    return models


def _manifest(corpus: Corpus, config: TrainingConfig) -> dict[str, Any]:
    packages = ("numpy", "scipy", "scikit-learn", "threadpoolctl")
    return {
        "format_version": FORMAT_VERSION,
        "name": "microskills",
        "backend": "ngram",
        "training_data": {
            "file": corpus.source,
            "sha256": corpus.sha256,
            "dialogues": len(corpus.dialogues),
            "utterances": corpus.utterances,
        },
        "config": asdict(config),
        "versions": {"python": platform.python_version()} | {p: version(p) for p in packages},
    }
