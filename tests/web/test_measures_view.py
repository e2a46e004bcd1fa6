"""The sparkline's points and a client's measures as page data."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from alliancelens import services
from alliancelens.domain import MeasureAdministration
from alliancelens.measures import build_report, load_registry
from alliancelens.measures.change import ChangeCategory, ChangeResult
from alliancelens.web._measures_view import (
    SPARK_HEIGHT,
    SPARK_WIDTH,
    MeasureSeries,
    _change_words,
    _series,
    not_evaluated_words,
    sparkline_points,
)

from .web_helpers import World, actor_of, sign_in


@pytest.mark.parametrize(
    ("totals", "expected"),
    [
        ((), ""),
        ((5.0,), f"{SPARK_WIDTH / 2:.1f},{SPARK_HEIGHT / 2:.1f}"),
        ((0.0, 10.0), f"3.0,{SPARK_HEIGHT - 3:.1f} {SPARK_WIDTH - 3:.1f},3.0"),
        ((-5.0, 20.0), f"3.0,{SPARK_HEIGHT - 3:.1f} {SPARK_WIDTH - 3:.1f},3.0"),  # clamped
    ],
    ids=["none", "one", "low-to-high", "outside-the-scale"],
)
def test_sparkline_points(totals: tuple[float, ...], expected: str) -> None:
    """Totals map onto a fixed 0-10 scale: low at the bottom, oldest on the left, clamped."""
    assert sparkline_points(totals, 0.0, 10.0) == expected


def test_client_page_shows_measure_table_sparkline_and_alert(
    client: TestClient, world: World
) -> None:
    """The client page has the PHQ-9 row, an SVG polyline and the item-9 alert with its rule."""
    sign_in(client, "ther-a")
    page = client.get(f"/clients/{world.client_a}").text
    assert "PHQ-9" in page and "<polyline" in page and "<svg" in page
    assert "item 9" in page and "Rule:" in page
    assert f'href="/sessions/{world.shared}"' in page


def test_dashboard_lists_the_latest_alert(client: TestClient, world: World) -> None:
    """Therapist A's dashboard shows the client's PHQ-9 alert next to the client."""
    sign_in(client, "ther-a")
    page = client.get("/").text
    assert f"/clients/{world.client_a}" in page and "phq-9" in page and "urgent" in page


def test_client_page_lists_insights_or_says_none_fired(client: TestClient, world: World) -> None:
    """The client page has the insights section over the analysed sessions (never an error)."""
    sign_in(client, "ther-a")
    page = client.get(f"/clients/{world.client_a}").text
    assert "Insights" in page and "No analysed session yet" not in page


def _forms() -> list[MeasureAdministration]:
    """An older low SRS (warning/info alerts) and a newer PHQ-9 with item 9 answered 2."""
    return [
        MeasureAdministration("c", dt.date(2026, 11, 20), "srs", (8.5, 9.0, 7.5, 9.0)),
        MeasureAdministration("c", dt.date(2026, 11, 22), "phq-9", (2, 2, 2, 2, 2, 2, 2, 1, 2)),
    ]


def test_alerts_are_ordered_by_severity_then_newest_first() -> None:
    """Urgent alerts come first (then warning, info), newest first within a severity."""
    alerts = build_report(_forms(), load_registry()).clients[0].alerts
    order = {"urgent": 0, "warning": 1, "info": 2}
    keys = [(order[a.severity], -a.date.toordinal()) for a in alerts]
    assert alerts[0].severity == "urgent" and keys == sorted(keys)
    assert {a.severity for a in alerts} >= {"urgent", "warning"}


def test_item_alert_evidence_shows_the_item_value_not_the_total() -> None:
    """The PHQ-9 item-9 alert's evidence is the item's answer (2) and threshold 0, not the total."""
    alerts = build_report(_forms(), load_registry()).clients[0].alerts
    item9 = next(a for a in alerts if a.measure == "phq-9" and a.severity == "urgent")
    assert item9.evidence.scores == (2.0,) and item9.evidence.threshold == 0.0


def test_change_category_is_shown_in_plain_words() -> None:
    """A change without a reliable-change rule reads in words (with why), never not_available."""
    unavailable = ChangeResult(20.0, 28.0, 8.0, ChangeCategory.NOT_AVAILABLE, reason="no rule")
    ors = load_registry().get("ors")
    assert _change_words(unavailable, ors) == "reliable change not assessed: no rule"
    assert _change_words(ChangeResult(20.0, 28.0, 8.0, ChangeCategory.IMPROVED), ors) == "improved"


def test_change_without_a_reliable_change_value_never_reads_not_available() -> None:
    """A shown change whose measure lacks a reliable-change value says the test was not made."""
    missing = ChangeResult(
        31.0,
        29.5,
        -1.5,
        ChangeCategory.NOT_AVAILABLE,
        reason="XYZ has no value (see its docs page)",
    )
    words = _change_words(missing, load_registry().get("ors"))
    assert "not available" not in words and "see its docs page" not in words
    assert words == "reliable change not assessed: XYZ has no value"


def test_no_reliable_change_is_not_called_unchanged() -> None:
    """A 4-point ORS fall reads "no reliable change; needs 5", never "unchanged"."""
    small = ChangeResult(18.0, 14.0, -4.0, ChangeCategory.UNCHANGED, threshold=5.0)
    assert _change_words(small, load_registry().get("ors")) == "no reliable change; needs 5"


def _series_of(forms: list[MeasureAdministration], measure: str) -> MeasureSeries:
    registry = load_registry()
    report = build_report(forms, registry)
    (trajectory,) = [t for t in report.clients[0].trajectories if t.measure == measure]
    return _series(registry.get(measure), trajectory)


def test_wai_sr_rows_show_subscales_and_item_means() -> None:
    """A WAI-SR row shows goal/task/bond sums and item means, as the CLI and JSON do."""
    wai = (3, 3, 4, 2, 4, 3, 5, 2, 4, 3, 3, 3)  # goal 4,6,8,11; task 1,2,10,12; bond 3,5,7,9
    forms = [MeasureAdministration("c", dt.date(2026, 10, 6), "wai-sr", wai)]
    (row,) = _series_of(forms, "wai-sr").rows
    # each item mean named by its subscale (QA38 #14)
    assert row.subscales == (
        "goal 10, task 12, bond 17; item means goal 2.5, task 3, bond 4.25, total 3.25"
    )


def test_ors_rows_show_track_per_form_and_the_cutoff_line() -> None:
    """Each ORS form shows its expected-response status; the sparkline gets the 25 line."""
    totals = [20.0, 20.0, 14.0]
    forms = [
        MeasureAdministration("c", dt.date(2026, 10, 6 + 7 * i), "ors", (t / 4,) * 4)
        for i, t in enumerate(totals)
    ]
    series = _series_of(forms, "ors")
    assert series.rows[0].track.startswith("too early to check")
    assert series.rows[2].track.startswith("not on track (expected ")
    assert series.has_track and not series.has_subscales
    assert series.cutoff == "clinical cut-off 25 (adult)"
    assert series.cutoff_y == round(3 + (1 - 25 / 40) * (SPARK_HEIGHT - 6), 1)


def test_client_page_names_the_rules_not_evaluated_for_a_child(
    client: TestClient, world: World
) -> None:
    """A child's ORS page says which rules did not run instead of a plain 'No measure alerts'."""
    ther = actor_of(world, "ther-a")
    young = services.create_client(world.database, ther, name="Tamsin Oyelaran").id
    for day, mark in ((0, "7.2"), (7, "2.6")):
        services.record_measure(
            world.database,
            ther,
            client_id=young,
            measure="ors",
            items=[mark] * 4,
            date=dt.date(2026, 6, 1) + dt.timedelta(days=day),
            population="child",
        )
    sign_in(client, "ther-a")
    page = client.get(f"/clients/{young}").text
    assert "Not evaluated" in page and "reliable deterioration" in page
    assert "No measure alerts from the rules that ran; 3 rules not evaluated" in page
    assert "for this population (child)" in page


