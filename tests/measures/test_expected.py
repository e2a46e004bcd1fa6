"""The expected-response curve, track statuses and parameter estimation, hand-computed."""

from __future__ import annotations

import math

import pytest

from alliancelens.errors import EstimationError, UnknownPopulationError
from alliancelens.measures import (
    ExpectedResponseParams,
    Registry,
    TrackStatus,
    estimate_parameters,
    expected_score,
    track_series,
)

PARAMS = ExpectedResponseParams(
    target=25.0, rate=0.5, tolerance=5.0, first_check_session=3, tag="product", source="test"
)

EXPECTED = [
    # (intake, session, higher_is_better, expected) = intake ± min(0.5·ln s, 1)·distance
    (17.0, 1, True, 17.0),  # ln 1 = 0
    (17.0, 3, True, 17.0 + 0.5 * math.log(3) * 8),  # 21.394
    (17.2, 6, True, 17.2 + 0.5 * math.log(6) * 7.8),  # 24.188
    (17.0, 20, True, 25.0),  # 0.5 · ln 20 = 1.50 → capped at 1: reaches the target
    (30.0, 4, True, 30.0),  # intake above the target: no change expected
    (35.0, 3, False, 35.0 - 0.5 * math.log(3) * 10),  # lower is better
    (20.0, 3, False, 20.0),  # already below the target
]


@pytest.mark.parametrize(("intake", "session", "higher", "expected"), EXPECTED)
def test_expected_score(intake: float, session: int, higher: bool, expected: float) -> None:
    """The curve moves the intake toward the target by min(rate·ln s, 1) of the distance."""
    assert expected_score(PARAMS, intake, session, higher_is_better=higher) == pytest.approx(
        expected
    )


def test_track_series_statuses_for_the_demo_client() -> None:
    """Alex's ORS (17.2 … 15.4): insufficient, insufficient, on track, then not on track."""
    totals = [17.2, 18.0, 16.9, 16.5, 16.1, 15.4]
    points = track_series(PARAMS, totals, higher_is_better=True)
    assert [p.status for p in points] == [
        TrackStatus.INSUFFICIENT_DATA,
        TrackStatus.INSUFFICIENT_DATA,
        TrackStatus.ON_TRACK,  # expected 21.48, boundary 16.48 ≤ 16.9
        TrackStatus.NOT_ON_TRACK,  # expected 22.61, boundary 17.61 > 16.5
        TrackStatus.NOT_ON_TRACK,
        TrackStatus.NOT_ON_TRACK,
    ]
    assert (points[2].expected, points[2].boundary) == (21.48, 16.48)
    assert (points[5].expected, points[5].boundary) == (24.19, 19.19)


def test_boundary_is_inclusive() -> None:
    """A score exactly on the tolerance boundary is on track."""
    params = ExpectedResponseParams(20.0, 1.0, 2.0, 2, "product", "t")
    # session 2: 10 + ln 2 · 10 = 16.93; boundary 14.93
    (_, second) = track_series(params, [10.0, 14.93], higher_is_better=True)
    assert second.boundary == 14.93
    assert second.status is TrackStatus.ON_TRACK


def test_lower_is_better_series() -> None:
    """For symptom measures a score above expected + tolerance is not on track."""
    params = ExpectedResponseParams(5.0, 0.5, 2.0, 2, "product", "t")
    points = track_series(params, [20.0, 17.0, 19.0], higher_is_better=False)
    # session 2: 20 − 0.3466·15 = 14.80, boundary 16.80; session 3: 20 − 0.5493·15 = 11.76 → 13.76
    assert [p.status for p in points] == [
        TrackStatus.INSUFFICIENT_DATA,
        TrackStatus.NOT_ON_TRACK,
        TrackStatus.NOT_ON_TRACK,
    ]
    assert points[1].boundary == 16.8


def test_empty_series() -> None:
    """No administrations, no points."""
    assert track_series(PARAMS, [], higher_is_better=True) == ()


def _synthetic(
    target: float, rate: float, intakes: list[float], sessions: int
) -> list[list[float]]:
    return [
        [intake + rate * math.log(s) * max(target - intake, 0.0) for s in range(1, sessions + 1)]
        for intake in intakes
    ]


