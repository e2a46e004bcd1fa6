"""Record-lifecycle commands end to end: sessions delete/reanalyse, delete-measure, audit list,
the analysis-state column of `sessions list`, init's outdated count, recording withdrawal."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancelens.analysers.registry import available
from alliancelens.cli import app

runner = CliRunner()
#: Synthetic, written for these tests.
TEXT = (
    "Therapist: What brings you in this week?\n"
    "Client: The move to the coast fell through and I keep replaying the phone call.\n"
    "Therapist: What stays with you most from that call?\n"
    "Client: How quickly the agent hung up on me.\n"
)
PASSWORD = {"ALLIANCELENS_NEW_PASSWORD": "a long enough passphrase"}


def run(*args: str) -> str:
    """Invoke the CLI; fail the test on a non-zero exit."""
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def refused(*args: str) -> str:
    """Invoke the CLI expecting exit 2 with one error line; return stderr."""
    result = runner.invoke(app, list(args))
    assert result.exit_code == 2, result.output
    assert len(result.stderr.strip().splitlines()) == 1
    return result.stderr


@pytest.fixture
def stored(home: Path, tmp_path: Path) -> Path:
    """A store with therapist dr-kay, client 1 (both consents) and session 1, analysed."""
    run("init")
    assert runner.invoke(app, ["users", "add", "dr-kay", "--role", "therapist"], env=PASSWORD)
    run("clients", "add", "Ilse Varga", "--therapist", "dr-kay")
    run("consent", "grant", "1", "recording", "--on", "2026-01-02")
    run("consent", "grant", "1", "analysis")
    path = tmp_path / "move.txt"
    path.write_text(TEXT, encoding="utf-8")
    run("import", str(path), "--client", "1", "--date", "2026-02-03", "--as", "dr-kay")
    return path


def _newer_risk(monkeypatch: pytest.MonkeyPatch) -> None:
    risk = available()["risk.language"]
    monkeypatch.setattr(risk, "version", risk.version + 1)


def test_sessions_list_shows_the_analysis_state(
    stored: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`sessions list` says current, then outdated (with versions and the refresh command)."""
    assert "; analysis: current" in run("sessions", "list", "1", "--as", "dr-kay")
    _newer_risk(monkeypatch)
    out = run("sessions", "list", "1", "--as", "dr-kay")
    assert "analysis: outdated (risk.language v" in out
    assert "sessions reanalyse --outdated --client 1" in out
    row = json.loads(run("sessions", "list", "1", "--json"))[0]
    assert row["analysis"] == "outdated" and row["outdated"][0].startswith("risk.language")


