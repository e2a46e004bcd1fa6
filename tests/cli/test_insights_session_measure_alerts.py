"""``insights session:ID`` lists the alerts raised at the session's own forms (QA43 #3).

Transcripts and names are synthetic, written for these tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancelens.cli import app

runner = CliRunner()
TALK = (
    "Therapist: What did you notice on the walk this week?\n"
    "Client: The heron was back by the weir, standing very still.\n"
    "Therapist: You sound like you enjoyed watching it.\n"
    "Client: I did. It was the calmest I have felt in a while.\n"
)


@pytest.fixture
def two_sessions(home: Path, tmp_path: Path) -> Path:
    """Sessions 1 and 2 of client 1: PHQ-9 item 9 = 2 at session 1, item 9 = 0 at session 2."""
    talk = tmp_path / "s.txt"
    talk.write_text(TALK, encoding="utf-8")
    env = {"ALLIANCELENS_NEW_PASSWORD": "a long enough passphrase"}
    for args in (
        ["init"],
        ["users", "add", "dr-owner", "--role", "therapist"],
        ["clients", "add", "Synthetic Client", "--therapist", "dr-owner"],
        *(["consent", "grant", "1", kind] for kind in ("recording", "analysis")),
        ["import", str(talk), "--client", "1", "--date", "2026-10-05"],
        ["import", str(talk), "--client", "1", "--date", "2026-10-12", "--allow-duplicate"],
        [
            *("clients", "record-measure", "1", "phq-9", "1", "1", "1", "1", "1", "1", "1", "1"),
            *("2", "--date", "2026-10-05", "--session", "1"),
        ],
        [
            *("clients", "record-measure", "1", "phq-9", "1", "1", "1", "1", "1", "1", "1", "1"),
            *("0", "--date", "2026-10-12", "--session", "2"),
        ],
    ):
        done = runner.invoke(app, args, env=env)
        assert done.exit_code == 0, (args, done.output)
    return home


def _alerts(target: str) -> list[dict[str, object]]:
    """The measure-alert rows of ``insights TARGET --json``."""
    result = runner.invoke(app, ["insights", target, "--json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    return [i for i in found if "measure_alerts" in str(i["rule"])]


def test_session_keeps_its_phq9_safety_alert_after_a_later_form(two_sessions: Path) -> None:
    """PHQ-9 item 9 = 2 at session 1, then 0 at session 2: ``session:1`` still lists the alert."""
    found = _alerts("session:1")
    assert [(i["rule"], i["title"]) for i in found] == [
        ("session_measure_alerts", "PHQ-9: safety item (urgent)")
    ]
    assert _alerts("session:2") == []


def test_client_view_lists_current_alerts_only(two_sessions: Path) -> None:
    """``client:1`` runs the caseload rules: no session_measure_alerts row (never both)."""
    assert all(i["rule"] == "measure_alerts" for i in _alerts("client:1"))
