"""AllianceLens's expected-response model: an intake-anchored log-session recovery curve.

This is our own, published method (docs/measures/expected-response.md). It is **not** any
vendor's expected-treatment-response equations, whose coefficients are proprietary
(clinical-reference.md §1.6). It follows the general, published idea of expected-recovery curves
and growth models of session-by-session change (§1.6 [V: Baldwin2009]).

For a higher-is-better measure, with intake score ``y1`` and session number ``s`` (1 = intake)::

    d(y1)      = max(target − y1, 0)                 distance to the target level
    expected_s = y1 + min(rate · ln s, 1) · d(y1)    change slows down over sessions
    on track  ⇔ actual_s ≥ expected_s − tolerance

(mirrored for lower-is-better measures). Sessions before ``first_check_session`` and series
without an intake give ``insufficient_data``. :func:`estimate_parameters` fits ``target`` and
``rate`` to a clinic's own administrations by least squares and sets ``tolerance`` from the
residuals, so the defaults can be replaced by local values.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from alliancelens.errors import EstimationError
from alliancelens.measures.definition import ExpectedResponseParams
from alliancelens.measures.entry import POPULATION_CHANGED, checked_population

__all__ = [
    "MIN_CLIENTS",
    "MIN_FOLLOW_UPS",
    "ONE_SIDED_Z",
    "Estimate",
    "ExpectedPoint",
    "ExpectedResponseParams",
    "TrackStatus",
    "estimate_parameters",
    "expected_score",
    "track_series",
    "track_text",
]

#: Fewest clients with a follow-up, and fewest follow-up scores, to estimate parameters from.
MIN_CLIENTS = 5
MIN_FOLLOW_UPS = 20

#: Default z for the tolerance band: 1.645 flags scores below the 5th percentile of the residual
#: distribution (one-sided; "below the p-th percentile, p configurable": clinical-reference.md
#: §1.6).
ONE_SIDED_Z = 1.645

_DECIMALS = 2


class TrackStatus(StrEnum):
    """Whether a session's score is where the expected-response curve says it should be."""

    ON_TRACK = "on_track"
    NOT_ON_TRACK = "not_on_track"
    INSUFFICIENT_DATA = "insufficient_data"
    NOT_AVAILABLE = "not_available"  # the parameters do not hold for this client's population


#: Each status in plain words, for the terminal and the dashboard (no raw codes shown).
TRACK_WORDS: Final = {
    TrackStatus.ON_TRACK: "on track",
    TrackStatus.NOT_ON_TRACK: "not on track",
    TrackStatus.INSUFFICIENT_DATA: "too early to check",
    TrackStatus.NOT_AVAILABLE: "not available",
}


@dataclass(frozen=True, slots=True)
class ExpectedPoint:
    """One session compared with the curve: expected score, the tolerance boundary, status."""

    session: int
    actual: float
    expected: float | None
    boundary: float | None
    status: TrackStatus
    reason: str | None = None  # why the status is not_available


@dataclass(frozen=True, slots=True)
class Estimate:
    """Parameters fitted to a clinic's data, with how much data and how well they fit."""

    params: ExpectedResponseParams
    clients: int
    follow_ups: int
    residual_sd: float
    warnings: tuple[str, ...] = ()


def expected_score(
    params: ExpectedResponseParams, intake: float, session: int, *, higher_is_better: bool
) -> float:
    """Expected score at ``session`` (1 = intake) for a client who started at ``intake``."""
    fraction = min(params.rate * math.log(session), 1.0)
    if higher_is_better:
        return intake + fraction * max(params.target - intake, 0.0)
    return intake - fraction * max(intake - params.target, 0.0)


def track_series(
    params: ExpectedResponseParams,
    totals: Sequence[float],
    *,
    higher_is_better: bool,
    populations: Sequence[str] | None = None,
) -> tuple[ExpectedPoint, ...]:
    """Status of every session of one client's series (``totals[0]`` is the intake).

    ``populations`` (one per total) makes a point ``not_available`` when the parameters do not
    hold for its population, or when the population changed since intake.
    """
    if not totals:
        return ()
    if populations is not None:
        populations = [_population(p, params) for p in populations]
    intake = totals[0]
    points = []
    for number, actual in enumerate(totals, start=1):
        reason = _unavailable(params, populations, number - 1)
        if reason:
            points.append(
                ExpectedPoint(number, actual, None, None, TrackStatus.NOT_AVAILABLE, reason)
            )
            continue
        if number < params.first_check_session:
            points.append(ExpectedPoint(number, actual, None, None, TrackStatus.INSUFFICIENT_DATA))
            continue
        expected = round(
            expected_score(params, intake, number, higher_is_better=higher_is_better), _DECIMALS
        )
        # The status is decided on the boundary as shown (2 decimals), so what people read and
        # what the rule decides never disagree.
        if higher_is_better:
            boundary = round(expected - params.tolerance, _DECIMALS)
            on_track = actual >= boundary
        else:
            boundary = round(expected + params.tolerance, _DECIMALS)
            on_track = actual <= boundary
        status = TrackStatus.ON_TRACK if on_track else TrackStatus.NOT_ON_TRACK
        points.append(ExpectedPoint(number, actual, expected, boundary, status))
    return tuple(points)


