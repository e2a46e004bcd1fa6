"""Operations lines of `users` and `jobs work`: unlocking a web lockout, the first-admin warning,
stuck jobs (exit 5) and a routine retry kept off stderr."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancelens import services
from alliancelens.cli import app
from alliancelens.config import load_settings
from alliancelens.jobs.health import StuckJob
from alliancelens.records import accounts
from alliancelens.records.jobs import WorkReport
from alliancelens.storage import open_database

runner = CliRunner()
NEW_PASSWORD = {"ALLIANCELENS_NEW_PASSWORD": "a long enough passphrase"}
TEXT = "Therapist: Shall we look at the plan?\nClient: The bus strike wrecked it.\n"


def _ok(*args: str, env: dict[str, str] | None = None) -> str:
    result = runner.invoke(app, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


def _lock_out(username: str) -> None:
    """What the web process writes when a user name gets locked."""
    database = open_database(load_settings())
    try:
        assert accounts.record_lockout(database, username=username) is not None
    finally:
        database.close()


@pytest.mark.usefixtures("home")
def test_unlock_lifts_and_reports_a_recorded_lockout() -> None:
    """`users unlock` names when the lock began, clears it from `users list`, and is repeatable."""
    _ok("init")
    _ok("users", "add", "dr-okafor", "--role", "therapist", env=NEW_PASSWORD)
    _lock_out("dr-okafor")
    listed = {u["username"]: u for u in json.loads(_ok("users", "list", "--json"))}
    assert listed["dr-okafor"]["locked_out_at"] is not None
    assert "unlocked (locked out of the web since" in _ok("users", "unlock", "dr-okafor")
    listed = {u["username"]: u for u in json.loads(_ok("users", "list", "--json"))}
    assert listed["dr-okafor"]["locked_out_at"] is None
    assert "no web lockout recorded" in _ok("users", "unlock", "dr-okafor")


@pytest.mark.usefixtures("home")
def test_unlock_of_an_unknown_user_is_one_line() -> None:
    """An unknown name exits 2 with one line pointing at `users list`."""
    _ok("init")
    result = runner.invoke(app, ["users", "unlock", "nobody-here"])
    assert result.exit_code == 2 and "users list" in result.stderr
    assert result.stderr.strip().count("\n") == 0


@pytest.mark.parametrize(("role", "warned"), [("supervisor", True), ("admin", False)])
@pytest.mark.usefixtures("home")
def test_first_user_that_is_not_an_admin_gets_a_warning(role: str, warned: bool) -> None:
    """A store whose only account is not an admin says so on stderr (an admin first: silent)."""
    _ok("init")
    result = runner.invoke(app, ["users", "add", "first-one", "--role", role], env=NEW_PASSWORD)
    assert result.exit_code == 0
    assert ("no administrator account yet" in result.stderr) is warned


def _stuck_report(cause: str | None) -> WorkReport:
    since = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
    return WorkReport((), (), "rq", stuck=(StuckJob(3, since, cause),))


@pytest.mark.parametrize("cause", [None, "this worker cannot open the store: no key [AL601]"])
@pytest.mark.usefixtures("home")
def test_stuck_jobs_exit_5_with_one_stderr_line(
    monkeypatch: pytest.MonkeyPatch, cause: str | None
) -> None:
    """A pass that leaves jobs stuck exits 5 and names the worker's cause when it gave one."""
    _ok("init")
    monkeypatch.setattr(services, "work", lambda *_: _stuck_report(cause))
    result = runner.invoke(app, ["jobs", "work"])
    assert result.exit_code == 5
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: job(s) 3 ")
    assert (cause or "worker service is running") in lines[0]
    as_json = runner.invoke(app, ["jobs", "work", "--json"])
    assert as_json.exit_code == 5 and json.loads(as_json.stdout)["stuck"][0]["id"] == 3


def test_a_retried_job_that_then_succeeds_writes_nothing_to_stderr(
    home: Path, tmp_path: Path
) -> None:
    """Recovery of an interrupted job with attempts left goes to stdout only; the pass exits 0."""
    _ok("init")
    _ok("users", "add", "dr-okafor", "--role", "therapist", env=NEW_PASSWORD)
    _ok("clients", "add", "Synthetic Person", "--therapist", "dr-okafor")
    for kind in ("recording", "analysis"):
        _ok("consent", "grant", "1", kind, "--as", "dr-okafor")
    path = tmp_path / "plan.txt"
    path.write_text(TEXT, encoding="utf-8")
    _ok("import", str(path), "--client", "1", "--as", "dr-okafor")
    with sqlite3.connect(home / "alliancelens.db") as connection:
        connection.execute(
            "UPDATE jobs SET status = 'running', attempts = 1, max_attempts = 3, "
            "worker = 'gone-host:4242', lease_expires_at = NULL WHERE id = 1"
        )
    result = runner.invoke(app, ["jobs", "work"])
    assert result.exit_code == 0 and "queued again" in result.stdout
    assert result.stderr == ""
