"""Alerts of a session's own forms stay with the session after later forms (QA43 #1, #3).

``session_alerts`` reads each form's series up to and including that form; the report's own
``alerts`` (the caseload's current state) keep reading the latest form. Synthetic forms only.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from alliancelens.measures import MeasuresReport, report_for_csv, session_alerts

HEADER = "client,date,session,measure,items\n"

#: QA43 #1: PHQ-9 item 9 answered 2 at s7, then a PHQ-9 with item 9 = 0 two days later.
PHQ = HEADER + (
    "dee,2026-11-20,s7,PHQ-9,1 1 1 1 1 1 1 1 2\ndee,2026-11-22,s8,PHQ-9,1 1 1 1 1 1 1 1 0\n"
)
#: An SRS below the cut-off with a drop and a low item at s2, then a good SRS at s3.
SRS = HEADER + (
    "cleo,2026-10-26,s1,SRS,9.0 8.5 8.6 8.9\n"
    "cleo,2026-11-02,s2,SRS,8.5 8.0 7.5 8.2\n"
    "cleo,2026-11-09,s3,SRS,9.5 9.5 9.5 9.5\n"
)
#: ORS 24.0 -> 19.0 (-5.0, a reliable deterioration) at s2, then 24.4 and 25.0.
ORS = HEADER + (
    "ben,2026-10-26,s1,ORS,6.0 6.0 6.0 6.0\n"
    "ben,2026-11-02,s2,ORS,4.8 4.7 4.6 4.9\n"
    "ben,2026-11-09,s3,ORS,6.1 6.1 6.1 6.1\n"
    "ben,2026-11-16,s4,ORS,6.2 6.3 6.2 6.3\n"
)


def _report(tmp_path: Path, rows: str) -> MeasuresReport:
    path = tmp_path / "forms.csv"
    path.write_text(rows, encoding="utf-8")
    return report_for_csv(path)


def _kinds(report: MeasuresReport, session: str) -> set[str]:
    return {a.kind for a in session_alerts(report, session)}


def test_item_9_prompt_stays_with_its_session_after_a_later_phq9(tmp_path: Path) -> None:
    """QA43 #1: the urgent PHQ-9 item-9 alert of s7 is still s7's after a later item 9 = 0."""
    report = _report(tmp_path, PHQ)
    (alert,) = [a for a in session_alerts(report, "s7") if a.kind == "safety_item"]
    assert alert.severity == "urgent"
    assert "item 9" in alert.reason
    assert str(alert.date) == "2026-11-20"


def test_current_alerts_still_read_the_latest_form(tmp_path: Path) -> None:
    """The caseload's current alerts (the report's) read the latest PHQ-9: no item-9 alert."""
    report = _report(tmp_path, PHQ)
    assert "safety_item" not in {a.kind for a in report.clients[0].alerts}
    assert "safety_item" not in _kinds(report, "s8")


def test_srs_below_cutoff_and_drop_stay_after_a_later_good_srs(tmp_path: Path) -> None:
    """QA43 #1/#3: SRS 32.2 at s2 (cut-off, drop -2.8, item 7.5) keeps its three alerts."""
    report = _report(tmp_path, SRS)
    assert _kinds(report, "s2") == {"alliance_below_cutoff", "alliance_drop", "alliance_item_low"}
    assert _kinds(report, "s3") == set()


def test_reliable_deterioration_stays_after_later_forms(tmp_path: Path) -> None:
    """QA43 #1/#3: ORS 24.0 -> 19.0 at s2 keeps its reliable-deterioration alert after s3, s4."""
    report = _report(tmp_path, ORS)
    alerts = [a for a in session_alerts(report, "s2") if a.kind == "reliable_deterioration"]
    assert [a.evidence.scores for a in alerts] == [(24.0, 19.0)]
    assert "reliable_deterioration" not in _kinds(report, "s4")


def test_an_earlier_form_is_judged_on_the_forms_up_to_it_only(tmp_path: Path) -> None:
    """The s2 drop compares s1 and s2, never a later form: its evidence names those two only."""
    report = _report(tmp_path, SRS)
    (drop,) = [a for a in session_alerts(report, "s2") if a.kind == "alliance_drop"]
    assert [str(d) for d in drop.evidence.dates] == ["2026-10-26", "2026-11-02"]


def _withheld(report: MeasuresReport) -> MeasuresReport:
    """The report as records/supervision.py scores a series with some forms withheld."""
    client = report.clients[0]
    trajectories = tuple(
        dataclasses.replace(
            t,
            points=tuple(dataclasses.replace(p, change=None, expected=None) for p in t.points),
        )
        for t in client.trajectories
    )
    return dataclasses.replace(
        report, clients=(dataclasses.replace(client, trajectories=trajectories, alerts=()),)
    )


def test_a_partly_withheld_series_gives_an_earlier_form_its_own_flags_only(
    tmp_path: Path,
) -> None:
    """Series rules (the drop) never run on a series the viewer sees part of; flags still show."""
    report = _withheld(_report(tmp_path, SRS))
    assert _kinds(report, "s2") == {"alliance_below_cutoff", "alliance_item_low"}


def test_a_session_without_forms_has_no_alert(tmp_path: Path) -> None:
    """A session with no form linked to it has no measure alert."""
    assert session_alerts(_report(tmp_path, SRS), "nope") == ()


def test_no_report_no_alerts() -> None:
    """No forms at all: no alert (the note is built without measures)."""
    assert session_alerts(None, "s1") == ()
