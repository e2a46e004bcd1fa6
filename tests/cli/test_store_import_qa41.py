"""QA41 #5: `import` names the queue's own reason when a job could not be handed to Redis."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancelens.cli import app

runner = CliRunner()
TEXT = "Therapist: How was the week?\nClient: Hard. I kept thinking about the lighthouse.\n"
SECRET = "not-the-redis-password-x9"  # noqa: S105 - a made-up value the output must not echo


def _run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def _client_with_consents(tmp_path: Path) -> Path:
    """An initialised store, client 1 with recording and analysis consent, and a transcript."""
    _run("init")
    password = {"ALLIANCELENS_NEW_PASSWORD": "a long enough passphrase"}
    added = runner.invoke(app, ["users", "add", "dr-owner", "--role", "therapist"], env=password)
    assert added.exit_code == 0, added.output
    _run("clients", "add", "Quillon Vaz", "--therapist", "dr-owner")
    _run("consent", "grant", "1", "recording")
    _run("consent", "grant", "1", "analysis")
    path = tmp_path / "s.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


@pytest.fixture
def refusing_queue(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every job handed to the queue meets a Redis server that refuses the login."""
    from redis.exceptions import AuthenticationError

    from alliancelens.errors import QueueUnavailableError
    from alliancelens.jobs.backends import queue_problem
    from alliancelens.records import transcripts as records_transcripts

    class RefusesLogin:
        name = "rq"

        def __init__(self, database: object) -> None:
            self.database = database

        def submit(self, job_id: int) -> None:
            exc = AuthenticationError(f"invalid username-password pair ({SECRET})")
            raise QueueUnavailableError(queue_problem(exc, job_id)) from exc

    monkeypatch.setattr(records_transcripts, "backend_for", RefusesLogin)


@pytest.mark.usefixtures("refusing_queue")
def test_refused_redis_login_on_import_is_named_not_called_unreachable(
    home: Path, tmp_path: Path
) -> None:
    """A refused Redis login: the note names the password/ACL user, not "unreachable"."""
    result = runner.invoke(app, ["import", str(_client_with_consents(tmp_path)), "--client", "1"])
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if "analysis not queued" in line]
    assert len(notes) == 1
    assert "refused the user name or password" in notes[0]
    assert "unreachable" not in notes[0] and "Do not import the file again" in notes[0]
    assert SECRET not in result.output
