"""Report consoles print transcript values as typed: no emoji codes, no markup (rich defaults).

The transcript is synthetic, written for this test.
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from alliancelens.cli import app

runner = CliRunner()


def test_analyze_report_shows_emoji_codes_and_brackets_literally(tmp_path: Path) -> None:
    """Labels, session id, modality and file name with ":smile:"/"[bold]" print as typed."""
    folder = tmp_path / "notes :wave: [bold]x"
    folder.mkdir()
    transcript = folder / "s :smile:.json"
    document = {
        "schema": "alliancelens.transcript/1",
        "id": "intake :smile: [bold]one",
        "modality": "video :thumbsup: [bold]call",
        "speakers": [
            {"label": "Dr Ione :smile:", "role": "therapist"},
            {"label": "Pell [bold]Q", "role": "client"},
        ],
        "utterances": [
            {"speaker": "Dr Ione :smile:", "text": "How has the week been since we met?"},
            {"speaker": "Pell [bold]Q", "text": "I said :smile: to him [bold]and then left."},
            {"speaker": "Dr Ione :smile:", "text": "It sounds like that moment stayed with you."},
            {"speaker": "Pell [bold]Q", "text": "It did. It was a long day at the yard."},
        ],
    }
    transcript.write_text(json.dumps(document), encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(transcript)], env={"COLUMNS": "250"})
    assert result.exit_code in {0, 3}, result.output
    for literal in (
        "Dr Ione :smile:",
        "Pell [bold]Q",
        "intake :smile: [bold]one",
        "video :thumbsup: [bold]call",
        "notes :wave: [bold]x",
        "s :smile:.json",
    ):
        assert literal in result.stdout, literal
    assert not {"\U0001f604", "\U0001f44b", "\U0001f44d"} & set(result.stdout)


def test_report_helpers_keep_emoji_codes() -> None:
    """report_console() and markup_text() never turn ":smile:" into an emoji."""
    from alliancelens.cli._output import markup_text, report_console

    console = report_console(record=True, width=80)
    console.print("I said :smile: to him")
    console.print(markup_text("[dim]I said :smile: to him[/]"))
    assert console.export_text() == "I said :smile: to him\nI said :smile: to him\n"
