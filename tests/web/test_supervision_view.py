"""The supervisor start page's data: the rules that did not run at the latest visible forms."""

from __future__ import annotations

import datetime as dt

import pytest

from alliancelens.domain import MeasureAdministration
from alliancelens.measures import build_report, load_registry
from alliancelens.web._supervision_view import _not_evaluated


def _ors(population: str, completed_by: str = "client") -> MeasureAdministration:
    return MeasureAdministration(
        "c",
        dt.date(2026, 4, 9),
        "ors",
        (4.4, 5.0, 6.1, 3.9),
        population=population,
        completed_by=completed_by,
    )


@pytest.mark.parametrize(
    ("forms", "expected"),
    [
        ([_ors("adult")], ""),
        ([_ors("child")], "for this population (child)"),
        (
            [_ors("child"), _ors("caregiver", "caregiver")],
            "for these populations (child, caregiver)",
        ),
    ],
    ids=["adult-all-ran", "child", "child-and-caregiver"],
)
def test_supervisor_group_names_rules_not_evaluated(
    forms: list[MeasureAdministration], expected: str
) -> None:
    """A child's group says which population's rules did not run; an adult's says nothing."""
    text = _not_evaluated(build_report(forms, load_registry()))
    assert (expected in text and "rules not evaluated" in text) if expected else text == ""


def test_no_forms_means_no_not_evaluated_line() -> None:
    """Without any visible form there is nothing to say about rules."""
    assert _not_evaluated(None) == ""
