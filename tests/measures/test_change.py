"""Jacobson–Truax reliable and clinically significant change, against hand-computed cases."""

from __future__ import annotations

import math

import pytest

from alliancelens.errors import MeasureError, UnknownPopulationError
from alliancelens.measures import (
    ChangeCategory,
    Registry,
    classify_change,
    jacobson_truax_cutoffs,
    reliable_change_index,
    reliable_change_threshold,
)
from alliancelens.measures.definition import ReliableChange

from .measures_helpers import toy


def test_worked_example_of_the_reference() -> None:
    """s1 = 7.5, r = .80: S_E 3.354, S_diff 4.743, minimum reliable change 9.30 (§3.1)."""
    rule = ReliableChange("adult", "jacobson_truax", "V", "s", sd=7.5, reliability=0.8)
    assert reliable_change_threshold(rule) == pytest.approx(9.30, abs=0.005)
    # RC for a 9.30-point change is 9.30 / 4.743 = 1.96
    assert reliable_change_index(10.0, 19.30, 7.5, 0.8) == pytest.approx(1.96, abs=0.002)
    assert 7.5 * math.sqrt(1 - 0.8) == pytest.approx(3.354, abs=0.001)


def test_fixed_points_threshold() -> None:
    """A published raw-point value is the threshold itself (ORS: 5, §1.5)."""
    assert reliable_change_threshold(ReliableChange("adult", "points", "V", "s", points=5)) == 5


def test_threshold_needs_the_method_values() -> None:
    """A hand-built rule missing its values is a programming error, not a silent zero."""
    with pytest.raises(ValueError, match="lacks a value"):
        reliable_change_threshold(ReliableChange("adult", "points", "V", "s"))


@pytest.mark.parametrize(
    ("higher_is_better", "a", "b", "c"),
    [
        (True, 55.0, 45.0, 50.0),  # M1 40, M0 60, s = 7.5 (§3.2 worked example)
        (False, 25.0, 75.0, 50.0),  # mirrored for lower-is-better
    ],
)
def test_cutoffs_a_b_c(higher_is_better: bool, a: float, b: float, c: float) -> None:
    """a = M1 ± 2·s1, b = M0 ∓ 2·s0, c = (s0·M1 + s1·M0)/(s0 + s1)."""
    cutoffs = jacobson_truax_cutoffs(
        clinical_mean=40,
        clinical_sd=7.5,
        functional_mean=60,
        functional_sd=7.5,
        higher_is_better=higher_is_better,
    )
    assert (cutoffs.a, cutoffs.b, cutoffs.c) == (a, b, c)


def test_cutoff_c_weights_by_sd() -> None:
    """c with unequal SDs: (5·40 + 10·60)/(5 + 10) = 53.33."""
    cutoffs = jacobson_truax_cutoffs(
        clinical_mean=40, clinical_sd=10, functional_mean=60, functional_sd=5, higher_is_better=True
    )
    assert cutoffs.c == pytest.approx(53.333, abs=0.001)
    assert cutoffs.b == 50.0  # uses the functional SD s0 (§3.2 note)


ORS_CASES = [
    # (intake, current, population, category, crossed)
    # ORS adult: reliable change ≥ 5 points, cut-off 25 (< 25 is clinical)
    (17.0, 22.0, "adult", ChangeCategory.IMPROVED, False),  # +5.0 reliable, 22 still < 25
    (20.0, 25.0, "adult", ChangeCategory.RECOVERED, True),  # +5.0 and 25 is not < 25
    (20.0, 24.9, "adult", ChangeCategory.UNCHANGED, False),  # +4.9 not reliable
    (26.0, 31.0, "adult", ChangeCategory.IMPROVED, False),  # started above the cut-off
    (25.0, 20.0, "adult", ChangeCategory.DETERIORATED, False),  # −5.0
    (18.0, 14.0, "adult", ChangeCategory.UNCHANGED, False),  # −4.0
    (20.0, 30.0, "adolescent", ChangeCategory.NOT_AVAILABLE, True),  # no youth RCI (§1.5)
]


@pytest.mark.parametrize(("intake", "current", "population", "category", "crossed"), ORS_CASES)
def test_ors_change_categories(  # noqa: PLR0917 - one parameter per table column
    registry: Registry,
    intake: float,
    current: float,
    population: str,
    category: ChangeCategory,
    crossed: bool,
) -> None:
    """ORS categories from the 5-point RCI and the population's cut-off (§1.5, §3.3)."""
    result = classify_change(registry.get("ors"), intake, current, population=population)
    assert (result.category, result.crossed) == (category, crossed)
    assert result.delta == pytest.approx(current - intake)


