"""The session_measure_alerts rule: a session's own forms' alerts, after later forms (QA43 #3)."""

from __future__ import annotations

from alliancelens.insights import InsightConfig, InsightKind
from alliancelens.insights.measure_rules import session_measure_alerts

from .insights_helpers import caseload, ors, record, srs

CONFIG = InsightConfig()


def test_srs_alerts_of_the_session_survive_a_later_good_srs() -> None:
    """SRS 32.0 at s2 (cut-off, drop, low items) then 38.0 at s3: s2 still lists all three."""
    load = caseload(
        record("s2"), measures=[srs("s1", 1, 9.0), srs("s2", 8, 8.0), srs("s3", 15, 9.5)]
    )
    found = list(session_measure_alerts(load, CONFIG))
    titles = {i.title for i in found}
    assert titles == {
        "SRS: alliance below cutoff (warning)",
        "SRS: alliance drop (warning)",
        "SRS: alliance item low (info)",
    }
    assert all(i.kind is InsightKind.ALERT and i.rule == "session_measure_alerts" for i in found)
    assert {e.session_id for i in found for e in i.evidence} <= {"s1", "s2"}


def test_reliable_deterioration_of_the_session_survives_later_forms() -> None:
    """ORS 24 -> 14 at s2, then 24 at s3: session s2 still lists its reliable deterioration."""
    load = caseload(
        record("s2"), measures=[ors("s1", 1, 6.0), ors("s2", 8, 3.5), ors("s3", 15, 6.0)]
    )
    titles = {i.title for i in session_measure_alerts(load, CONFIG)}
    assert "ORS: reliable deterioration (warning)" in titles


def test_a_session_without_forms_gets_no_measure_alert() -> None:
    """Forms given at other sessions are not this session's: no insight."""
    load = caseload(record("s9"), measures=[srs("s1", 1, 8.0), srs("s2", 8, 8.0)])
    assert list(session_measure_alerts(load, CONFIG)) == []
