"""The measures trajectory table: statuses and changes in plain words, never raw codes."""

from __future__ import annotations

import datetime as dt
import io

from rich.console import Console

from alliancelens.cli._render_measures import _trajectory_table
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