@pytest.mark.parametrize("measure", ["phq-9", "gad-7", "srs", "wai-sr"])
def test_no_reliable_change_without_constants(registry: Registry, measure: str) -> None:
    """Measures whose constants are not in the reference report not_available, never a guess."""
    result = classify_change(registry.get(measure), 20, 15)
    assert result.category is ChangeCategory.NOT_AVAILABLE
    assert result.threshold is None
    assert "for this population" not in (result.reason or "")


def test_missing_population_value_is_named(registry: Registry) -> None:
    """A measure with reliable-change values for other populations names the missing one."""
    result = classify_change(registry.get("ors"), 20, 30, population="adolescent")
    assert "for this population (adolescent)" in (result.reason or "")


def _jt_toy():  # type: ignore[no-untyped-def]
    """Lower-is-better toy measure: JT with sd 2, alpha .75 → Δmin = 1.96·√2·1 = 2.77."""
    return toy(
        measure={
            "name": "toy",
            "title": "Toy",
            "short": "TOY",
            "version": "1",
            "construct": "symptom",
            "higher_is_better": False,
            "respondent": "client",
            "period": "p",
        },
        cutoffs=[
            {
                "name": "clinical",
                "value": 6,
                "concern": "at_or_above",
                "population": "any",
                "tag": "local",
                "source": "s",
            }
        ],
        reliable_change=[
            {
                "population": "any",
                "method": "jacobson_truax",
                "sd": 2,
                "reliability": 0.75,
                "reliability_kind": "alpha",
                "tag": "local",
                "source": "clinic data",
            }
        ],
    )


JT_CASES = [
    # (pre, post, category, rc) — S_diff = √2 · 2 · √.25 = 1.4142
    (9, 5, ChangeCategory.RECOVERED, -2.828),  # −4: reliable, 9 ≥ 6 → 5 < 6
    (12, 8, ChangeCategory.IMPROVED, -2.828),  # reliable, still ≥ 6
    (9, 7, ChangeCategory.UNCHANGED, -1.414),
    (5, 9, ChangeCategory.DETERIORATED, 2.828),
]


@pytest.mark.parametrize(("pre", "post", "category", "rc"), JT_CASES)
def test_jacobson_truax_lower_is_better(
    pre: float, post: float, category: ChangeCategory, rc: float
) -> None:
    """For a symptom measure a fall is improvement; |RC| > 1.96 is reliable."""
    result = classify_change(_jt_toy(), pre, post)
    assert result.category is category
    assert result.rc == pytest.approx(rc, abs=0.001)
    assert result.threshold == pytest.approx(2.772, abs=0.001)
    assert result.source == "clinic data"


def test_classify_change_matches_population_ignoring_case(registry: Registry) -> None:
    """ "Adult" gets the adult reliable-change rule, not not_available."""
    result = classify_change(registry.get("ors"), 20, 27, population=" Adult")
    assert result.category is ChangeCategory.RECOVERED


def test_classify_change_refuses_an_unknown_population(registry: Registry) -> None:
    """An unknown population raises UnknownPopulationError instead of turning change off."""
    with pytest.raises(UnknownPopulationError, match="population"):
        classify_change(registry.get("ors"), 20, 27, population="martian")


@pytest.mark.parametrize(
    ("baseline", "current", "field"),
    [(math.nan, 30, "baseline"), (-100, 30, "baseline"), (20, 400, "current")],
)
def test_classify_change_refuses_totals_outside_the_range(
    registry: Registry, baseline: float, current: float, field: str
) -> None:
    """Totals that are not finite or outside 0-40 (ORS) raise MeasureError naming the argument."""
    with pytest.raises(MeasureError, match=f"^{field}: "):
        classify_change(registry.get("ors"), baseline, current)


@pytest.mark.parametrize(("sd", "reliability"), [(5.0, 1.0), (5.0, 1.5), (0.0, 0.8), (5.0, -0.1)])
def test_reliable_change_index_refuses_impossible_constants(sd: float, reliability: float) -> None:
    """An SD of 0 or a reliability outside [0, 1) is a MeasureError, not a math error."""
    with pytest.raises(MeasureError, match=r"sd|reliability"):
        reliable_change_index(1, 2, sd, reliability)


def test_jacobson_truax_cutoffs_refuse_zero_sds() -> None:
    """Zero standard deviations raise MeasureError naming the SD, not ZeroDivisionError."""
    with pytest.raises(MeasureError, match="clinical_sd"):
        jacobson_truax_cutoffs(
            clinical_mean=20,
            clinical_sd=0,
            functional_mean=30,
            functional_sd=0,
            higher_is_better=True,
        )
