"""A back-dated form that becomes a series' intake is reported with the alerts it changed."""

from __future__ import annotations

import datetime as dt

from alliancelens.domain import MeasureAdministration
from alliancelens.measures import Registry
from alliancelens.measures.intake import intake_shift


def _ors(mark: float, day: int) -> MeasureAdministration:
    return MeasureAdministration(
        "wren", dt.date(2026, 5, 4) + dt.timedelta(days=day), "ors", (mark,) * 4
    )


def test_a_lower_new_intake_removes_a_deterioration_alert(registry: Registry) -> None:
    """24.0 -> 18.0 was a reliable fall; a back-dated 17.2 intake makes it no alert at all."""
    stored = [_ors(6.0, 7), _ors(4.5, 14)]
    new = _ors(4.3, 0)
    shift = intake_shift(registry.get("ors"), [*stored, new], new)
    assert shift is not None
    assert (shift.old_intake, shift.new_intake, shift.later_forms) == ("24.0", "17.2", 2)
    assert shift.alerts_removed == ("reliable_deterioration",) and shift.alerts_added == ()
    assert "no longer raised at the latest form: reliable_deterioration" in shift.text


def test_a_form_after_the_intake_or_alone_is_no_shift(registry: Registry) -> None:
    """Only a form that is now first of a longer series moves the intake."""
    defn = registry.get("ors")
    first, later = _ors(5.0, 0), _ors(5.5, 7)
    assert intake_shift(defn, [first, later], later) is None
    assert intake_shift(defn, [first], first) is None
