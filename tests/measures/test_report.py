"""The measures report: demo clients show the alerts issue 5 asks for; JSON has a stable shape."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from alliancelens.domain import MeasureAdministration
from alliancelens.errors import (
    DuplicateFormError,
    ItemRangeError,
    MeasureError,
    UnknownPopulationError,
)
from alliancelens.measures import (
    AlertConfig,
    ExpectedResponseParams,
    Registry,
    build_report,
    build_trajectory,
    bundle,
    demo_csv,
    report_for_csv,
)
from alliancelens.measures.importing import read_administrations_csv
from alliancelens.measures.jsonable import (
    definition_to_json,
    number,
    report_to_json,
    score_to_json,
)
from alliancelens.measures.scoring import score_responses

from .measures_helpers import admin


@pytest.fixture(scope="module")
def demo() -> dict[str, list[tuple[str, str, str]]]:
    """Alerts of the demo clients as (kind, severity, measure)."""
    report = report_for_csv(demo_csv())
    return {c.client: [(a.kind, a.severity, a.measure) for a in c.alerts] for c in report.clients}


def test_demo_alex_has_alliance_and_not_on_track_alerts(
    demo: dict[str, list[tuple[str, str, str]]],
) -> None:
    """Alex (the demo client of alex-01..03) shows an alliance alert and a not-on-track alert."""
    kinds = {kind for kind, _, _ in demo["alex"]}
    assert {"alliance_below_cutoff", "alliance_drop", "fit_check", "not_on_track"} <= kinds
    assert ("safety_item", "urgent", "phq-9") in demo["alex"]
    assert demo["alex"][0][1] == "urgent"  # most pressing first


def test_demo_robin_is_prompted_to_discuss_ending(
    demo: dict[str, list[tuple[str, str, str]]],
) -> None:
    """Robin improves into the non-clinical range and gets only the discuss-ending prompt."""
    assert demo["robin"] == [("discuss_ending", "info", "ors")]


def test_demo_trajectories(registry: Registry) -> None:
    """Alex's ORS is not on track at session 6; Robin's ORS change is 'recovered' (+10.0)."""
    report = report_for_csv(demo_csv(), registry=registry)
    alex, robin = report.clients
    ors = {t.measure: t for t in alex.trajectories}["ors"]
    assert ors.latest.expected is not None
    assert ors.latest.expected.status.value == "not_on_track"
    robin_ors = {t.measure: t for t in robin.trajectories}["ors"]
    assert robin_ors.latest.change is not None
    assert (robin_ors.latest.change.category.value, robin_ors.latest.change.delta) == (
        "recovered",
        10.0,
    )
    assert [t.measure for t in alex.trajectories] == ["gad-7", "ors", "phq-9", "srs"]
    assert set(report.definitions) == {"gad-7", "ors", "phq-9", "srs"}


def test_fhir_json_file_gives_the_same_report(tmp_path: Path, registry: Registry) -> None:
    """A FHIR Bundle of the demo administrations gives the same report as the CSV."""
    path = tmp_path / "demo.json"
    admins = read_administrations_csv(demo_csv(), registry)
    path.write_text(json.dumps(bundle(admins, registry)), encoding="utf-8")
    from_csv = report_to_json(report_for_csv(demo_csv(), registry=registry))
    from_fhir = report_to_json(report_for_csv(path, registry=registry))
    assert from_fhir["clients"] == from_csv["clients"]


def test_history_and_config(registry: Registry) -> None:
    """history=True keeps earlier sessions' alerts; disabled kinds are left out."""
    latest = report_for_csv(demo_csv(), registry=registry)
    history = report_for_csv(demo_csv(), registry=registry, history=True)
    quiet = report_for_csv(
        demo_csv(), registry=registry, config=AlertConfig(disabled=frozenset({"not_on_track"}))
    )
    assert len(history.clients[0].alerts) > len(latest.clients[0].alerts)
    assert report_to_json(history)["alerts_scope"] == "history"
    assert "not_on_track" not in {a.kind for a in quiet.clients[0].alerts}


def test_params_override_per_measure(registry: Registry) -> None:
    """Clinic-estimated parameters replace the definition's for that measure."""
    params = ExpectedResponseParams(40.0, 5.0, 0.0, 2, "local", "clinic estimate")
    admins = [admin("ors", (4.0, 4.0, 4.0, 4.0), 0), admin("ors", (4.0, 4.0, 4.0, 4.5), 7)]
    report = build_report(admins, registry, params={"ors": params})
    (alert,) = report.clients[0].alerts
    assert (alert.kind, alert.rule) == ("not_on_track", "clinic estimate")


def test_trajectory_refuses_other_measures(registry: Registry) -> None:
    """A trajectory is built from one measure's administrations only."""
    with pytest.raises(MeasureError, match="another measure"):
        build_trajectory(registry.get("srs"), [admin("ors", (1.0, 1.0, 1.0, 1.0), 0)])


def test_report_json_shape(registry: Registry) -> None:
    """The JSON report has schema, clients, trajectories with points, and alerts with evidence."""
    data = report_to_json(report_for_csv(demo_csv(), registry=registry))
    assert data["schema"] == "alliancelens.measures-report/1"
    alex = data["clients"][0]
    ors = next(t for t in alex["trajectories"] if t["measure"] == "ors")
    assert ors["expected_response"]["target"] == 25.0
    first, last = ors["points"][0], ors["points"][-1]
    assert first["change"] is None
    assert last["change"]["category"] == "unchanged"
    assert last["expected"] == {
        "status": "not_on_track",
        "expected": 24.19,
        "boundary": 19.19,
        "reason": None,
    }
    srs = next(t for t in alex["trajectories"] if t["measure"] == "srs")
    assert srs["expected_response"] is None and srs["points"][0]["expected"] is None
    alert = next(a for a in alex["alerts"] if a["kind"] == "alliance_drop")
    assert alert["evidence"] == {
        "measure": "srs",
        "dates": ["2026-10-05", "2026-10-12"],
        "scores": [33.9, 32.6],
        "threshold": 1,
    }
    json.dumps(data)  # serialisable