def _population(value: str, params: ExpectedResponseParams) -> str:
    """``value`` matched ignoring case and spaces; unknown ones refused (measures.entry rule)."""
    text = value.strip().lower() if isinstance(value, str) else value
    if isinstance(text, str) and text in params.populations:
        return text
    return checked_population(value)


def _unavailable(
    params: ExpectedResponseParams, populations: Sequence[str] | None, index: int
) -> str | None:
    """Why the curve does not apply at ``index`` (None when it does)."""
    if populations is None:
        return None
    population, intake = populations[index], populations[0]
    if not params.applies_to(population):
        return (
            f"not available for this population ({population}): the curve's parameters hold for "
            f"{', '.join(params.populations)} only"
        )
    if population != intake:
        return (
            f"not available: {POPULATION_CHANGED} ({intake} → {population}), "
            "and the curve is anchored on the intake"
        )
    return None


def estimate_parameters(
    series: Sequence[Sequence[float]],
    *,
    higher_is_better: bool,
    total_range: tuple[float, float],
    first_check_session: int = 3,
    z: float = ONE_SIDED_Z,
    grid_step: float = 0.5,
    populations: Sequence[str] = ("any",),
) -> Estimate:
    """Fit ``target`` (grid search over ``total_range``) and ``rate`` (least squares) to data.

    ``series`` holds one list of totals per client, intake first. For each candidate target the
    rate minimising Σ(observed change − rate · d · ln s)² has the closed form
    ``rate = Σ(Δ·x) / Σ(x²)`` with ``x = d · ln s``; the target with the smallest residual sum of
    squares wins (ties: the lower target). ``tolerance = z · residual SD`` (n − 2 degrees of
    freedom). The cap ``min(rate · ln s, 1)`` is not applied while fitting. A target fitted at
    either end of ``total_range`` comes with a warning: the data did not show where scores level
    off, so the edge of the grid won by default. ``populations`` are recorded in the parameters.
    """
    usable = [list(s) for s in series if len(s) >= 2]
    follow_ups = sum(len(s) - 1 for s in usable)
    if len(usable) < MIN_CLIENTS or follow_ups < MIN_FOLLOW_UPS:
        raise EstimationError(
            f"need at least {MIN_CLIENTS} clients with a follow-up and {MIN_FOLLOW_UPS} "
            f"follow-up scores; got {len(usable)} clients and {follow_ups} follow-ups",
            hint="keep the shipped defaults until more data are collected",
        )
    best: tuple[float, float, float] | None = None  # (sse, target, rate)
    low, high = total_range
    steps = round((high - low) / grid_step)
    for k in range(steps + 1):
        target = low + k * grid_step
        fit = _fit_rate(usable, target, higher_is_better=higher_is_better)
        if fit is not None and (best is None or fit[0] < best[0] - 1e-12):
            best = (fit[0], target, fit[1])
    if best is None:
        raise EstimationError(
            "no client started short of any target level, so no rate can be estimated"
        )
    sse, target, rate = best
    residual_sd = math.sqrt(sse / max(follow_ups - 2, 1))
    params = ExpectedResponseParams(
        target=round(target, _DECIMALS),
        rate=round(rate, 4),
        tolerance=round(z * residual_sd, _DECIMALS),
        first_check_session=first_check_session,
        tag="local",
        source=f"estimated from {len(usable)} clients, {follow_ups} follow-ups (least squares)",
        populations=tuple(populations),
    )
    warnings: tuple[str, ...] = ()
    if math.isclose(target, low) or math.isclose(target, high):
        warnings = (
            f"the fitted target {target:g} is at the edge of the scale ({low:g}–{high:g}): these "
            "data do not show where scores level off; collect more sessions per client or keep "
            "the shipped target",
        )
    return Estimate(params, len(usable), follow_ups, round(residual_sd, 4), warnings)


def _fit_rate(
    series: list[list[float]], target: float, *, higher_is_better: bool
) -> tuple[float, float] | None:
    pairs: list[tuple[float, float]] = []  # (x, observed change toward the target)
    for totals in series:
        intake = totals[0]
        distance = max(target - intake, 0.0) if higher_is_better else max(intake - target, 0.0)
        for number, actual in enumerate(totals[1:], start=2):
            change = actual - intake if higher_is_better else intake - actual
            pairs.append((distance * math.log(number), change))
    sxx = math.fsum(x * x for x, _ in pairs)
    if sxx == 0 or (rate := math.fsum(x * y for x, y in pairs) / sxx) <= 0:
        return None
    sse = math.fsum((y - rate * x) ** 2 for x, y in pairs)
    return sse, rate


def track_text(expected: ExpectedPoint | None) -> str:
    """One form's expected-response status in words: ``on track (expected 21.85, boundary 16.85)``.

    The dashboard's client page and ``clients show`` say it alike (QA43 #12). ``""`` when the
    measure has no curve; a status without numbers gives its reason (``too early to check: …``).
    """
    if expected is None:
        return ""
    words = TRACK_WORDS[expected.status]
    if expected.expected is None or expected.boundary is None:
        reason = expected.reason or ""
        if reason.startswith(words):  # "not available for this population (child): …"
            return reason
        return f"{words}: {reason}" if reason else words
    return f"{words} (expected {expected.expected:.2f}, boundary {expected.boundary:.2f})"
