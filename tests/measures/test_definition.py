"""Definition data classes: boundary sides, look-ups by population and item, derived values."""

from __future__ import annotations

import pytest

from alliancelens.domain import AdministrationMode, MeasureAdministration
from alliancelens.measures import Registry, build_trajectory, questionnaire_response
from alliancelens.measures.definition import Side
from alliancelens.measures.jsonable import definition_to_json
from alliancelens.measures.wording import ItemWording, Wording, apply_wording

from .measures_helpers import admin, toy

SIDES = [
    # (side, value, threshold, holds) — both sides of and exactly on the boundary
    (Side.BELOW, 35.9, 36, True),
    (Side.BELOW, 36.0, 36, False),
    (Side.AT_OR_BELOW, 36.0, 36, True),
    (Side.AT_OR_BELOW, 36.1, 36, False),
    (Side.ABOVE, 0.0, 0, False),
    (Side.ABOVE, 1.0, 0, True),
    (Side.AT_OR_ABOVE, 10.0, 10, True),
    (Side.AT_OR_ABOVE, 9.0, 10, False),
]


@pytest.mark.parametrize(("side", "value", "threshold", "holds"), SIDES)
def test_side_boundaries(side: Side, value: float, threshold: float, holds: bool) -> None:
    """`<`, `≤`, `>`, `≥` are explicit data, so the boundary convention is never implicit."""
    assert side.holds(value, threshold) is holds


def test_side_words() -> None:
    """Sides read as plain words in reasons."""
    assert Side.AT_OR_BELOW.words == "at or below"


def test_item_lookup_and_step(registry: Registry) -> None:
    """Items are found by id; an unknown id is a KeyError; the SRS step is 0.1."""
    srs = registry.get("srs")
    assert srs.item("2").label == "Goals and Topics"
    with pytest.raises(KeyError):
        srs.item("5")
    assert srs.response.step == pytest.approx(0.1)


def test_population_fallback(registry: Registry) -> None:
    """An exact population wins over 'any'; reliable change is found per population."""
    ors = registry.get("ors")
    assert ors.reliable_change_for("adult") is not None
    assert ors.reliable_change_for("adolescent") is None


def test_trajectory_totals_are_in_date_order(registry: Registry) -> None:
    """Administrations given out of order are sorted by date."""
    defn = registry.get("srs")
    admins = [admin("srs", (9.0, 9.0, 9.0, 9.0), 7), admin("srs", (8.0, 8.0, 8.0, 8.0), 0)]
    assert build_trajectory(defn, admins).totals == (32.0, 36.0)


def test_administration_normalises_fields() -> None:
    """Responses become a tuple, mode an enum; missing lists blank positions."""
    made = MeasureAdministration(
        "c",
        admin("srs", (), 0).date,
        "srs",
        [1.0, None],
        mode="electronic",  # type: ignore[arg-type]
    )
    assert made.responses == (1.0, None)
    assert made.mode is AdministrationMode.ELECTRONIC
    assert made.missing == (1,)


def test_partial_anchor_set_exports_codes_without_display() -> None:
    """An answer whose value has no anchor label is exported as a bare code."""
    defn = toy(
        response={
            "kind": "ordinal",
            "min": 0,
            "max": 4,
            "decimals": 0,
            "source": "s",
            "anchors": [{"value": 0, "label": "never"}],
        }
    )
    data = questionnaire_response(admin("toy", (0, 2, 0), 0), defn)
    assert data["item"][0]["answer"][0]["valueCoding"]["display"] == "never"
    assert "display" not in data["item"][1]["answer"][0]["valueCoding"]


def test_imported_wording_is_reported_as_licensed(registry: Registry) -> None:
    """Definition JSON says 'licensed (imported)' once a clinic's wording is applied."""
    srs = registry.get("srs")
    wording = Wording(
        measure="srs",
        licensee="Example Practice",
        licence_reference="licence 1",
        electronic_use=True,
        items={i: ItemWording(f"text {i}") for i in srs.item_ids},
    )
    worded = apply_wording(srs, wording)
    assert definition_to_json(worded)["wording"] == "licensed (imported)"
    assert worded.administrable
