"""`jobs work` as cron sees it: what happened to each job, and exit 4 when one failed for good."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancelens.cli import app

runner = CliRunner()
TEXT = "Therapist: What brings you in this week?\nClient: The allotment flooded again.\n"


def _ok(*args: str, env: dict[str, str] | None = None) -> str:
    result = runner.invoke(app, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


def _one_done_job(home: Path, tmp_path: Path) -> None:
    """A store with one analysis job, run in-process (job id 1)."""
    _ok("init")
    _ok(
        "users", "add", "dr-fenwick", "--role", "therapist",
        env={"ALLIANCELENS_NEW_PASSWORD": "a long enough passphrase"},
    )  # fmt: skip
    _ok("clients", "add", "Synthetic Person", "--therapist", "dr-fenwick")
    for kind in ("recording", "analysis"):
        _ok("consent", "grant", "1", kind, "--as", "dr-fenwick")
    path = tmp_path / "week.txt"
    path.write_text(TEXT, encoding="utf-8")
    _ok("import", str(path), "--client", "1", "--as", "dr-fenwick")


def _crash_on_last_attempt(home: Path) -> None:
    """Job 1 as a worker on another host left it: running, every attempt used, lease over."""
    with sqlite3.connect(home / "alliancelens.db") as connection:
        connection.execute(
            "UPDATE jobs SET status = 'running', attempts = 3, max_attempts = 3, "
            "worker = 'gone-host:4242', lease_expires_at = NULL WHERE id = 1"
        )


def test_job_out_of_attempts_exits_4_and_says_failed(home: Path, tmp_path: Path) -> None:
    """A recovered job with no attempt left is "failed after 3 attempt(s)", exit 4, never 0."""
    _one_done_job(home, tmp_path)
    _crash_on_last_attempt(home)
    result = runner.invoke(app, ["jobs", "work"])
    assert result.exit_code == 4
    assert "1 job(s) of stopped workers recovered (0 queued again, 1 failed)" in result.stdout
    assert "job 1 failed after 3 attempt(s): job lease expired" in result.stdout
    assert "job(s) 1 failed for good" in result.stderr


def test_job_out_of_attempts_in_json(home: Path, tmp_path: Path) -> None:
    """--json carries the same: the recovery with its status and the failed ids, exit 4."""
    _one_done_job(home, tmp_path)
    _crash_on_last_attempt(home)
    result = runner.invoke(app, ["jobs", "work", "--json"])
    assert result.exit_code == 4
    report = json.loads(result.stdout)
    assert report["failed"] == [1] and report["recovered"] == [1]
    assert report["recovery"] == [
        {
            "id": 1,
            "status": "failed",
            "reason": "job lease expired",
            "attempts": 3,
            "max_attempts": 3,
        }
    ]


@pytest.mark.parametrize("as_json", [False, True])
def test_nothing_failed_exits_0(home: Path, tmp_path: Path, as_json: bool) -> None:
    """A pass with no failure exits 0 (cron stays quiet)."""
    _one_done_job(home, tmp_path)
    result = runner.invoke(app, ["jobs", "work", *(["--json"] if as_json else [])])
    assert result.exit_code == 0 and "failed for good" not in result.output
