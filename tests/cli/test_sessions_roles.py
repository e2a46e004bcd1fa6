"""`sessions roles`: set the speaker roles of a stored session and re-analyse it (QA42 #4).

Also `note --member` refusals, which must not print a file's `# id:` (QA42 #3). Every dialogue
here was written for these tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancelens.cli import app

runner = CliRunner()
#: No role words: the roles are guessed at import.
GUESSED = (
    "Orla: Can I ask you something first? Do you think I'm getting worse?\n"
    "Brennan: I notice you're worried about that. I think we can look at it together.\n"
    "Orla: Why does nothing I try seem to work? What am I doing wrong?\n"
    "Brennan: I hear how frustrated you are. I wonder what you have tried this week.\n"
)
PASSWORD = {"ALLIANCELENS_NEW_PASSWORD": "a long enough passphrase"}


def run(*args: str) -> str:
    """Invoke the CLI; fail the test on a non-zero exit."""
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def stored(home: Path, tmp_path: Path) -> Path:
    """A store with therapist dr-kay, client 1 (both consents) and guessed-roles session 1."""
    run("init")
    assert runner.invoke(app, ["users", "add", "dr-kay", "--role", "therapist"], env=PASSWORD)
    run("clients", "add", "Ilse Varga", "--therapist", "dr-kay")
    run("consent", "grant", "1", "recording", "--on", "2026-01-02")
    run("consent", "grant", "1", "analysis")
    path = tmp_path / "orla.txt"
    path.write_text(GUESSED, encoding="utf-8")
    result = runner.invoke(app, ["import", str(path), "--client", "1", "--as", "dr-kay"])
    assert result.exit_code == 0 and "sessions roles 1 --therapist N" in result.stderr
    return path


def test_sessions_roles_sets_roles_by_number_without_printing_labels(stored: Path) -> None:
    """The command sets the roles, says them by speaker number, and runs the re-analysis."""
    out = run("sessions", "roles", "1", "--therapist", "2", "--as", "dr-kay")
    assert "speaker 1: client, speaker 2: therapist" in out and "re-analysis job" in out
    assert "Orla" not in out and "Brennan" not in out
    again = json.loads(run("sessions", "roles", "1", "--client-speaker", "orla", "--json"))
    assert again["roles"] == {"1": "client", "2": "therapist"} and again["changed"] is False


@pytest.mark.parametrize(
    "args",
    [(), ("--therapist", "Nobody"), ("--therapist", "1", "--client-speaker", "1")],
    ids=["no-roles", "unknown-label", "both-roles"],
)
def test_sessions_roles_refusals_are_one_line_exit_2(stored: Path, args: tuple[str, ...]) -> None:
    """Missing, unknown or contradictory roles: exit 2, one line, no label."""
    result = runner.invoke(app, ["sessions", "roles", "1", *args, "--as", "dr-kay"])
    assert result.exit_code == 2, result.output
    assert len(result.stderr.strip().splitlines()) == 1 and "Nobody" not in result.stderr


def test_note_member_refusal_never_prints_the_id_header(home: Path, tmp_path: Path) -> None:
    """QA42 #3: `note FILE --member X` does not print the file's `# id:` header."""
    path = tmp_path / "s.txt"
    text = "# id: Quillon Marchetti 2026-11-20\nTherapist: How was the week?\nClient: Long.\n"
    path.write_text(text + "Therapist: Long in what way?\nClient: Tiring, mostly.\n", "utf-8")
    result = runner.invoke(app, ["note", str(path), "--member", "somebody"])
    assert result.exit_code == 2, result.output
    assert "Marchetti" not in result.stderr and "2026-11-20" not in result.stderr
