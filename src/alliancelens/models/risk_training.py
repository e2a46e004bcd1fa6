"""Train the risk-language model (:mod:`alliancelens.models.risk_model`) reproducibly.

Recipe (docs/models/risk.md):

1. read the batches (:mod:`alliancelens.models.risk_data`) and add the deterministic ASR-style
   and buried copies of every sentence;
2. hash the features of every example; keep buckets seen in at least ``min_df`` examples;
3. fit three multinomial logistic regressions (``risk``, ``severity``, ``guard``) with
   ``class_weight="balanced"``;
4. **leave one batch out**: refit the risk and guard heads without each batch and score that
   batch. Batches were written one after another with deliberately different vocabulary, so these
   out-of-batch probabilities estimate how the model reads wording it has never seen;
5. Platt-scale the out-of-batch ``1 - P(none)``; choose the flag threshold and the guard
   threshold on the out-of-batch scores of the original (not augmented) sentences, combined with
   the rule flags when they are given: the highest thresholds that keep recall at
   ``target_recall``, then the guard threshold that flags the fewest hard negatives.

Deterministic: fixed order everywhere, one BLAS thread, lbfgs (no randomness). scikit-learn is
needed only here, never at inference.
"""

from __future__ import annotations

import platform
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from importlib.metadata import version
from typing import Any

import numpy as np
from numpy.typing import NDArray

from alliancelens.models._linear import logit, platt_scale, softmax
from alliancelens.models.risk_data import (
    RiskCorpus,
    RiskExample,
    augment,
    guard_label,
    neutral_prompt,
)
from alliancelens.models.risk_model import (
    CONTEXT_WEIGHT,
    FORMAT_VERSION,
    GUARD_CLASSES,
    N_BUCKETS,
    RISK_CLASSES,
    SEVERITIES,
    THREAD_WEIGHT,
    RiskModel,
    featurise,
    half_precision,
)

__all__ = [
    "BARE_MAX_WORDS",
    "RiskTrainingConfig",
    "bare_copies",
    "decide",
    "out_of_batch_scores",
    "score_examples",
    "train_risk_model",
]

#: The rule layer's reading of (utterance, previous therapist turn, open thread): rule flag, model
#: cues and whether the therapist turn asks on inside the thread.
RuleReading = Callable[[str, str, str | None], tuple[bool, tuple[str, ...], bool]]
Reading = tuple[tuple[str, ...], bool]
Progress = Callable[[str], None]
#: Risk lines of at most this many words whose words alone carry no rule cue get an
#: out-of-context copy labelled ``none`` (:func:`bare_copies`).
BARE_MAX_WORDS = 8


@dataclass(frozen=True, slots=True)
class RiskTrainingConfig:
    """Training settings (recorded in the manifest)."""

    c: float = 4.0
    min_df: int = 2
    max_iter: int = 3000
    #: Recall on out-of-batch sentences that the thresholds aim for (issue 4 target: 0.95).
    target_recall: float = 0.97
    #: Most ordinary (non-risk, non-hard-negative) talk the thresholds may flag out of batch.
    max_plain_rate: float = 0.05
    #: Whole batches are dealt round-robin into this many folds for the out-of-batch scores.
    folds: int = 5


def _matrix(
    examples: Sequence[RiskExample], cues: Sequence[Reading]
) -> tuple[Any, NDArray[np.int64]]:
    """CSR matrix over the buckets used (min_df applied later) and the sorted bucket ids."""
    from scipy import sparse  # noqa: PLC0415 - training only

    feats = [
        featurise(e.text, e.previous, c, thread=e.thread, follow_up=f)
        for e, (c, f) in zip(examples, cues, strict=True)
    ]
    lengths = [len(f.buckets) for f in feats]
    cols = np.concatenate([f.buckets for f in feats]) if feats else np.zeros(0, np.int64)
    data = np.concatenate([f.values for f in feats]) if feats else np.zeros(0)
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    full = sparse.csr_matrix((data, cols, indptr), shape=(len(feats), N_BUCKETS))
    full.sum_duplicates()
    used = np.unique(full.indices).astype(np.int64)
    return full[:, used].tocsr(), used


