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
    population_note,
    rater_label,
    rater_order,
    respondent,
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


def _ors(population: str = "child", completed_by: str = "client") -> MeasureAdministration:
    return MeasureAdministration(
        "k",
        dt.date(2026, 4, 6),
        "ors",
        (5.0,) * 4,
        session="s1",
        population=population,
        completed_by=completed_by,
    )


def test_another_raters_form_of_the_session_is_not_a_duplicate() -> None:
    """A caregiver's form of the child's measure, date and session is a different form."""
    child, parent = _ors(), _ors("caregiver", "caregiver")
    assert find_duplicate(parent, [child]) is None
    assert find_duplicate(_ors("adolescent"), [parent, child]) == 1


@pytest.mark.parametrize(("typed", "key"), [("Caregiver ", "caregiver"), ("", "client")])
def test_respondent_keys_a_series_ignoring_case(typed: str, key: str) -> None:
    """The series key ignores case and spaces; an empty respondent is the client's own form."""
    assert respondent(_ors(completed_by=typed)) == key


def test_the_clients_own_series_sorts_first_and_carries_no_label() -> None:
    """The client's series comes before other raters' and is labelled only when asked."""
    raters = sorted(["therapist", "zz", "caregiver", "client"], key=rater_order)
    assert raters == ["client", "caregiver", "therapist", "zz"]
    assert (rater_label("client"), rater_label("client", always=True)) == (
        "",
        "completed by client",
    )
    assert rater_label("caregiver") == "completed by caregiver"


def test_a_population_difference_alone_is_still_a_duplicate_and_says_so() -> None:
    """Same respondent, other population: still a duplicate; the note names both populations."""
    child, teen = _ors(), _ors("adolescent")
    assert find_duplicate(teen, [child]) == 0
    note = population_note(teen, child)
    assert "population child and this one adolescent, both completed by client" in note
    assert population_note(child, child) == ""
