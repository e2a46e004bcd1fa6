"""Shared scoring functions: softmax, sigmoid, clipped logit and Platt scaling."""

from __future__ import annotations

import numpy as np
import pytest

from alliancelens.models._linear import Calibration, logit, platt_scale, sigmoid, softmax


def test_softmax_rows_sum_to_one_even_for_large_scores() -> None:
    """Row-wise softmax is shift-invariant and never overflows."""
    scores = np.asarray([[1000.0, 1001.0, 999.0], [0.0, 0.0, 0.0]])
    probs = softmax(scores)
    assert np.allclose(probs.sum(axis=1), 1.0)
    assert np.allclose(probs[0], softmax(scores[:1] - 1000.0)[0])
    assert np.allclose(probs[1], 1 / 3)


@pytest.mark.parametrize(("score", "expected"), [(0.0, 0.5), (2.0, 1 / (1 + np.exp(-2.0)))])
def test_sigmoid_is_the_logistic_function(score: float, expected: float) -> None:
    """sigmoid(x) = 1 / (1 + e^-x)."""
    assert float(sigmoid(np.asarray([score]))[0]) == pytest.approx(expected)


@pytest.mark.parametrize(("p", "expected"), [(0.5, 0.0), (0.0, np.log(1e-6 / (1 - 1e-6)))])
def test_logit_clips_before_taking_log_odds(p: float, expected: float) -> None:
    """logit is finite at 0 and 1 (probabilities are clipped to [1e-6, 1 - 1e-6])."""
    assert float(logit(np.asarray([p]))[0]) == pytest.approx(expected)


def test_platt_scale_inverts_logit_at_identity() -> None:
    """Slope 1 and offset 0 give the (clipped) probabilities back."""
    p = np.asarray([1e-3, 0.2, 0.5, 0.9])
    assert np.allclose(platt_scale(p, 1.0, 0.0), p)


def test_calibration_confidence_is_platt_scaling() -> None:
    """Calibration.confidence equals platt_scale with its slope and offset."""
    p = np.linspace(0.01, 0.99, 7)
    assert np.array_equal(Calibration(1.7, -0.4).confidence(p), platt_scale(p, 1.7, -0.4))
