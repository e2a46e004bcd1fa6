"""Entry rules shared by every path that adds a form: population, duplicates, dates."""

from __future__ import annotations

import datetime as dt

import pytest

from alliancelens.domain import MeasureAdministration
from alliancelens.errors import MeasureError, UnknownPopulationError
from alliancelens.measures import Registry
from alliancelens.measures.entry import (
    POPULATIONS,
    check_not_future,
    checked_population,
    find_duplicate,
    normalise_population,
    other_rater,
    two_raters_hint,
)

from .measures_helpers import admin


@pytest.mark.parametrize(("typed", "stored"), [("Adult", "adult"), (" ADOLESCENT ", "adolescent")])
def test_population_is_matched_ignoring_case(typed: str, stored: str) -> None:
    """Population names are matched ignoring case and surrounding spaces."""
    assert normalise_population(typed) == stored


def test_unknown_population_is_refused_listing_the_allowed_ones_without_echo() -> None:
    """An unknown population is refused naming the allowed values, never repeating the cell."""
    with pytest.raises(UnknownPopulationError) as caught:
        normalise_population("Ann Secret")
    assert ", ".join(POPULATIONS) in str(caught.value)
    assert "Ann" not in str(caught.value)


def test_known_populations_include_those_a_definition_declares(registry: Registry) -> None:
    """A population named in a definition's cut-offs is accepted for that measure."""
    assert normalise_population("adolescent", registry.get("ors")) == "adolescent"


def test_duplicate_is_the_same_client_measure_date_and_session() -> None:
    """Only a form with the same client, measure, date and session counts as a duplicate."""
    first = admin("ors", (5.0,) * 4, 0)
    others = [admin("ors", (5.0,) * 4, 0, session="s2"), admin("srs", (9.0,) * 4, 0), first]
    assert find_duplicate(admin("ors", (6.0,) * 4, 0), others) == 2
    assert find_duplicate(admin("ors", (6.0,) * 4, 1), others) is None


def test_future_date_is_refused() -> None:
    """A form dated after today is refused without repeating the date; today itself is fine."""
    today = dt.date(2026, 1, 1)
    check_not_future(today, today)
    with pytest.raises(MeasureError, match="is in the future") as caught:
        check_not_future(dt.date(2026, 1, 2), today)
    assert "2026-01-02" not in str(caught.value)


@pytest.mark.parametrize(("value", "expected"), [("Adult", "adult"), (" child\t", "child")])
def test_checked_population_normalises_for_library_callers(value: str, expected: str) -> None:
    """Library callers get populations matched ignoring case and surrounding spaces."""
    assert checked_population(value) == expected


@pytest.mark.parametrize("value", ["martian", "kid", 7])
def test_checked_population_refuses_unknown_naming_the_field(value: object) -> None:
    """An unknown population is refused with UnknownPopulationError naming field and values."""
    with pytest.raises(UnknownPopulationError, match=r"^population: .*allowed: adult"):
        checked_population(value)


def test_forms_of_two_raters_get_advice_that_never_says_replace() -> None:
    """Same key, another respondent: told not to replace and where the second rating can go."""
    child = MeasureAdministration("k", dt.date(2026, 4, 6), "ors", (5.0,) * 4, population="child")
    parent = MeasureAdministration(
        "k",
        dt.date(2026, 4, 6),
        "ors",
        (7.0,) * 4,
        population="caregiver",
        completed_by="caregiver",
    )
    assert other_rater(parent, child) and not other_rater(child, child)
    hint = two_raters_hint(parent, child)
    assert "do not replace" in hint and "--replace" not in hint and "separate client record" in hint
