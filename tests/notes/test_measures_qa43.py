"""A note keeps the alerts raised at its session's forms after later forms (QA43 #1).

Synthetic forms written for these tests; the reports are built as the stored path builds them
(alerts at each series' latest form, not the alert history).
"""

from __future__ import annotations

from pathlib import Path

from alliancelens.measures import MeasuresReport, report_for_csv
from alliancelens.notes._measures import measure_alerts

HEADER = "client,date,session,measure,items\n"


def _report(tmp_path: Path, rows: str) -> MeasuresReport:
    path = tmp_path / "forms.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return report_for_csv(path)


def test_note_keeps_the_urgent_item_9_line_after_a_later_phq9(tmp_path: Path) -> None:
    """QA43 #1 repro: item 9 = 2 at session 7, item 9 = 0 later; note 7 keeps the urgent line."""
    report = _report(
        tmp_path,
        "dee,2026-11-20,7,PHQ-9,1 1 1 1 1 1 1 1 2\ndee,2026-11-22,8,PHQ-9,1 1 1 1 1 1 1 1 0\n",
    )
    texts = [s.text for s in measure_alerts(report, "7")]
    assert any(t.startswith("Measure alert (urgent): PHQ-9 item 9") for t in texts)
    assert not any("item 9" in s.text for s in measure_alerts(report, "8"))


def test_note_keeps_srs_alerts_after_a_later_good_srs(tmp_path: Path) -> None:
    """QA43 #1: SRS 32.2 at session 5 keeps cut-off, drop and item lines after an SRS of 38."""
    report = _report(
        tmp_path,
        "cleo,2026-10-26,4,SRS,9.0 8.5 8.6 8.9\n"
        "cleo,2026-11-02,5,SRS,8.5 8.0 7.5 8.2\n"
        "cleo,2026-11-09,6,SRS,9.5 9.5 9.5 9.5\n",
    )
    kinds = {e.details["alert"] for s in measure_alerts(report, "5") for e in s.evidence}
    assert kinds == {"alliance_below_cutoff", "alliance_drop", "alliance_item_low"}


def test_note_keeps_a_reliable_deterioration_after_later_forms(tmp_path: Path) -> None:
    """QA43 #1: ORS 24.0 -> 19.0 at session 2 keeps its deterioration line after two more forms."""
    report = _report(
        tmp_path,
        "ben,2026-10-26,1,ORS,6.0 6.0 6.0 6.0\n"
        "ben,2026-11-02,2,ORS,4.8 4.7 4.6 4.9\n"
        "ben,2026-11-09,3,ORS,6.1 6.1 6.1 6.1\n"
        "ben,2026-11-16,4,ORS,6.2 6.3 6.2 6.3\n",
    )
    texts = [s.text for s in measure_alerts(report, "2")]
    assert any("a reliable change for the worse" in t for t in texts)