def test_estimation_recovers_noise_free_parameters() -> None:
    """Data generated from target 28, rate 0.3 give back exactly those values, tolerance 0."""
    series = _synthetic(28.0, 0.3, [12.0, 15.0, 18.0, 20.0, 22.0, 16.0], sessions=5)
    estimate = estimate_parameters(series, higher_is_better=True, total_range=(0.0, 40.0))
    assert (estimate.params.target, estimate.params.rate) == (28.0, 0.3)
    assert estimate.params.tolerance == 0.0
    assert (estimate.clients, estimate.follow_ups) == (6, 24)
    assert estimate.params.tag == "local"


def test_estimation_tolerance_is_z_times_residual_sd() -> None:
    """Tolerance = z · √(SSE / (n − 2)); with residuals ±1 around the curve it is z · √(24/22)."""
    series = _synthetic(28.0, 0.3, [12.0, 15.0, 18.0, 20.0, 22.0, 16.0], sessions=5)
    noisy = [[s[0], *(v + (1 if i % 2 else -1) for i, v in enumerate(s[1:]))] for s in series]
    estimate = estimate_parameters(
        noisy, higher_is_better=True, total_range=(0.0, 40.0), z=2.0, grid_step=1.0
    )
    assert estimate.params.tolerance == pytest.approx(2.0 * estimate.residual_sd, abs=0.01)
    assert 0.9 < estimate.residual_sd < 1.2


def test_estimation_for_lower_is_better() -> None:
    """A falling symptom measure gives back its target and rate."""
    series = [
        [intake - 0.4 * math.log(s) * max(intake - 6.0, 0.0) for s in range(1, 6)]
        for intake in [20.0, 18.0, 15.0, 22.0, 25.0]
    ]
    estimate = estimate_parameters(series, higher_is_better=False, total_range=(0.0, 27.0))
    assert (estimate.params.target, estimate.params.rate) == (6.0, 0.4)


@pytest.mark.parametrize(
    ("series", "words"),
    [
        ([[10.0, 12.0]] * 4, "need at least 5 clients"),
        ([[10.0, 12.0]] * 6, "6 follow-ups"),
        ([[10.0]] * 30, "got 0 clients"),
        ([[40.0, 40.0, 40.0, 40.0, 40.0]] * 6, "no client started short"),
        ([[20.0, 15.0, 14.0, 13.0, 12.0]] * 6, "no client started short"),  # only worsening
    ],
)
def test_estimation_refuses_too_little_or_unusable_data(
    series: list[list[float]], words: str
) -> None:
    """Too few clients or follow-ups, or no client below any target, is an EstimationError."""
    with pytest.raises(EstimationError, match=words):
        estimate_parameters(series, higher_is_better=True, total_range=(0.0, 40.0))


def test_target_fitted_at_the_edge_of_the_scale_is_warned() -> None:
    """A target at the top of the grid comes with a warning; an interior one does not."""
    edge = _synthetic(40.0, 0.15, [12.0, 15.0, 18.0, 20.0, 22.0, 16.0], sessions=5)
    warned = estimate_parameters(edge, higher_is_better=True, total_range=(0.0, 40.0))
    assert warned.params.target == 40.0
    assert "at the edge of the scale" in warned.warnings[0]
    inner = _synthetic(28.0, 0.3, [12.0, 15.0, 18.0, 20.0, 22.0, 16.0], sessions=5)
    assert estimate_parameters(inner, higher_is_better=True, total_range=(0.0, 40.0)).warnings == ()


def test_track_series_matches_populations_ignoring_case(registry: Registry) -> None:
    """Populations given to track_series are matched ignoring case, unknown ones refused."""
    params = registry.get("ors").expected_response
    assert params is not None
    totals = [20.0, 21.0, 22.0, 23.0]
    lower = track_series(params, totals, higher_is_better=True, populations=["adult"] * 4)
    mixed = track_series(params, totals, higher_is_better=True, populations=["Adult "] * 4)
    assert mixed == lower
    with pytest.raises(UnknownPopulationError):
        track_series(params, totals, higher_is_better=True, populations=["martian"] * 4)