def _fit(matrix: Any, labels: Sequence[str], classes: Sequence[str], config: RiskTrainingConfig):  # type: ignore[no-untyped-def]  # noqa: ANN202
    """A fitted LogisticRegression whose coef rows follow ``classes`` (absent ones get -inf)."""
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415

    model = LogisticRegression(C=config.c, class_weight="balanced", max_iter=config.max_iter)
    model.fit(matrix, np.asarray(labels))
    coef = np.zeros((matrix.shape[1], len(classes)))
    intercept = np.full(len(classes), -30.0)
    for row, label in enumerate(model.classes_):
        column = classes.index(str(label))
        coef[:, column] = model.coef_[row] if len(model.classes_) > 2 else 0.0
        intercept[column] = model.intercept_[row] if len(model.classes_) > 2 else 0.0
    if len(model.classes_) == 2:  # binary: sklearn keeps one row for the second class
        second = classes.index(str(model.classes_[1]))
        coef[:, second] = model.coef_[0]
        intercept[second] = model.intercept_[0]
    return coef, intercept


def _proba(matrix: Any, coef: NDArray[np.float64], intercept: NDArray[np.float64]) -> Any:
    return softmax(np.asarray(matrix @ coef) + intercept)


def out_of_batch_scores(
    examples: Sequence[RiskExample],
    cues: Sequence[Reading],
    config: RiskTrainingConfig,
    progress: Progress | None = None,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Out-of-batch raw ``1 - P(none)`` and guard P(risk) for every example.

    Whole batches are dealt round-robin into ``config.folds`` folds; each fold is scored by
    models fitted on the other folds, so no sentence is scored by a model that saw its batch.
    """
    names = list(dict.fromkeys(e.batch for e in examples))
    fold_of = {name: i % config.folds for i, name in enumerate(names)}
    p_risk = np.zeros(len(examples))
    p_guard = np.zeros(len(examples))
    matrix, _ = _matrix(examples, cues)
    keep = np.asarray(np.asarray((matrix > 0).sum(axis=0)).ravel() >= config.min_df)
    matrix = matrix[:, np.flatnonzero(keep)]
    for fold in range(min(config.folds, len(names))):
        if progress is not None:
            progress(f"out-of-batch scores, fold {fold + 1} of {config.folds}")
        test = np.asarray([fold_of[e.batch] == fold for e in examples])
        train = np.flatnonzero(~test)
        kinds = [examples[int(i)].kind for i in train]
        coef, intercept = _fit(matrix[train], kinds, RISK_CLASSES, config)
        p_risk[test] = 1.0 - _proba(matrix[np.flatnonzero(test)], coef, intercept)[:, 0]
        labels = [guard_label(examples[int(i)]) for i in train]
        coef, intercept = _fit(matrix[train], labels, GUARD_CLASSES, config)
        p_guard[test] = _proba(matrix[np.flatnonzero(test)], coef, intercept)[:, 0]
    return p_risk, p_guard


def _platt(raw: NDArray[np.float64], labels: NDArray[np.bool_]) -> tuple[float, float]:
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415

    model = LogisticRegression(C=100.0, max_iter=1000).fit(logit(raw).reshape(-1, 1), labels)
    # Rounded to 10 significant digits: the first fit in a process can differ from later ones
    # in the last bits (seen at 1e-14), which would break byte-identical files.
    return float(f"{model.coef_[0, 0]:.10g}"), float(f"{model.intercept_[0]:.10g}")


def _metrics(flag: NDArray[np.bool_], examples: Sequence[RiskExample]) -> dict[str, Any]:
    risk = np.asarray([e.is_risk for e in examples], dtype=bool)  # bool even with no examples
    hard = np.asarray([e.hard_negative is not None for e in examples], dtype=bool)
    tp = int((flag & risk).sum())
    flagged_hard = int((flag & hard).sum())
    return {
        "positives": int(risk.sum()),
        "true_positives": tp,
        "recall": round(tp / max(1, int(risk.sum())), 4),
        "hard_negatives": int(hard.sum()),
        "hard_negatives_flagged": flagged_hard,
        "precision_on_hard_negatives": round(tp / max(1, tp + flagged_hard), 4),
        "plain_negatives_flagged": int((flag & ~risk & ~hard).sum()),
    }


def decide(
    p_risk: NDArray[np.float64],
    p_guard: NDArray[np.float64],
    rules: NDArray[np.bool_],
    examples: Sequence[RiskExample],
    config: RiskTrainingConfig,
) -> dict[str, Any]:
    """Thresholds (flag, guard) on calibrated out-of-batch scores.

    Only pairs that flag at most ``max_plain_rate`` of ordinary talk are considered. Among them,
    those reaching ``target_recall`` are ranked by fewest hard negatives flagged; if none does,
    the highest recall wins (then fewest hard negatives).
    """
    grid = [round(float(x), 2) for x in np.arange(0.02, 0.97, 0.01)]
    plain = np.asarray([not e.is_risk and e.hard_negative is None for e in examples])
    best: tuple[Any, ...] | None = None
    for t in grid:
        for g in (0.0, *grid[::2]):
            m = _metrics(rules | ((p_risk >= t) & (p_guard >= g)), examples)
            if m["plain_negatives_flagged"] > config.max_plain_rate * max(1, int(plain.sum())):
                continue
            reached = m["recall"] >= config.target_recall
            hard = -m["hard_negatives_flagged"]
            key = (reached, 0 if reached else m["recall"], hard, m["recall"], t, g)
            if best is None or key > best[0]:
                best = (key, t, g)
    threshold, guard = (best[1], best[2]) if best is not None else (grid[-1], 0.0)
    flag = rules | ((p_risk >= threshold) & (p_guard >= guard))
    return {
        "threshold": threshold,
        "guard_threshold": guard,
        "target_recall": config.target_recall,
        "max_plain_rate": config.max_plain_rate,
        "out_of_batch": _metrics(flag, examples),
        "out_of_batch_model_only": _metrics(p_risk >= threshold, examples),
        "out_of_batch_rules_only": _metrics(rules, examples),
        "out_of_batch_by_writer": _by_writer(
            rules | ((p_risk >= WRITER_FLAG) & (p_guard >= guard)), flag, examples
        ),
    }


#: The analyser's default flag threshold, at which the writer batches are also reported.
WRITER_FLAG = 0.8


def _by_writer(
    flags: NDArray[np.bool_], listed: NDArray[np.bool_], examples: Sequence[RiskExample]
) -> dict[str, Any]:
    """Out-of-batch metrics of each independent writer's batch (``w*``), with and without thread.

    ``flags``: rules or model at :data:`WRITER_FLAG`; ``listed``: at the review threshold.
    """
    out: dict[str, Any] = {}
    for name in sorted({e.batch for e in examples if e.batch.startswith("w")}):
        for part, keep in (("all", None), ("thread", True), ("no_thread", False)):
            rows = [
                i
                for i, e in enumerate(examples)
                if e.batch == name and (keep is None or (e.thread is not None) == keep)
            ]
            if rows:
                subset = [examples[i] for i in rows]
                out[f"{name}/{part}"] = {
                    "flags": _metrics(flags[rows], subset),
                    "with_possible": _metrics(listed[rows], subset),
                }
    return out


def bare_copies(examples: Sequence[RiskExample], rules: RuleReading) -> list[RiskExample]:
    """Out-of-context copies (``none``) of short risk lines that are risk only in their context.

    "Most nights." is risk after "do you go to bed hoping you won't wake up?" and ordinary talk
    after "how has your sleep been?". A risk line with a therapist turn before it, at most
    :data:`BARE_MAX_WORDS` words, on which the rules find nothing when it is read alone (no
    rule hit, no set-aside match), is copied with a neutral prompt, no thread and the label
    ``none``, so the model puts the risk on the context blocks rather than on the words.
    """
    out = []
    for e in examples:
        if e.augmented or not e.is_risk or not e.previous or len(e.text.split()) > BARE_MAX_WORDS:
            continue
        flagged, cues, _ = rules(e.text, "", None)
        if flagged or any(c.startswith(("hit:", "aside:")) for c in cues):
            continue
        bare = replace(e, id=e.id + "~bare", previous=neutral_prompt(e), thread=None)
        out.append(replace(bare, kind="none", severity=None, hard_negative=None, augmented=True))
    return out


def train_risk_model(
    corpus: RiskCorpus,
    *,
    config: RiskTrainingConfig | None = None,
    rules: RuleReading | None = None,
    progress: Progress | None = None,
) -> RiskModel:
    """Fit the three heads on ``corpus`` and choose calibration and thresholds out of batch.

    ``rules`` gives the rule layer's flag and cues for (utterance, previous therapist turn)
    (``alliancelens.analysers.risk.rule_reading``); without it the model trains on words alone.
    """
    from threadpoolctl import threadpool_limits  # noqa: PLC0415

    config = config or RiskTrainingConfig()
    examples = augment(corpus.examples)
    examples += bare_copies(corpus.examples, rules) if rules else []
    if progress is not None:
        progress("rule readings")
    readings = [
        rules(e.text, e.previous, e.thread) if rules else (False, (), False) for e in examples
    ]
    cues = [(c, f) for _, c, f in readings]
    with threadpool_limits(limits=1):
        raw, p_guard = out_of_batch_scores(examples, cues, config, progress)
        original = np.asarray([not e.augmented for e in examples])
        labels = np.asarray([e.is_risk for e in examples])
        platt = _platt(raw, labels)
        base = [e for e in examples if not e.augmented]
        flagged = np.asarray([f for f, _, _ in readings], dtype=bool)[original]
        decision = decide(
            platt_scale(raw, *platt)[original], p_guard[original], flagged, base, config
        )
        if progress is not None:
            progress("final fit")
        matrix, used = _matrix(examples, cues)
        keep = np.flatnonzero(np.asarray((matrix > 0).sum(axis=0)).ravel() >= config.min_df)
        matrix, used = matrix[:, keep], used[keep]
        coef: dict[str, NDArray[np.float32]] = {}
        intercept: dict[str, NDArray[np.float32]] = {}
        positives = np.flatnonzero(labels)
        heads = {
            "risk": (np.arange(len(examples)), [e.kind for e in examples], RISK_CLASSES),
            "severity": (positives, [str(examples[i].severity) for i in positives], SEVERITIES),
            "guard": (np.arange(len(examples)), [guard_label(e) for e in examples], GUARD_CLASSES),
        }
        for head, (rows, y, classes) in heads.items():
            c, b = _fit(matrix[rows], y, classes, config)
            coef[head], intercept[head] = half_precision(c), b.astype(np.float32)
    manifest = _manifest(corpus, examples, config, decision, platt)
    return RiskModel(used, coef, intercept, platt, manifest)


def _manifest(
    corpus: RiskCorpus,
    examples: Sequence[RiskExample],
    config: RiskTrainingConfig,
    decision: dict[str, Any],
    platt: tuple[float, float],
) -> dict[str, Any]:
    base = [e for e in examples if not e.augmented]
    return {
        "format_version": FORMAT_VERSION,
        "model": "risk-language hashed n-gram logistic regression",
        "data": {
            "files": list(corpus.files),
            "sha256": corpus.sha256,
            "batches": list(corpus.batches),
            "sentences": len(base),
            "training_rows_with_augmentation": len(examples),
            "kinds": dict(sorted(Counter(e.kind for e in base).items())),
            "hard_negatives": dict(sorted(Counter(str(e.hard_negative) for e in base).items())),
            "threads": dict(sorted(Counter(str(e.thread) for e in base).items())),
            "synthesised_thread_rows": sum(e.id.endswith("~thread") for e in examples),
            "out_of_context_rows": sum(e.id.endswith("~bare") for e in examples),
        },
        "features": {
            "buckets": N_BUCKETS,
            "word_ngrams": [1, 3],
            "char_ngrams": [3, 5],
            "context": "previous therapist turn, word 1-2-grams",
            "context_weight": CONTEXT_WEIGHT,
            "thread": "open thread kind, follow-up prompt, short answer, thread x rule cues",
            "thread_weight": THREAD_WEIGHT,
        },
        "config": asdict(config),
        "platt": list(platt),
        "decision": decision,
        "versions": {
            "python": platform.python_version(),
            "numpy": version("numpy"),
            "scikit-learn": version("scikit-learn"),
            "scipy": version("scipy"),
        },
    }


def score_examples(
    examples: Sequence[RiskExample], flagger: Callable[[RiskExample], bool]
) -> dict[str, Any]:
    """Recall, hard-negative precision and misses of ``flagger`` on labelled examples.

    ``misses`` and ``false_alarms`` list ids only (never the sentences).
    """
    flags = np.asarray([flagger(e) for e in examples], dtype=bool)
    result = _metrics(flags, examples)
    result["misses"] = [e.id for e, f in zip(examples, flags, strict=True) if e.is_risk and not f]
    result["false_alarms"] = [
        e.id for e, f in zip(examples, flags, strict=True) if not e.is_risk and f
    ]
    tags = Counter(str(e.hard_negative) for e in examples if e.hard_negative)
    flagged = Counter(
        str(e.hard_negative) for e, f in zip(examples, flags, strict=True) if f and e.hard_negative
    )
    result["hard_negatives_by_tag"] = {t: {"n": n, "flagged": flagged[t]} for t, n in tags.items()}
    return result
