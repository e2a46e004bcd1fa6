"""Reliable and clinically significant change (Jacobson & Truax, 1991), as pure functions.

Variant implemented (clinical-reference.md §3.4 asks us to say which): the **original
Jacobson–Truax** index. ``S_E = s1·√(1 − r_xx)``, ``S_diff = √2·S_E``, ``RC = (x2 − x1)/S_diff``,
reliable when ``|RC| > 1.96`` (§3.1). ``s1`` is the pre-treatment or normative SD and ``r_xx`` the
reliability stated in the definition (``reliability_kind`` says test–retest or Cronbach's α). No
Edwards–Nunnally, Maassen or Hageman–Arrindell correction is applied.

Measures with a *published* raw-point value (ORS: 5 points, §1.5) use it directly: reliable when
``|x2 − x1| ≥ points``. Clinical significance uses the measure's ``clinical`` cut-off for the
client's population; the a/b/c formulas of §3.2 are available to compute a clinic's own.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from enum import StrEnum

from alliancelens.errors import MeasureError
from alliancelens.measures.definition import Cutoff, MeasureDefinition, ReliableChange
from alliancelens.measures.entry import checked_population

__all__ = [
    "CLINICAL_CUTOFF",
    "RC_CRITICAL",
    "ChangeCategory",
    "ChangeResult",
    "JacobsonTruaxCutoffs",
    "classify_change",
    "jacobson_truax_cutoffs",
    "reliable_change_index",
    "reliable_change_threshold",
    "unjudged_change_text",
]

#: |RC| above this is reliable, p < .05 two-tailed
#: (clinical-reference.md §3.1 [V: JacobsonTruax1991]).
RC_CRITICAL = 1.96

#: Name of the cut-off that separates the clinical from the non-clinical range.
CLINICAL_CUTOFF = "clinical"


class ChangeCategory(StrEnum):
    """Outcome categories of clinical-reference.md §3.3, plus ``not_available``."""

    RECOVERED = "recovered"
    IMPROVED = "improved"
    UNCHANGED = "unchanged"
    DETERIORATED = "deteriorated"
    NOT_AVAILABLE = "not_available"  # no reliable-change value for this measure and population


@dataclass(frozen=True, slots=True)
class ChangeResult:
    """Change from ``baseline`` to ``current``, with the numbers and rule behind the category.

    ``threshold`` is the smallest raw change that counts as reliable; ``rc`` is the
    Jacobson–Truax index (None for the fixed-points method); ``crossed`` says whether the score
    moved from the clinical into the non-clinical range (None when there is no cut-off).
    """

    baseline: float
    current: float
    delta: float
    category: ChangeCategory
    threshold: float | None = None
    rc: float | None = None
    crossed: bool | None = None
    method: str | None = None
    source: str | None = None
    reason: str | None = None  # why the category is not_available


@dataclass(frozen=True, slots=True)
class JacobsonTruaxCutoffs:
    """Clinical-significance cut-offs a, b and c (clinical-reference.md §3.2)."""

    a: float
    b: float
    c: float


def reliable_change_index(baseline: float, current: float, sd: float, reliability: float) -> float:
    """RC = (x2 − x1) / (√2 · s1 · √(1 − r_xx)) (clinical-reference.md §3.1).

    ``sd`` must be above 0 and ``reliability`` in [0, 1) (at 1 there is no measurement error and
    RC is undefined); otherwise :class:`~alliancelens.errors.MeasureError` names the argument.
    """
    _finite("baseline", baseline)
    _finite("current", current)
    return (current - baseline) / _s_diff(sd, reliability)


def _finite(name: str, value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise MeasureError(f"{name} must be a finite number", field=name)


def _positive(name: str, value: float) -> None:
    _finite(name, value)
    if value <= 0:
        raise MeasureError(f"{name} must be above 0 (got {value:g})", field=name)


def _s_diff(sd: float, reliability: float) -> float:
    _positive("sd", sd)
    _finite("reliability", reliability)
    if not 0 <= reliability < 1:
        raise MeasureError(
            f"reliability must be at least 0 and below 1 (got {reliability:g})",
            field="reliability",
            hint="give test-retest r or Cronbach's alpha; at 1 the index is undefined",
        )
    standard_error = sd * math.sqrt(1 - reliability)
    return math.sqrt(2 * standard_error**2)


def reliable_change_threshold(rule: ReliableChange) -> float:
    """Smallest raw change that counts as reliable: ``points``, or 1.96 · S_diff (§3.1)."""
    if rule.method == "points":
        return _required(rule.points)
    return RC_CRITICAL * _s_diff(_required(rule.sd), _required(rule.reliability))


def _required(value: float | None) -> float:
    if value is None:  # the loader guarantees the fields of each method
        raise ValueError("reliable-change rule lacks a value its method needs")
    return value


def jacobson_truax_cutoffs(
    *,
    clinical_mean: float,
    clinical_sd: float,
    functional_mean: float,
    functional_sd: float,
    higher_is_better: bool,
) -> JacobsonTruaxCutoffs:
    """Cut-offs a, b, c from clinical (M1, s1) and functional (M0, s0) norms (§3.2).

    b uses the functional SD s0, as in the original definition (§3.2 note). Both SDs must be
    above 0 (:class:`~alliancelens.errors.MeasureError` names the argument otherwise).
    """
    _finite("clinical_mean", clinical_mean)
    _finite("functional_mean", functional_mean)
    _positive("clinical_sd", clinical_sd)
    _positive("functional_sd", functional_sd)
    sign = 1 if higher_is_better else -1
    a = clinical_mean + sign * 2 * clinical_sd
    b = functional_mean - sign * 2 * functional_sd
    c = (functional_sd * clinical_mean + clinical_sd * functional_mean) / (
        functional_sd + clinical_sd
    )
    return JacobsonTruaxCutoffs(a, b, c)


def classify_change(
    defn: MeasureDefinition, baseline: float, current: float, *, population: str = "adult"
) -> ChangeResult:
    """Category of the change from ``baseline`` to ``current`` (§3.3).

    Both totals must lie in the measure's range and ``population`` be a known one (matched
    ignoring case); otherwise a :class:`~alliancelens.errors.MeasureError` names the argument.
    """
    population = checked_population(population, defn)
    for name, total in (("baseline", baseline), ("current", current)):
        _finite(name, total)
        if not defn.total_min <= total <= defn.total_max:
            raise MeasureError(
                f"{defn.short} total {total:g} is outside the measure's range",
                field=name,
                hint=f"{defn.short} totals run from {defn.total_min:g} to {defn.total_max:g}",
            )
    delta = round(current - baseline, 6)
    rule = defn.reliable_change_for(population)
    cutoff = defn.cutoff(CLINICAL_CUTOFF, population)
    crossed = _crossed(cutoff, baseline, current)
    if rule is None:
        # e.g. ORS youth/child: no reliable-change value exists, "do not assume 5" (§1.5)
        reason = (
            f"{defn.short} has no reliable-change value for this population ({population})"
            if defn.reliable_change
            else f"{defn.short} has no reliable-change value (see its docs page)"
        )
        return ChangeResult(
            baseline, current, delta, ChangeCategory.NOT_AVAILABLE, crossed=crossed, reason=reason
        )
    threshold = reliable_change_threshold(rule)
    rc = None
    if rule.method == "points":
        reliable = abs(delta) >= threshold
    else:
        rc = reliable_change_index(
            baseline, current, _required(rule.sd), _required(rule.reliability)
        )
        reliable = abs(rc) > RC_CRITICAL
    improvement = delta if defn.higher_is_better else -delta
    category = _category(reliable=reliable, improved=improvement > 0, crossed=crossed)
    return ChangeResult(
        baseline, current, delta, category, threshold, rc, crossed, rule.method, rule.source
    )


def _crossed(cutoff: Cutoff | None, baseline: float, current: float) -> bool | None:
    if cutoff is None:
        return None
    return cutoff.in_concern_range(baseline) and not cutoff.in_concern_range(current)


def _category(*, reliable: bool, improved: bool, crossed: bool | None) -> ChangeCategory:
    if not reliable:
        return ChangeCategory.UNCHANGED
    if not improved:
        return ChangeCategory.DETERIORATED
    return ChangeCategory.RECOVERED if crossed else ChangeCategory.IMPROVED


def unjudged_change_text(defn: MeasureDefinition, change: ChangeResult | None) -> str:
    """``change since first form: +8 (no reliable-change value for PHQ-9 is shipped, …)``.

    For a form whose change since the series' first form cannot be judged reliable or not (no
    reliable-change value for the measure, or for this population): the raw change with the
    reason, so "No alerts raised." never reads as "no change" for a client whose PHQ-9 nearly
    doubled (QA43 #8). No value is invented (docs/measures/phq-9.md, "Not shipped"). ``""``
    for the first form and for a change the rules did judge.
    """
    if change is None or change.category is not ChangeCategory.NOT_AVAILABLE:
        return ""
    delta = f"{change.delta:+.{defn.response.decimals}f}"
    if defn.reliable_change:
        why = (change.reason or "").removesuffix(" (see its docs page)")
    else:
        why = f"no reliable-change value for {defn.short} is shipped"
    return (
        f"change since first form: {delta} ({why}, so the change is not judged and raises no "
        "alert; a clinic can add its own value: docs/measures/definitions.md)"
    )
