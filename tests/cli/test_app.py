"""How the command line ends: one-line usage errors, cancelled prompts, closed pipes, help order."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from alliancelens.cli import app
from alliancelens.cli._app import EVERYDAY_COMMANDS

runner = CliRunner()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["consent", "grant", "1", "recordings"],
            "error: Invalid value for 'KIND': 'recordings' is not one of 'recording', 'analysis', "
            "'supervision-sharing'; see `alliancelens consent grant --help`",
        ),
        (
            ["analyze", "--no-such-option", "x.txt"],
            "error: No such option: --no-such-option; see `alliancelens analyze --help`",
        ),
        (["analyze"], "error: Missing argument 'FILES'; see `alliancelens analyze --help`"),
    ],
    ids=["bad-choice", "unknown-option", "missing-argument"],
)
def test_usage_errors_are_one_plain_line(args: list[str], expected: str) -> None:
    """A usage error is one line naming --help, exit 2, without a box or 'Value error'."""
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr.strip() == expected
    assert "Value error" not in result.output and "╭" not in result.output


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("", "error: cancelled at the prompt (no answer was given); nothing was changed"),
        ("n\n", "error: cancelled: client 1 was not deleted; nothing was changed [AL001]"),
    ],
    ids=["end-of-input", "no"],
)
def test_a_cancelled_confirmation_exits_2_with_one_line(
    answer: str, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """delete-client without an answer, or answered 'no', ends with one line saying which, and
    exit 2; the client stays."""
    for name in [n for n in os.environ if n.startswith("ALLIANCELENS_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("ALLIANCELENS_HOME", str(tmp_path / "home"))
    assert runner.invoke(app, ["init"]).exit_code == 0
    monkeypatch.setenv("ALLIANCELENS_NEW_PASSWORD", "a long enough passphrase")
    assert runner.invoke(app, ["users", "add", "dr-owner", "--role", "therapist"]).exit_code == 0
    owned = ["clients", "add", "Quillon Vaz", "--therapist", "dr-owner"]
    assert runner.invoke(app, owned).exit_code == 0
    result = runner.invoke(app, ["delete-client", "1"], input=answer)
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [expected]
    assert "Quillon Vaz" in runner.invoke(app, ["clients", "list"]).stdout


def test_a_closed_output_pipe_ends_quietly_with_141() -> None:
    """Output into a pipe whose reader has gone exits 141 with nothing on stderr."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [sys.executable, "-c", "from alliancelens.cli import main; main()", "formats"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            check=False,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (141, b"")


def test_help_lists_everyday_commands_first_with_plain_placeholders() -> None:
    """Top-level help starts with analyze, demo …; command help shows FILES... and no <bool>."""
    group = typer.main.get_command(app)
    commands = group.list_commands(typer.Context(group))  # the order help lists them in
    assert tuple(commands[: len(EVERYDAY_COMMANDS)]) == EVERYDAY_COMMANDS
    assert sorted(commands) == sorted(set(commands)) and "purge-expired" in commands
    analyze = runner.invoke(app, ["analyze", "--help"], terminal_width=120).stdout
    assert "alliancelens analyze [OPTIONS] FILES..." in analyze
    assert "<bool>" not in analyze and "list[" not in analyze and "{files}" not in analyze


def test_users_add_without_a_terminal_names_the_password_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No terminal and no ALLIANCELENS_NEW_PASSWORD: one line naming the variable, exit 2."""
    monkeypatch.delenv("ALLIANCELENS_NEW_PASSWORD", raising=False)
    result = runner.invoke(app, ["users", "add", "dr-lee", "--role", "therapist"], input="")
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "ALLIANCELENS_NEW_PASSWORD" in lines[0]
    assert "echoed" not in result.output