def test_init_counts_outdated_and_reanalyse_refreshes(
    stored: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """init names the outdated count and command; `sessions reanalyse --outdated` fixes it."""
    _newer_risk(monkeypatch)
    assert "1 stored session(s) have an analysis made with older analyser" in run("init")
    assert "re-analysis run for 1 session(s): session 1" in run(
        "sessions", "reanalyse", "--outdated", "--as", "dr-kay"
    )
    assert "analysis: current" in run("sessions", "list", "1")
    assert "older analyser" not in run("init")


def test_note_of_an_outdated_analysis_warns(stored: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`note session:1` warns on stderr and the note opens with the outdated notice."""
    _newer_risk(monkeypatch)
    result = runner.invoke(app, ["note", "session:1", "--as", "dr-kay"])
    assert result.exit_code == 0, result.output
    assert "warning: session 1: analysis made with an older analyser" in result.stderr
    assert "Risk language was screened with an older version" in result.stdout


def test_analyse_a_purged_session_is_refused(stored: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A purged session: `sessions analyse` exits 2 with AL609; reanalyse lists it, exit 0."""
    with sqlite3.connect(stored.parent / "home" / "alliancelens.db") as db:  # imported long ago
        db.execute("UPDATE sessions SET imported_at = '2020-01-01 00:00:00.000000'")
    monkeypatch.setenv("ALLIANCELENS_RETENTION_DAYS", "30")
    assert run("purge-expired") == "raw text purged from 1 session(s)\n"
    assert "[AL609]" in refused("sessions", "analyse", "1", "--as", "dr-kay")
    _newer_risk(monkeypatch)
    result = runner.invoke(app, ["sessions", "reanalyse", "--outdated"])
    assert result.exit_code == 0 and "cannot be re-analysed" in result.stderr


def test_sessions_delete_and_refusals(stored: Path) -> None:
    """Delete needs the owner or an admin; 'no' cancels; --yes deletes with one line."""
    assert runner.invoke(app, ["users", "add", "dr-lo", "--role", "therapist"], env=PASSWORD)
    assert "AL605" in refused("sessions", "delete", "1", "--yes", "--as", "dr-lo")
    cancelled = runner.invoke(app, ["sessions", "delete", "1", "--as", "dr-kay"], input="n\n")
    assert cancelled.exit_code == 2 and "cancelled: session 1" in cancelled.stderr
    out = run("sessions", "delete", "1", "--yes", "--as", "dr-kay")
    assert out.startswith("session 1 of client 1 deleted (4 utterances, 1 analysis, 1 analysis job")
    assert "AL604" in refused("sessions", "delete", "1", "--yes")
    entries = json.loads(run("audit", "list", "--action", "delete", "--json"))
    assert [(e["resource"], e["resource_id"]) for e in entries] == [("session", "1")]


def test_clients_delete_measure(stored: Path) -> None:
    """A form is deleted by id; an unknown id is one line and exit 2."""
    out = run("clients", "record-measure", "1", "gad-7", "0", "1", "0", "1", "0", "0", "1")
    assert "recorded as form 1" in out
    assert run("clients", "delete-measure", "1", "--yes") == "measure form 1 of client 1 deleted\n"
    assert "no measure form with id 1" in refused("clients", "delete-measure", "1", "--yes")


def test_delete_commands_report_counts_as_json(stored: Path) -> None:
    """`--json` on sessions delete and delete-measure prints ids and counts, nothing else."""
    run("clients", "record-measure", "1", "phq-9", "1", "0", "1", "0", "1", "0", "1", "0", "0")
    form = json.loads(run("clients", "delete-measure", "1", "--yes", "--json"))
    assert form == {"form": 1, "client": 1, "deleted": {"measure_forms": 1}}
    session = json.loads(run("sessions", "delete", "1", "--yes", "--as", "dr-kay", "--json"))
    assert (session["session"], session["client"]) == (1, 1)
    assert session["deleted"]["utterances"] == 4 and session["deleted"]["analyses"] == 1


def test_a_non_number_id_is_refused_in_plain_words(stored: Path) -> None:
    """A word where an id belongs says 'not a whole number', not the parser's jargon."""
    message = refused("sessions", "delete", "first", "--yes")
    assert "not a whole number" in message and "parse string" not in message


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--user", "dr-kayy"), "no user named dr-kayy"),
        (("--action", "veiw"), "unknown action veiw; use one of"),
        (("--since", "2026-03-02", "--until", "2026-03-01"), "is before --since"),
    ],
    ids=["unknown-user", "unknown-action", "until-before-since"],
)
def test_audit_filters_that_cannot_match_are_errors(
    stored: Path, args: tuple[str, ...], said: str
) -> None:
    """A mistyped filter is one error line and exit 2, never an empty listing."""
    assert said in refused("audit", "list", *args)


def test_audit_list_by_label_and_known_user(stored: Path) -> None:
    """Audit labels (local:NAME) and existing user names are accepted as --user."""
    rows = json.loads(run("audit", "list", "--user", "dr-kay", "--json"))
    assert rows and {r["actor"] for r in rows} == {"user:1"}
    local = json.loads(run("audit", "list", "--action", "create", "--json"))[0]["actor"]
    assert json.loads(run("audit", "list", "--user", local, "--json"))


def test_withdrawing_recording_consent_lists_stored_sessions(stored: Path) -> None:
    """Withdrawal names the stored session ids and the delete command."""
    out = run("consent", "withdraw", "1", "recording", "--as", "dr-kay")
    assert "still has 1 stored session(s): 1" in out
    assert "alliancelens sessions delete SESSION" in out


def test_audit_list_filters_and_is_admin_only(stored: Path) -> None:
    """`audit list --client` finds the consent view; a therapist is refused."""
    run("consent", "show", "1", "--as", "dr-kay")
    rows = json.loads(run("audit", "list", "--client", "1", "--action", "view", "--json"))
    assert ("consent", "1") in {(r["resource"], r["resource_id"]) for r in rows}
    assert "AL605" in refused("audit", "list", "--as", "dr-kay")
    assert "not a date" in refused("audit", "list", "--since", "last week")
    last = json.loads(run("audit", "list", "--action", "view", "--json"))[-1]
    assert (last["resource"], last["detail"]) == (
        "audit",
        {"client": 1, "action": "view", "entries": len(rows)},
    )


def test_import_before_the_recording_consent_warns(stored: Path) -> None:
    """A session dated before the recorded consent start is imported with one warning line."""
    result = runner.invoke(
        app,
        [
            "import",
            str(stored),
            "--client",
            "1",
            "--date",
            "2025-12-01",
            "--as",
            "dr-kay",
            "--allow-duplicate",  # the stored file again, dated before the consent
        ],
    )
    assert result.exit_code == 0
    assert "dated outside client 1's recorded recording consent" in result.stderr
