"""The consent commands' dates: never in the future, no withdrawal before its grant, and a
start-date correction that is not a withdrawal (QA27 #6, QA29 #4)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from test_store_cli import add_client, run, runner

from alliancelens.cli import app

TODAY = dt.datetime.now(dt.UTC).date()


def _refused(*args: str) -> str:
    """Invoke a command that must fail: exit 2, one stderr line, no traceback."""
    result = runner.invoke(app, list(args))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1
    return result.stderr


@pytest.fixture
def client(home: Path) -> str:
    """An initialised store with client 1 and no consent."""
    run("init")
    add_client("Wenonah Test")
    return "1"


@pytest.mark.parametrize("kind", ["recording", "analysis"])
def test_a_grant_after_today_is_refused(client: str, kind: str) -> None:
    """A consent dated next month is refused in one line and nothing is stored."""
    later = (TODAY + dt.timedelta(days=31)).isoformat()
    assert "cannot be in the future" in _refused("consent", "grant", client, kind, "--on", later)
    assert json.loads(run("consent", "show", client, "--json")) == []


def test_a_withdrawal_before_its_grant_is_refused(client: str) -> None:
    """ "2024-05-01 until 2024-04-01" cannot be written; the grant stays open."""
    run("consent", "grant", client, "analysis", "--on", "2024-05-01")
    stderr = _refused("consent", "withdraw", client, "analysis", "--on", "2024-04-01")
    assert "was given on 2024-05-01; a withdrawal cannot be dated before it" in stderr
    assert run("consent", "show", client).startswith("analysis: from 2024-05-01, in force today\n")


def test_correct_start_moves_the_open_grant_without_a_withdrawal(client: str) -> None:
    """--correct-start rewrites the start; the history shows one open grant, no withdrawal."""
    run("consent", "grant", client, "recording")
    out = run("consent", "grant", client, "recording", "--on", "2024-10-07", "--correct-start")
    assert out.strip() == f"client {client}: recording consent start corrected to 2024-10-07"
    shown = run("consent", "show", client).splitlines()
    assert shown[:2] == [
        "recording: from 2024-10-07, in force today",
        f"  start corrected on {TODAY.isoformat()} (was {TODAY.isoformat()}, now 2024-10-07)",
    ]
    entries = run("audit", "list")
    assert "corrected=granted_on" in entries and f"from={TODAY.isoformat()}" in entries


def test_import_warning_names_the_correction_that_works(client: str, tmp_path: Path) -> None:
    """The warning for a session before the consent names `--correct-start`, which then works."""
    run("consent", "grant", client, "recording")
    transcript = tmp_path / "early.txt"
    transcript.write_text("Therapist: Good morning.\nClient: Morning.\n", encoding="utf-8")
    result = runner.invoke(
        app,
        ["import", str(transcript), "--client", client, "--date", "2024-03-03", "--no-analyse"],
    )
    assert result.exit_code == 0, result.output
    command = f"alliancelens consent grant {client} recording --on DATE --correct-start"
    assert command in result.stderr
    run("consent", "grant", client, "recording", "--on", "2024-03-03", "--correct-start")
    assert run("consent", "show", client).startswith("recording: from 2024-03-03, in force")


def test_show_lists_state_withdrawals_and_every_correction(client: str) -> None:
    """Each grant says if it is in force today; withdrawals and chained corrections are listed."""
    run("consent", "grant", client, "analysis", "--on", "2023-02-14")
    run("consent", "withdraw", client, "analysis", "--on", "2023-06-30")
    run("consent", "grant", client, "recording", "--on", "2025-01-20")
    run("consent", "grant", client, "recording", "--on", "2025-01-13", "--correct-start")
    run("consent", "grant", client, "recording", "--on", "2025-01-06", "--correct-start")
    lines = run("consent", "show", client).splitlines()
    assert "analysis: from 2023-02-14, withdrawn on 2023-06-30 (not in force today)" in lines
    start = lines.index("recording: from 2025-01-06, in force today")
    assert lines[start + 1 : start + 3] == [
        f"  start corrected on {TODAY.isoformat()} (was 2025-01-20, now 2025-01-13)",
        f"  start corrected on {TODAY.isoformat()} (was 2025-01-13, now 2025-01-06)",
    ]
    assert "never recorded: supervision-sharing" in lines
    rows = json.loads(run("consent", "show", client, "--json"))
    recording = next(r for r in rows if r["kind"] == "recording")
    assert recording["in_force"] is True and len(recording["corrections"]) == 2


def test_therapist_is_told_where_corrections_are(client: str) -> None:
    """A therapist (no audit access) sees the state and a pointer, never an empty history."""
    run("consent", "grant", client, "recording", "--on", "2025-09-09", "--as", "dr-owner")
    lines = run("consent", "show", client, "--as", "dr-owner").splitlines()
    assert lines[0] == "recording: from 2025-09-09, in force today"
    assert lines[-1].startswith("start corrections, if any, are in the audit log")
    assert (
        json.loads(run("consent", "show", client, "--json", "--as", "dr-owner"))[0]["corrections"]
        is None
    )


def test_correct_start_without_a_date_is_refused() -> None:
    """--correct-start without --on exits 2 with one line instead of moving the start to today."""
    result = runner.invoke(app, ["consent", "grant", "1", "recording", "--correct-start"])
    assert result.exit_code == 2
    assert "--correct-start needs --on DATE" in result.stderr
