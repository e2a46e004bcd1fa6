"""The measures trajectory table: statuses and changes in plain words, never raw codes."""

from __future__ import annotations

import datetime as dt
import io

from rich.console import Console

from alliancelens.cli._render_measures import _trajectory_table, render_report
from alliancelens.domain import MeasureAdministration
from alliancelens.measures import build_report, load_registry


def _table_text(*totals: float) -> str:
    """The trajectory table of one client's adult ORS forms with these totals, as plain text."""
    forms = [
        MeasureAdministration(
            "c", dt.date(2026, 9, 1) + dt.timedelta(days=7 * i), "ors", (t / 4,) * 4
        )
        for i, t in enumerate(totals)
    ]
    report = build_report(forms, load_registry())
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(_trajectory_table(report.clients[0], report.definitions))
    return console.export_text()


def test_track_status_is_in_plain_words() -> None:
    """A falling ORS reads "not on track", never the code not_on_track."""
    text = _table_text(24.0, 20.0, 16.0, 12.0)
    assert "not on track" in text and "not_on_track" not in text


def test_a_change_below_the_reliable_size_is_not_called_unchanged() -> None:
    """A 4-point ORS fall reads "no reliable change; needs 5", never "unchanged"."""
    text = _table_text(20.0, 16.0)
    assert "no reliable change; needs 5" in text and "unchanged" not in text


def test_another_raters_series_is_its_own_labelled_row_with_labelled_alerts() -> None:
    """A caregiver's ORS is a second row "ORS (completed by caregiver)"; its alerts say so."""
    day = dt.date(2026, 9, 1)
    forms = [
        MeasureAdministration("c", day, "ors", (6.0,) * 4),
        MeasureAdministration("c", day, "ors", (7.0,) * 4, completed_by="caregiver"),
        MeasureAdministration(
            "c", day + dt.timedelta(7), "ors", (2.0,) * 4, completed_by="caregiver"
        ),
    ]
    report = build_report(forms, load_registry())
    console = Console(width=250, record=True, file=io.StringIO())
    render_report(console, report)
    text = console.export_text()
    rows = [line for line in text.splitlines() if line.strip().startswith("ORS")]
    assert rows[0].split()[:2] == ["ORS", "1"]
    assert rows[1].split()[:5] == ["ORS", "(completed", "by", "caregiver)", "2"]
    assert "reliable_deterioration (for clinician review; ORS (completed by caregiver)" in text
