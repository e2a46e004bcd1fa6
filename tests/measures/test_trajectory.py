"""Trajectories: change and track status are only judged where their rules hold."""

from __future__ import annotations

import dataclasses

import pytest

from alliancelens.errors import MeasureError
from alliancelens.measures import (
    ChangeCategory,
    Registry,
    TrackStatus,
    alerts_at,
    build_trajectory,
)

from .measures_helpers import admin


def _ors(total: float) -> tuple[float, ...]:
    quarter = round(total / 4, 1)
    return (quarter, quarter, quarter, round(total - 3 * quarter, 1))


@pytest.mark.parametrize("population", ["child", "adolescent", "caregiver"])
def test_curve_is_not_available_where_adult_values_do_not_apply(
    registry: Registry, population: str
) -> None:
    """The adult-anchored ORS curve gives not_available (with why) for youth, never not_on_track."""
    defn = registry.get("ors")
    admins = [
        admin("ors", _ors(t), 7 * i, population=population) for i, t in enumerate([20, 22, 10])
    ]
    latest = build_trajectory(defn, admins).latest
    assert latest.expected is not None
    assert latest.expected.status is TrackStatus.NOT_AVAILABLE
    assert f"not available for this population ({population})" in (latest.expected.reason or "")


def test_population_change_makes_change_and_curve_not_available(registry: Registry) -> None:
    """An adolescent intake followed by an adult form is not rated with the adult RCI."""
    defn = registry.get("ors")
    admins = [
        admin("ors", _ors(20.0), 0, population="adolescent"),
        admin("ors", _ors(20.0), 7, population="adult"),
        admin("ors", _ors(30.0), 14, population="adult"),
    ]
    latest = build_trajectory(defn, admins).latest
    assert latest.change is not None
    assert latest.change.category is ChangeCategory.NOT_AVAILABLE
    assert "population changed since intake (adolescent → adult)" in (latest.change.reason or "")
    assert latest.expected is not None and latest.expected.status is TrackStatus.NOT_AVAILABLE


def test_adult_series_is_still_tracked(registry: Registry) -> None:
    """Adults keep the curve: intake 16, session 3 at 10 is not on track (E 20.94)."""
    defn = registry.get("ors")
    admins = [admin("ors", _ors(t), 7 * i) for i, t in enumerate([16.0, 16.0, 10.0])]
    expected = build_trajectory(defn, admins).latest.expected
    assert expected is not None and expected.status is TrackStatus.NOT_ON_TRACK
    assert expected.expected == 20.94


@pytest.mark.parametrize(
    ("sessions", "expected"),
    [
        (["visit-12", "visit-3", "visit-7"], ["visit-3", "visit-7", "visit-12"]),  # natural order
        (["20", "4"], ["4", "20"]),
        (["b", None, "a"], ["b", None, "a"]),  # one form without a session: order as given
    ],
)
def test_same_day_forms_follow_natural_session_order_else_input_order(
    registry: Registry, sessions: list[str | None], expected: list[str | None]
) -> None:
    """Same-date forms: numeric parts of session ids compare as numbers, never as text."""
    defn = registry.get("srs")
    admins = [
        admin("srs", (9.0 + i / 10, 9.0, 9.0, 9.0), 0, session=s) for i, s in enumerate(sessions)
    ]
    trajectory = build_trajectory(defn, admins)
    assert [p.session for p in trajectory.points] == expected


def test_a_later_session_on_the_same_day_is_the_latest_for_the_drop_rule(
    registry: Registry,
) -> None:
    """'t10' after 't9' on one date: its lower total raises the drop alert."""
    defn = registry.get("srs")
    admins = [
        admin("srs", (8.5, 8.5, 8.5, 8.5), 0, session="t10"),
        admin("srs", (9.6, 9.6, 9.6, 9.6), 0, session="t9"),
    ]
    alerts = alerts_at(defn, build_trajectory(defn, admins))
    assert "alliance_drop" in {a.kind for a in alerts}


def test_a_trajectory_of_two_raters_is_refused(registry: Registry) -> None:
    """One series is one respondent's: a caregiver's form mixed into the child's is refused."""
    child = admin("ors", _ors(20.0), 0, population="child")
    parent = dataclasses.replace(admin("ors", _ors(12.0), 7), completed_by="caregiver")
    with pytest.raises(MeasureError, match="completed by client, caregiver"):
        build_trajectory(registry.get("ors"), [child, parent])
    assert build_trajectory(registry.get("ors"), [parent]).completed_by == "caregiver"
