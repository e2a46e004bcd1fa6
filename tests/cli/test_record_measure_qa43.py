"""``clients record-measure`` output after QA43: a correction names the alerts it withdrew (#14),
and a PHQ-9 change no rule judges is said with its size (#8)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancelens.cli import app

runner = CliRunner()
PASSWORD = {"ALLIANCELENS_NEW_PASSWORD": "a long enough passphrase"}


def _ok(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def one_client(home: Path) -> Path:
    """An initialised store with therapist dr-owner's client 1."""
    _ok("init")
    added = runner.invoke(app, ["users", "add", "dr-owner", "--role", "therapist"], env=PASSWORD)
    assert added.exit_code == 0, added.output
    _ok("clients", "add", "Wren Aldous", "--therapist", "dr-owner")
    return home


#: PHQ-9 totals 9 and 17, item 9 = 0 both times (no safety alert).
FIRST = ["1", "1", "1", "2", "1", "1", "1", "1", "0"]
LATER = ["2", "3", "2", "2", "2", "2", "2", "2", "0"]


def _record(*args: str) -> str:
    return _ok("clients", "record-measure", "1", *args, "--as", "dr-owner")


def test_replace_prints_the_alerts_the_correction_withdrew(one_client: Path) -> None:
    """QA43 #14: correcting a mistyped SRS item lists the three alerts of the mistyped form."""
    _record("srs", "9.3", "9.4", "9.1", "9.3", "--date", "2026-11-02")
    _record("srs", "9.5", "9.4", "2.9", "9.6", "--date", "2026-11-09")
    out = _record("srs", "9.5", "9.4", "9.2", "9.6", "--date", "2026-11-09", "--replace")
    assert (
        "alerts after the correction: withdrawn with form 2 (raised by it, not by this form): "
        "alliance_below_cutoff, alliance_drop, alliance_item_low"
    ) in out
    assert "No alerts raised." in out


def test_phq9_change_is_printed_next_to_no_alerts(one_client: Path) -> None:
    """QA43 #8: PHQ-9 9 -> 17 prints "change since first form: +8 (…)", also in --json."""
    _record("phq-9", *FIRST, "--date", "2026-10-26")
    out = _record("phq-9", *LATER, "--date", "2026-11-16", "--json")
    shown = json.loads(out)
    assert shown["unjudged_change"].startswith(
        "change since first form: +8 (no reliable-change value for PHQ-9 is shipped"
    )
    assert shown["alerts"] == []