def _raters(population: str = "adult") -> list[MeasureAdministration]:
    """A client's ORS at 24, 20, 18 with a caregiver's 28 and 8 between them (same sessions)."""
    child = [admin("ors", t, d, session=f"s{d}") for t, d in CHILD]
    parent = [
        dataclasses.replace(
            admin("ors", t, d, session=f"s{d}"), population=population, completed_by="caregiver"
        )
        for t, d in PARENT
    ]
    return [child[0], parent[0], child[1], parent[1], child[2]]


CHILD = [((6.0,) * 4, 0), ((5.0,) * 4, 7), ((4.5,) * 4, 14)]
PARENT = [((7.0,) * 4, 0), ((2.0,) * 4, 7)]


def test_report_keeps_one_series_per_rater_client_first(registry: Registry) -> None:
    """Each rater gets its own trajectory and alerts; the caregiver's never enter the client's."""
    (client,) = build_report(_raters(), registry).clients
    own, other = client.trajectories
    assert (own.completed_by, own.totals) == ("client", (24.0, 20.0, 18.0))
    assert (other.completed_by, other.totals) == ("caregiver", (28.0, 8.0))
    alone = build_report([a for a in _raters() if a.completed_by == "client"], registry)
    mine = [a for a in client.alerts if a.completed_by == "client"]
    assert mine == list(alone.clients[0].alerts)
    assert "reliable_deterioration" in {a.kind for a in mine}
    theirs = [a for a in client.alerts if a.completed_by == "caregiver"]
    assert theirs and all(a.reason.startswith("(completed by caregiver) ") for a in theirs)


def test_report_json_carries_completed_by_on_each_series(registry: Registry) -> None:
    """Trajectories, alerts and not-evaluated rules in the JSON name their respondent."""
    data = report_to_json(build_report(_raters(), registry))["clients"][0]
    assert [t["completed_by"] for t in data["trajectories"]] == ["client", "caregiver"]
    assert {a["completed_by"] for a in data["alerts"]} == {"client", "caregiver"}
    rated = report_to_json(build_report(_raters("caregiver"), registry))["clients"][0]
    assert {n["completed_by"] for n in rated["not_evaluated"]} == {"caregiver"}


def test_score_json_keys(registry: Registry) -> None:
    """Score JSON: measure, total, subscales, severity, flags [{kind, reason, …}]."""
    data = score_to_json(score_responses(registry.get("wai-sr"), [4] * 12))
    assert data["total"] == 48 and isinstance(data["total"], int)
    assert data["subscales"] == {"goal": 16, "task": 16, "bond": 16}
    assert data["severity"] is None and data["flags"] == []
    assert data["means"]["total"] == 4.0


def test_definition_json(registry: Registry) -> None:
    """Definition JSON reports wording status and cited cut-offs."""
    srs = definition_to_json(registry.get("srs"))
    assert (srs["wording"], srs["administrable"]) == ("label-only", False)
    assert srs["cutoffs"][0]["value"] == 36
    assert definition_to_json(registry.get("phq-9"))["wording"] == "included"


@pytest.mark.parametrize(("value", "expected"), [(7.0, 7), (7.5, 7.5), (0.0, 0)])
def test_number(value: float, expected: float) -> None:
    """Whole numbers print as integers."""
    result = number(value)
    assert result == expected and type(result) is type(expected)


def _falling_ors(population: str) -> list[MeasureAdministration]:
    """Six weekly ORS forms falling from 20 to 15."""
    return [
        admin("ors", (5.0, 5.0, 5.0, float(last)), 7 * week, population=population)
        for week, last in enumerate([5, 4, 3, 2, 1, 0])
    ]


@pytest.mark.parametrize("population", ["Adult", "adult ", "ADULT"])
def test_build_report_matches_population_ignoring_case(registry: Registry, population: str) -> None:
    """A mis-cased population keeps every ORS alert the lower-case one raises."""
    expected = build_report(_falling_ors("adult"), registry).clients[0].alerts
    assert expected
    assert build_report(_falling_ors(population), registry).clients[0].alerts == expected


@pytest.mark.parametrize(
    ("change", "error", "words"),
    [
        ({"population": "martian"}, UnknownPopulationError, r"form 3 .*population"),
        ({"date": dt.date(2099, 1, 1)}, MeasureError, r"form 3 .*in the future"),
        ({"responses": (4.25, 5.0, 5.0, 5.0)}, ItemRangeError, r"form 3 \(ors dated"),
    ],
)
def test_build_report_refuses_what_entry_paths_refuse_naming_the_form(
    registry: Registry, change: dict[str, Any], error: type[MeasureError], words: str
) -> None:
    """build_report refuses bad forms as CSV import does, naming the form's position and date."""
    forms = _falling_ors("adult")
    forms[2] = dataclasses.replace(forms[2], **change)
    with pytest.raises(error, match=words):
        build_report(forms, registry)


def test_build_report_refuses_a_duplicate_form(registry: Registry) -> None:
    """A second copy of a form (same client, measure, date, session) is a DuplicateFormError."""
    forms = _falling_ors("adult")
    with pytest.raises(DuplicateFormError, match=r"form 7 .* repeats form 2"):
        build_report([*forms, forms[1]], registry)
