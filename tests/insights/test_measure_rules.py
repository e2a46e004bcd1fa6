"""The measure_alerts rule: the caseload's latest-form measure alerts, listed as insights."""

from __future__ import annotations

from alliancelens.insights import Insight, InsightConfig, InsightKind, insights_for_caseload

from .insights_helpers import caseload, ors, srs

CONFIG = InsightConfig()


def _rules(found: list[Insight]) -> list[str]:
    return [i.rule for i in found]


def test_reliable_deterioration_appears_as_an_alert_insight() -> None:
    """ORS from 6 to 3.5 per item (24 → 14) gives the reliable_deterioration alert insight."""
    found = insights_for_caseload(
        caseload(measures=[ors("s1", 1, 6.0), ors("s2", 8, 3.5)]), CONFIG, rules=["measure_alerts"]
    )
    worse = [i for i in found if "reliable deterioration" in i.title]
    assert len(worse) == 1 and worse[0].kind is InsightKind.ALERT
    assert {e.session_id for e in worse[0].evidence} == {"s1", "s2"}
    assert "Rule:" in worse[0].explanation and worse[0].client == "c1"


def test_same_alerts_as_the_measures_report() -> None:
    """Every alert the report raises at the latest forms is one insight, kind and measure named."""
    load = caseload(measures=[srs("s1", 1, 9.8), srs("s2", 8, 8.2)])
    assert load.measures is not None
    found = insights_for_caseload(load, CONFIG, rules=["measure_alerts"])
    expected = sorted(f"SRS: {a.kind.replace('_', ' ')}" for a in load.measures.alerts)
    assert expected and sorted(i.title.split(" (")[0] for i in found) == expected


def test_not_on_track_in_the_fit_window_is_left_to_the_fit_rule() -> None:
    """A not_on_track alert at form 5 is reported once, by not_on_track_fit, not twice."""
    flat = [ors(f"s{i}", i + 1, 4.5) for i in range(5)]
    found = insights_for_caseload(caseload(measures=flat), CONFIG)
    assert "not_on_track_fit" in _rules(found)
    assert not any("not on track" in i.title for i in found if i.rule == "measure_alerts")


def test_no_measures_no_measure_alerts() -> None:
    """A caseload without measure forms gives no measure_alerts insight."""
    assert insights_for_caseload(caseload(), CONFIG, rules=["measure_alerts"]) == []
