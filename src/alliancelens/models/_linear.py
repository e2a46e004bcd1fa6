"""Linear scorers stored as plain arrays, their decision rule and confidence calibration."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from alliancelens.models._store import decode_strings, encode_strings

__all__ = ["Calibration", "LinearModel", "fit_bias", "logit", "platt_scale", "sigmoid", "softmax"]

Matrix = Any  # a scipy.sparse CSR matrix or a 2-D numpy array


def softmax(scores: NDArray[np.float64]) -> NDArray[np.float64]:
    """Row-wise softmax."""
    shifted = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    result: NDArray[np.float64] = exp / exp.sum(axis=1, keepdims=True)
    return result


def sigmoid(scores: NDArray[np.float64]) -> NDArray[np.float64]:
    """Element-wise logistic function."""
    result: NDArray[np.float64] = 1.0 / (1.0 + np.exp(-scores))
    return result


def logit(p: NDArray[np.float64]) -> NDArray[np.float64]:
    """Log-odds of probabilities, clipped to ``[1e-6, 1 - 1e-6]`` first."""
    clipped = np.clip(p, 1e-6, 1 - 1e-6)
    result: NDArray[np.float64] = np.log(clipped / (1 - clipped))
    return result


def platt_scale(p: NDArray[np.float64], slope: float, offset: float) -> NDArray[np.float64]:
    """Platt-calibrated probabilities: ``sigmoid(slope * logit(p) + offset)``."""
    return sigmoid(slope * logit(p) + offset)


@dataclass(frozen=True, slots=True)
class LinearModel:
    """``scores = X @ coef + intercept`` with one column per class (binary: ``[0, s]``)."""

    classes: tuple[str, ...]
    coef: NDArray[np.float32]
    intercept: NDArray[np.float32]

    @classmethod
    def from_estimator(cls, estimator: Any) -> LinearModel:
        """Copy ``coef_``/``intercept_`` of a fitted scikit-learn linear classifier."""
        classes = tuple(str(c) for c in estimator.classes_)
        coef = np.asarray(estimator.coef_, dtype=np.float64)
        intercept = np.asarray(estimator.intercept_, dtype=np.float64)
        if len(classes) == 2 and coef.shape[0] == 1:
            coef = np.vstack([np.zeros_like(coef), coef])
            intercept = np.concatenate([[0.0], intercept])
        return cls(classes, coef.T.astype(np.float32), intercept.astype(np.float32))

    def scores(self, matrix: Matrix) -> NDArray[np.float64]:
        """Class scores for every row of ``matrix``."""
        product = np.asarray(matrix @ self.coef, dtype=np.float64)
        result: NDArray[np.float64] = product + self.intercept
        return result

    def proba(self, matrix: Matrix) -> NDArray[np.float64]:
        """Softmax of :meth:`scores` (the classifier's probabilities for logistic models)."""
        return softmax(self.scores(matrix))

    def arrays(self, prefix: str) -> dict[str, NDArray[Any]]:
        """The arrays to store, under ``prefix``."""
        return {
            f"{prefix}.classes": encode_strings(self.classes),
            f"{prefix}.coef": self.coef,
            f"{prefix}.intercept": self.intercept,
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, NDArray[Any]], prefix: str) -> LinearModel:
        """Inverse of :meth:`arrays`."""
        return cls(
            decode_strings(arrays[f"{prefix}.classes"]),
            np.asarray(arrays[f"{prefix}.coef"], dtype=np.float32),
            np.asarray(arrays[f"{prefix}.intercept"], dtype=np.float32),
        )


def _macro_f1(gold: NDArray[np.int64], pred: NDArray[np.int64], k: int) -> float:
    scores = []
    for c in range(k):
        tp = float(np.sum((pred == c) & (gold == c)))
        fp = float(np.sum((pred == c) & (gold != c)))
        fn = float(np.sum((pred != c) & (gold == c)))
        if tp + fn:
            scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return float(np.mean(scores)) if scores else 0.0


def _log(probs: NDArray[np.float64]) -> NDArray[np.float64]:
    result: NDArray[np.float64] = np.log(np.clip(probs, 1e-12, 1.0))
    return result


def fit_bias(
    probs: NDArray[np.float64], gold: NDArray[np.int64], *, rounds: int = 2
) -> tuple[float, ...]:
    """Per-class additive log-probability offsets that maximise macro-F1 on ``probs``.

    Coordinate ascent over a fixed grid (class 0 stays at 0); an offset changes only when it
    strictly improves macro-F1, so the result is deterministic.
    """
    k = probs.shape[1]
    bias = np.zeros(k)
    logp = _log(probs)
    best = _macro_f1(gold, (logp + bias).argmax(axis=1), k)
    for _ in range(rounds):
        for c in range(1, k):
            for value in np.linspace(-2.0, 2.0, 41):
                trial = bias.copy()
                trial[c] = value
                score = _macro_f1(gold, (logp + trial).argmax(axis=1), k)
                if score > best + 1e-12:
                    best, bias = score, trial
    return tuple(round(float(b), 4) for b in bias)


@dataclass(frozen=True, slots=True)
class Calibration:
    """The decision rule of one code and the calibration of its confidence.

    The label is ``argmax(log p + bias)``: per-class offsets fitted on out-of-fold predictions
    to maximise macro-F1 (the target metric; rare classes such as sustain talk gain recall).
    Its confidence is Platt scaling of that label's probability,
    ``sigmoid(slope * logit(p) + offset)``, fitted on the same out-of-fold predictions
    (grouped by transcript), so it estimates the chance that a human coder gave the same label.
    """

    slope: float
    offset: float
    bias: tuple[float, ...] = ()

    @classmethod
    def fit(cls, probs: NDArray[np.float64], gold: NDArray[np.int64]) -> Calibration:
        """Fit bias and Platt scaling on out-of-fold ``probs`` and gold class numbers."""
        from sklearn.linear_model import LogisticRegression  # noqa: PLC0415 - training only

        bias = fit_bias(probs, gold)
        shell = cls(1.0, 0.0, bias)
        best, chosen = shell.decide(probs)
        correct = best == gold
        if correct.all() or not correct.any():
            return shell
        x = logit(chosen).reshape(-1, 1)
        fitted = LogisticRegression(C=100.0).fit(x, correct)
        return cls(float(fitted.coef_[0, 0]), float(fitted.intercept_[0]), bias)

    def decide(self, probs: NDArray[np.float64]) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
        """Chosen class of every row and that class's probability."""
        scores = _log(probs) + (np.asarray(self.bias) if self.bias else 0.0)
        best = scores.argmax(axis=1).astype(np.int64)
        chosen: NDArray[np.float64] = probs[np.arange(len(best)), best]
        return best, chosen

    def confidence(self, p: NDArray[np.float64]) -> NDArray[np.float64]:
        """Calibrated probability that each chosen label is right."""
        return platt_scale(p, self.slope, self.offset)

    def as_array(self) -> NDArray[np.float64]:
        """``[slope, offset]`` (the bias is stored separately: its length varies)."""
        return np.asarray([self.slope, self.offset], dtype=np.float64)
