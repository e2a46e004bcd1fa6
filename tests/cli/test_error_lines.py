"""Error lines print user values exactly as typed: no emoji codes, no markup (QA39 #10)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from alliancelens.cli import app
from alliancelens.cli._errors import fail, stderr

runner = CliRunner()


@pytest.mark.parametrize(
    "name",
    ["notes:smile:.txt", "a:cry:b.txt", "[bold]x[/bold]:thumbs_up:.txt", "client:abc:.txt"],
)
def test_missing_file_is_named_as_typed(name: str) -> None:
    """A file name holding ``:emoji:`` codes or markup is quoted verbatim in the error line."""
    result = runner.invoke(app, ["analyze", f"missing/{name}"])
    assert result.exit_code == 2
    assert f"missing/{name}: cannot read the file" in result.output


@pytest.mark.parametrize("value", [":smile:", ":red_heart: [red]x[/red]"])
def test_fail_keeps_emoji_codes(capsys: pytest.CaptureFixture[str], value: str) -> None:
    """``fail`` prints the message's emoji codes and brackets unchanged on stderr."""
    exit_ = fail(f"--option {value}: not allowed")
    assert exit_.exit_code == 2
    assert f"--option {value}: not allowed" in capsys.readouterr().err


def test_error_console_has_emoji_off() -> None:
    """The shared stderr console never replaces ``:name:`` codes (also for callers' own lines)."""
    with stderr.capture() as captured:
        stderr.print("saved to out:smile:.csv", markup=False)
    assert captured.get() == "saved to out:smile:.csv\n"
