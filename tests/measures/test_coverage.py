"""Rules that did not run for a population are named with a reason (never a silent all-clear)."""

from __future__ import annotations

import datetime as dt

import pytest

from alliancelens.domain import MeasureAdministration
from alliancelens.measures import Registry
from alliancelens.measures.coverage import not_evaluated_at, not_evaluated_text
from alliancelens.measures.trajectory import build_trajectory


def _series(
    registry: Registry, measure: str, marks: list[float], populations: list[str]
) -> list[MeasureAdministration]:
    items = len(registry.get(measure).items)
    return [
        MeasureAdministration(
            "pip", dt.date(2026, 3, 2) + dt.timedelta(weeks=i), measure, (m,) * items, population=p
        )
        for i, (m, p) in enumerate(zip(marks, populations, strict=True))
    ]


@pytest.mark.parametrize(
    ("population", "expected"),
    [
        ("adult", set()),
        ("adolescent", {"reliable_deterioration", "not_on_track"}),
        ("child", {"reliable_deterioration", "not_on_track", "discuss_ending"}),
    ],
)
def test_ors_rules_without_a_source_for_the_population_are_listed(
    registry: Registry, population: str, expected: set[str]
) -> None:
    """A falling ORS series lists exactly the rules its population has no value for."""
    defn = registry.get("ors")
    trajectory = build_trajectory(defn, _series(registry, "ors", [7.1, 5.2, 2.9], [population] * 3))
    assert {n.kind for n in not_evaluated_at(defn, trajectory)} == expected


def test_child_srs_lists_the_cutoff_rules_and_the_item_and_drop_rules(registry: Registry) -> None:
    """A child's SRS has no alliance cut-off, item rule or drop rule: each is named."""
    defn = registry.get("srs")
    trajectory = build_trajectory(defn, _series(registry, "srs", [9.6, 7.7], ["child"] * 2))
    kinds = {n.kind for n in not_evaluated_at(defn, trajectory)}
    assert {"alliance_below_cutoff", "fit_check", "alliance_item_low", "alliance_drop"} <= kinds


def test_a_population_change_is_the_reason_given(registry: Registry) -> None:
    """When the series moved from adolescent to adult, the reason says the population changed."""
    defn = registry.get("ors")
    trajectory = build_trajectory(
        defn, _series(registry, "ors", [6.6, 3.3], ["adolescent", "adult"])
    )
    found = {n.kind: n.reason for n in not_evaluated_at(defn, trajectory)}
    assert "population changed" in found["reliable_deterioration"]
    text = not_evaluated_text(not_evaluated_at(defn, trajectory), measure="ORS")
    assert text.startswith("ORS reliable_deterioration (")


def test_an_earlier_point_is_judged_with_its_own_population(registry: Registry) -> None:
    """``index`` picks the form: the adult intake has nothing missing; the later child form does."""
    defn = registry.get("ors")
    trajectory = build_trajectory(defn, _series(registry, "ors", [6.0, 6.0], ["adult", "child"]))
    assert not_evaluated_at(defn, trajectory, index=0) == ()
    assert not_evaluated_at(defn, trajectory, index=1)


def test_a_missing_child_cutoff_is_not_called_unpublished(registry: Registry) -> None:
    """The reason names the definition, not "none is published" (§1.5 has a CORS value)."""
    defn = registry.get("ors")
    trajectory = build_trajectory(defn, _series(registry, "ors", [6.3, 4.8], ["child"] * 2))
    reasons = {n.kind: n.reason for n in not_evaluated_at(defn, trajectory)}
    assert reasons["discuss_ending"] == (
        "the ORS definition has no clinical cut-off for child (docs/measures/ors.md)"
    )
    assert not any("published" in r for r in reasons.values())


def test_the_intake_reliable_change_reason_names_the_measure(registry: Registry) -> None:
    """At the intake the missing reliable-change value reads as it does later ("ORS has no …")."""
    defn = registry.get("ors")
    intake = build_trajectory(defn, _series(registry, "ors", [5.4], ["adolescent"]))
    later = build_trajectory(defn, _series(registry, "ors", [5.4, 5.0], ["adolescent"] * 2))
    first = {n.kind: n.reason for n in not_evaluated_at(defn, intake)}
    second = {n.kind: n.reason for n in not_evaluated_at(defn, later)}
    assert first["reliable_deterioration"] == second["reliable_deterioration"]
    assert first["reliable_deterioration"].startswith("ORS has no reliable-change value")


def test_the_intake_prompt_is_listed_as_not_evaluated_for_a_child_intake(
    registry: Registry,
) -> None:
    """A child's ORS intake has no clinical cut-off: the intake prompt is said not to run."""
    defn = registry.get("ors")
    one = build_trajectory(defn, _series(registry, "ors", [5.0], ["child"]))
    assert "intake_outside_clinical_range" in [n.kind for n in not_evaluated_at(defn, one)]
    two = build_trajectory(defn, _series(registry, "ors", [5.0, 5.0], ["child", "child"]))
    assert "intake_outside_clinical_range" not in [n.kind for n in not_evaluated_at(defn, two)]
