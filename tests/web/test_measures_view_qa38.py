"""The client page's measures data after QA38: why rules did not run, cut-off lines, wording."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from alliancelens import services
from alliancelens.domain import MeasureAdministration
from alliancelens.measures import build_report, load_registry
from alliancelens.measures.change import ChangeCategory, ChangeResult
from alliancelens.web._measures_view import (
    _change_words,
    _series,
    not_evaluated_words,
    unevaluated_populations,
)

from .web_helpers import World, actor_of, sign_in


def _ors(day: int, mark: float, population: str, rater: str = "client") -> MeasureAdministration:
    return MeasureAdministration(
        client="c9",
        date=dt.date(2026, 4, 6) + dt.timedelta(days=day),
        measure="ors",
        responses=(mark,) * 4,
        population=population,
        completed_by=rater,
    )


#: An adolescent client turning adult: ORS 20.0 and 24.0 as adolescent, then 28.0 as adult.
TURNING_ADULT = [_ors(0, 5.0, "adolescent"), _ors(7, 6.0, "adolescent"), _ors(14, 7.0, "adult")]


def test_a_population_change_is_named_as_the_reason_not_the_latest_population() -> None:
    """Rules off after adolescent → adult read as a population change, not "for adult" (QA38 #3)."""
    report = build_report(TURNING_ADULT, load_registry())
    trajectories = report.clients[0].trajectories
    reasons = unevaluated_populations(trajectories, report.definitions)
    assert reasons == ("adolescent → adult",)
    words = not_evaluated_words(2, reasons)
    assert (
        words == "2 rules not evaluated after a population change since intake (adolescent → adult)"
    )
    assert "for this population (adult)" not in words


def test_a_population_without_values_and_a_change_are_both_named() -> None:
    """A caregiver series (no values) next to a changed client series names both reasons."""
    forms = [*TURNING_ADULT, _ors(0, 6.0, "caregiver", "caregiver")]
    report = build_report(forms, load_registry())
    reasons = unevaluated_populations(report.clients[0].trajectories, report.definitions)
    assert set(reasons) == {"adolescent → adult", "caregiver"}
    words = not_evaluated_words(5, reasons)
    assert "for this population (caregiver)" in words
    assert "after a population change since intake (adolescent → adult)" in words


@pytest.mark.parametrize(
    ("forms", "text", "has_line"),
    [
        (
            TURNING_ADULT,
            "clinical cut-off by population: adolescent 28, adult 25 "
            "(no line: the forms span them)",
            False,
        ),
        (TURNING_ADULT[2:], "clinical cut-off 25 (adult)", True),
        (TURNING_ADULT[:2], "clinical cut-off 28 (adolescent)", True),
        ([_ors(0, 6.0, "caregiver", "caregiver")], "", False),
    ],
)
def test_the_cutoff_line_belongs_to_every_point_or_is_not_drawn(
    forms: list[MeasureAdministration], text: str, has_line: bool
) -> None:
    """One dashed line only when the series has one population; else each listed (QA38 #5)."""
    registry = load_registry()
    report = build_report(forms, registry)
    (trajectory,) = report.clients[0].trajectories
    series = _series(registry.get("ors"), trajectory)
    assert series.cutoff == text
    assert (series.cutoff_y is not None) == has_line


@pytest.mark.parametrize(
    ("measure", "category", "words"),
    [
        ("phq-9", ChangeCategory.NOT_AVAILABLE, "higher = worse; reliable change not assessed"),
        ("gad-7", ChangeCategory.UNCHANGED, "higher = worse; no reliable change"),
        ("ors", ChangeCategory.NOT_AVAILABLE, "reliable change not assessed"),
    ],
)
def test_a_signed_change_says_which_way_is_worse(
    measure: str, category: ChangeCategory, words: str
) -> None:
    """On PHQ-9 and GAD-7 a "+5" without a category word says higher is worse (QA38 #12)."""
    change = ChangeResult(12.0, 17.0, 5.0, category, reason="no value", threshold=None)
    text = _change_words(change, load_registry().get(measure))
    assert text.startswith(words)
    assert ("higher = worse" in text) == (measure != "ors")


def test_the_client_page_names_the_definitions_used(client: TestClient, world: World) -> None:
    """The client page says which definitions scored the forms (QA38 #1)."""
    ther = actor_of(world, "ther-a")
    someone = services.create_client(world.database, ther, name="Orla Vintersen").id
    services.record_measure(
        world.database,
        ther,
        client_id=someone,
        measure="ors",
        items=["6"] * 4,
        date=dt.date(2026, 4, 6),
    )
    sign_in(client, "ther-a")
    page = client.get(f"/clients/{someone}").text
    home = world.database.settings.home
    assert f"Scored with shipped definitions only (no clinic folder at {home / 'measures'})" in page