def test_caseload_never_says_none_for_rules_that_did_not_run(
    client: TestClient, world: World
) -> None:
    """A child whose rules did not run reads "not evaluated for this population" on the caseload."""
    ther = actor_of(world, "ther-a")
    young = services.create_client(world.database, ther, name="Perpetua Lindqvist").id
    for day, mark, who in ((0, "5.1", "client"), (3, "1.9", "caregiver"), (9, "6.0", "client")):
        services.record_measure(
            world.database,
            ther,
            client_id=young,
            measure="ors",
            items=[mark] * 4,
            date=dt.date(2026, 5, 4) + dt.timedelta(days=day),
            population="caregiver" if who == "caregiver" else "child",
            completed_by=who,
        )
    sign_in(client, "ther-a")
    page = client.get("/").text
    row = page[page.index("Perpetua Lindqvist") :]
    row = row[: row.index("</tr>")]
    assert "not evaluated for these populations (child, caregiver)" in row
    assert ">none<" not in row


@pytest.mark.parametrize(
    ("count", "populations", "expected"),
    [
        (0, (), ""),
        (1, ("adolescent",), "1 rule not evaluated for this population (adolescent)"),
        (
            4,
            ("child", "caregiver"),
            "4 rules not evaluated for these populations (child, caregiver)",
        ),
    ],
)
def test_not_evaluated_words(count: int, populations: tuple[str, ...], expected: str) -> None:
    """The count and population(s) of rules that did not run; nothing when every rule ran."""
    assert not_evaluated_words(count, populations) == expected


def test_client_page_shows_the_child_and_caregiver_series_labelled(
    client: TestClient, world: World
) -> None:
    """Both raters' ORS series are shown, each labelled by who completed it, client's first."""
    ther = actor_of(world, "ther-a")
    young = services.create_client(world.database, ther, name="Ilse Marrow").id
    for day, mark, who in ((0, "6.0", "client"), (0, "2.0", "caregiver"), (7, "6.5", "client")):
        services.record_measure(
            world.database,
            ther,
            client_id=young,
            measure="ors",
            items=[mark] * 4,
            date=dt.date(2026, 6, 1) + dt.timedelta(days=day),
            population="caregiver" if who == "caregiver" else "child",
            completed_by=who,
        )
    sign_in(client, "ther-a")
    page = client.get(f"/clients/{young}").text
    own = page.index("ORS — Outcome Rating Scale — completed by client")
    other = page.index("ORS — Outcome Rating Scale — completed by caregiver")
    assert own < other
    assert page.count("<polyline") == 2 and "8.0" in page[other:] and "8.0" not in page[own:other]
