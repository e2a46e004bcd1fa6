"""Builders shared by the measures tests: a minimal valid definition and administrations."""

from __future__ import annotations

import copy
import datetime as dt
from importlib import resources
from pathlib import Path
from typing import Any

from alliancelens.domain import MeasureAdministration
from alliancelens.measures.definition import MeasureDefinition
from alliancelens.measures.loader import parse_definition

#: A small, valid definition as parsed TOML; tests copy and mutate it.
BASE: dict[str, Any] = {
    "format": 1,
    "measure": {
        "name": "toy",
        "title": "Toy Scale",
        "short": "TOY",
        "version": "1",
        "construct": "outcome",
        "higher_is_better": True,
        "respondent": "client",
        "period": "the past week",
    },
    "licence": {
        "wording_included": False,
        "electronic_use": False,
        "copyright": "none",
        "note": "test definition",
        "source": "tests",
    },
    "response": {"kind": "ordinal", "min": 0, "max": 4, "decimals": 0, "source": "tests"},
    "scoring": {"max_missing": 0, "missing_rule": "refuse", "source": "tests"},
    "items": [
        {"id": "1", "label": "One"},
        {"id": "2", "label": "Two"},
        {"id": "3", "label": "Three"},
    ],
}


def base(**tables: Any) -> dict[str, Any]:
    """A deep copy of BASE with top-level tables replaced or added."""
    data = copy.deepcopy(BASE)
    data.update(copy.deepcopy(tables))
    return data


def toy(**tables: Any) -> MeasureDefinition:
    """Parse BASE (plus ``tables``) into a definition."""
    return parse_definition(base(**tables), origin="toy.toml")


def admin(
    measure: str,
    responses: tuple[float | None, ...],
    day: int,
    *,
    client: str = "c1",
    population: str = "adult",
    session: str | None = None,
) -> MeasureAdministration:
    """An administration dated ``day`` days after 2026-09-07."""
    return MeasureAdministration(
        client=client,
        date=dt.date(2026, 9, 7) + dt.timedelta(days=day),
        measure=measure,
        responses=responses,
        session=session,
        population=population,
    )


def clinic_ors_folder(folder: Path) -> Path:
    """``folder`` holding a clinic ORS definition whose adult cut-off counts 25.0 as clinical.

    The shipped ORS with the adult ``concern`` set to ``at_or_below`` (a documented option,
    docs/measures/definitions.md): ORS 18.0 → 25.0 is then "improved", not "recovered".
    """
    shipped = resources.files("alliancelens.measures") / "definitions" / "ors.toml"
    text = shipped.read_text(encoding="utf-8")
    adult = 'concern = "below"\npopulation = "adult"'
    assert adult in text, "the shipped ORS layout changed; update this helper"
    folder.mkdir(parents=True, exist_ok=True)
    local = text.replace(adult, 'concern = "at_or_below"\npopulation = "adult"')
    (folder / "ors.toml").write_text(local, encoding="utf-8")
    return folder
