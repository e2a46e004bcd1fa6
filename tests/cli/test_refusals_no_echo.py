"""Refusals name the option and what to do, never the value typed (dates, session ids).

Values and names are synthetic, written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancelens.cli import app

runner = CliRunner()
#: A typed value that looks like a client's date of birth or session date.
TYPED_DATE = "1987-13-45"


def run(*args: str) -> None:
    """Invoke the CLI; fail the test on a non-zero exit."""
    result = runner.invoke(
        app, list(args), env={"ALLIANCELENS_NEW_PASSWORD": "a long enough passphrase"}
    )
    assert result.exit_code == 0, result.output


@pytest.fixture
def one_client(home: Path, tmp_path: Path) -> Path:
    """A store with client 1 (therapist dr-owner) and a transcript file to import."""
    session = tmp_path / "s.txt"
    session.write_text("Therapist: Hello.\nClient: Fine, thanks.\n", encoding="utf-8")
    run("init")
    run("users", "add", "dr-owner", "--role", "therapist")
    run("clients", "add", "Synthetic Client", "--therapist", "dr-owner")
    run("consent", "grant", "1", "recording")
    return session


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["import", "FILE", "--client", "1", "--date", TYPED_DATE], "--date"),
        (["consent", "grant", "1", "analysis", "--on", TYPED_DATE], "--on"),
        (["audit", "list", "--since", TYPED_DATE], "--since"),
        (["audit", "list", "--until", TYPED_DATE], "--until"),
    ],
    ids=["import-date", "consent-on", "audit-since", "audit-until"],
)
def test_bad_date_refusal_names_the_option_not_the_value(
    one_client: Path, args: list[str], option: str
) -> None:
    """A malformed date is one line naming the option and YYYY-MM-DD, without the typed value."""
    argv = [str(one_client) if a == "FILE" else a for a in args]
    result = runner.invoke(app, argv)
    assert result.exit_code == 2
    assert TYPED_DATE not in result.output
    assert f"{option}: not a date; use YYYY-MM-DD" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_unknown_note_session_id_is_not_repeated(tmp_path: Path) -> None:
    """`note FILE --session ID` with an id not in the file does not repeat the id typed."""
    transcript = tmp_path / "t.txt"
    transcript.write_text("Therapist: Hello.\nClient: Fine, thanks.\n", encoding="utf-8")
    typed = "ottoline-vance-2026-03-14"
    result = runner.invoke(app, ["note", str(transcript), "--session", typed])
    assert result.exit_code == 2
    assert typed not in result.output
    assert "--session: no session with that id in the file" in result.stderr


@pytest.mark.parametrize(
    ("args", "listing"),
    [
        (["insights", "client:Ottoline"], "`alliancelens clients list`"),
        (["insights", "client:abc", "--trends"], "`alliancelens clients list`"),
        (["insights", "session:abc"], "`alliancelens sessions list CLIENT`"),
        (["note", "session:Ottoline"], "`alliancelens sessions list CLIENT`"),
    ],
    ids=["insights-client-name", "insights-client-trends", "insights-session", "note-session"],
)
def test_target_prefix_without_an_id_says_how_to_name_a_record(
    home: Path, args: list[str], listing: str
) -> None:
    """`client:abc` is one line naming the target kind and where ids are listed, not a file."""
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    kind = args[1].split(":")[0]
    assert f"{kind}:…: a stored {kind} is named by its id number, as {kind}:ID" in lines[0]
    assert listing in lines[0]
    assert "cannot read the file" not in lines[0]
    assert args[1].split(":")[1] not in result.output
