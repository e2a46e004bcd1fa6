"""Outages and bad settings on the command line: one line, exit 2 (or a clear success)."""

from __future__ import annotations

import socket
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancelens.cli import app
from alliancelens.storage import migrate

runner = CliRunner()
TEXT = "Therapist: How was the week?\nClient: Hard. I kept thinking about the lighthouse.\n"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _add_client() -> None:
    """Client 1, owned by a new therapist ``dr-owner`` (an admin must name the owner)."""
    password = {"ALLIANCELENS_NEW_PASSWORD": "a long enough passphrase"}
    added = runner.invoke(app, ["users", "add", "dr-owner", "--role", "therapist"], env=password)
    assert added.exit_code == 0, added.output
    assert _invoke("clients", "add", "Quillon Vaz", "--therapist", "dr-owner")[0] == 0


@pytest.mark.parametrize(
    ("variable", "value", "rule"),
    [
        ("ALLIANCELENS_RETENTION_DAYS", "0", "must be a whole number ≥ 1"),
        ("ALLIANCELENS_RETENTION_DAYS", "abc", "must be a whole number"),
        ("ALLIANCELENS_JOB_MAX_ATTEMPTS", "-1", "must be a whole number ≥ 1"),
    ],
)
def test_invalid_setting_is_one_line_naming_the_variable(
    home: Path, monkeypatch: pytest.MonkeyPatch, variable: str, value: str, rule: str
) -> None:
    """An invalid ALLIANCELENS_* value exits 2 naming the variable and the rule, never "bug"."""
    monkeypatch.setenv(variable, value)
    code, _, err = _invoke("clients", "list")
    assert code == 2 and f"{variable}: {rule}" in err and "bug" not in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("command", [("init",), ("clients", "list")])
def test_unreachable_database_is_one_line_with_the_password_masked(
    home: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    """A PostgreSQL server that is not running: exit 2, the URL with *** for the password."""
    url = f"postgresql://clinic:hunter2secret@127.0.0.1:{_closed_port()}/clinic"
    monkeypatch.setenv("ALLIANCELENS_DATABASE_URL", url)
    if command != ("init",):
        monkeypatch.setenv("ALLIANCELENS_KEY", "A" * 43 + "=")
    code, _, err = _invoke(*command)
    assert code == 2 and "cannot connect to the database at" in err, err
    assert "hunter2secret" not in err and "***" in err and "bug" not in err


def test_import_with_redis_down_succeeds_and_says_what_to_run(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Redis down: the import exits 0 with one stored session and names `jobs work`."""
    assert _invoke("init")[0] == 0
    _add_client()
    for kind in ("recording", "analysis"):
        _invoke("consent", "grant", "1", kind)
    monkeypatch.setenv("ALLIANCELENS_REDIS_URL", f"redis://127.0.0.1:{_closed_port()}/0")
    path = tmp_path / "s1.txt"
    path.write_text(TEXT, encoding="utf-8")
    code, out, err = _invoke("import", str(path), "--client", "1")
    assert code == 0, err
    assert "imported 1 session(s)" in out and "analysis not queued" in err
    assert "alliancelens jobs work" in err
    assert _invoke("sessions", "list", "1", "--json")[1].count('"id"') == 1


def test_import_in_process_says_the_analysis_ran(home: Path, tmp_path: Path) -> None:
    """Without Redis the job has already run: the import says "run", not "queued"."""
    _invoke("init")
    _add_client()
    for kind in ("recording", "analysis"):
        _invoke("consent", "grant", "1", kind)
    path = tmp_path / "s1.txt"
    path.write_text(TEXT, encoding="utf-8")
    code, out, _ = _invoke("import", str(path), "--client", "1")
    assert code == 0 and "analysis job(s) run: 1" in out and "queued" not in out


def test_init_reports_an_upgrade(home: Path) -> None:
    """`init` on a store at an older schema says "upgraded from schema …", not "up to date"."""
    _invoke("init")
    with sqlite3.connect(home / "alliancelens.db") as connection:
        connection.execute("ALTER TABLE users DROP COLUMN session_version")
        connection.execute("ALTER TABLE sessions DROP COLUMN content_sha256")
        connection.execute("ALTER TABLE clients DROP COLUMN fhir_uuid")
        connection.execute("UPDATE alembic_version SET version_num = '0005'")
    code, out, err = _invoke("init")
    assert code == 0, err
    assert f"upgraded from schema 0005 to {migrate.head_revision()}" in out
    assert "everyone signs in to the dashboard again once" in out


def test_init_without_an_upgrade_says_nothing_about_sign_ins(home: Path) -> None:
    """A second `init` (nothing to upgrade) does not tell staff they must sign in again."""
    _invoke("init")
    code, out, err = _invoke("init")
    assert code == 0, err
    assert "up to date" in out and "signs in" not in out


def test_import_names_the_job_id_apart_from_the_count(home: Path, tmp_path: Path) -> None:
    """The import line gives the number of jobs and, separately, their ids (not an id as count)."""
    _invoke("init")
    _add_client()
    for kind in ("recording", "analysis", "supervision-sharing"):
        _invoke("consent", "grant", "1", kind)
    path = tmp_path / "s1.txt"
    path.write_text(TEXT, encoding="utf-8")
    for _ in range(2):  # the second import's job has id 2
        code, out, _err = _invoke("import", str(path), "--client", "1", "--allow-duplicate")
    assert code == 0 and "analysis job(s) run: 1 (job id 2;" in out


def test_sessions_list_says_withdrawn_consent_hides_shared_sessions(
    home: Path, tmp_path: Path
) -> None:
    """A shared session whose client withdrew supervision sharing is listed as not visible."""
    _invoke("init")
    _add_client()
    for kind in ("recording", "analysis", "supervision-sharing"):
        _invoke("consent", "grant", "1", kind)
    path = tmp_path / "s1.txt"
    path.write_text(TEXT, encoding="utf-8")
    _invoke("import", str(path), "--client", "1")
    _invoke("sessions", "share", "1")
    assert ", shared;" in _invoke("sessions", "list", "1")[1]
    _invoke("consent", "withdraw", "1", "supervision-sharing")
    code, out, _ = _invoke("sessions", "list", "1")
    assert code == 0 and "shared (not visible to supervisors: supervision-sharing consent" in out
    assert '"visible_to_supervisors": false' in _invoke("sessions", "list", "1", "--json")[1]
