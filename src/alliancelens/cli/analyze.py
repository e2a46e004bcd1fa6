"""``alliancelens analyze`` and ``alliancelens demo``."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from alliancelens import report, services
from alliancelens.cli._app import app
from alliancelens.cli._errors import (
    EXIT_ANALYSER_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    fail,
    stderr,
    user_errors,
)
from alliancelens.cli._output import report_console, write_output
from alliancelens.cli._render import render_batch
from alliancelens.domain import RunStatus

__all__ = ["analyze", "demo"]

FilesArg = Annotated[
    list[Path],
    typer.Argument(help="Transcript files (.txt .vtt .srt .json .csv .docx).", show_default=False),
]
FormatOpt = Annotated[
    str | None,
    typer.Option("--format", "-f", help="Read every file as this format (see `formats`)."),
]
TherapistOpt = Annotated[
    list[str] | None,
    typer.Option("--therapist", help="Speaker label of the therapist (repeatable)."),
]
ClientOpt = Annotated[
    list[str] | None,
    typer.Option("--client", help="Speaker label of a client (repeatable)."),
]
JsonOpt = Annotated[
    bool, typer.Option("--json", help="Print the versioned JSON report (`schema` shows it).")
]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write the report to this file instead of the terminal."),
]


@app.command()
def analyze(
    files: FilesArg,
    format: FormatOpt = None,
    therapist: TherapistOpt = None,
    client: ClientOpt = None,
    as_json: JsonOpt = False,
    output: OutputOpt = None,
) -> None:
    """Analyse transcripts and print a report (or JSON with --json)."""
    with user_errors():
        batch = services.analyse_paths(
            files, format=format, therapists=therapist or [], clients=client or []
        )
        _emit(batch, as_json=as_json, output=output)
    _finish(batch)


@app.command()
def demo(as_json: JsonOpt = False, output: OutputOpt = None) -> None:
    """Analyse the synthetic demo sessions shipped with AllianceLens."""
    with user_errors():
        if not services.demo_files():
            raise fail("the demo data is missing from this installation; reinstall the package")
        batch = services.analyse_demo()
        _emit(batch, as_json=as_json, output=output)
    # --- client-rated measures of the demo clients (issue 5): alerts and expected response -----
    if not as_json and output is None:
        from alliancelens.cli.measures import render_demo_measures  # noqa: PLC0415

        render_demo_measures(report_console())
    # --- end of measures ---------------------------------------------------------------------
    _finish(batch)


def _emit(batch: services.AnalysisBatch, *, as_json: bool, output: Path | None) -> None:
    """Print or write the report; reader warnings always go to stderr (docs/cli.md).

    The terminal report leaves them out of stdout (QA42 #11: `analyze > report.txt` hid them)
    and prints them after the report, where they are seen; a report written with ``-o`` keeps
    them under each session, as the JSON report keeps them in ``warnings``.
    """
    if as_json or output is not None:
        _warn(batch)
    if as_json:
        text = json.dumps(report.batch_to_json(batch), indent=2, ensure_ascii=False) + "\n"
    elif output is not None:
        # rendered into a string (QA34 #1: capture() with record=True had written an empty file)
        buffer = io.StringIO()
        render_batch(report_console(file=buffer, width=120, force_terminal=False), batch)
        text = buffer.getvalue()
    else:
        render_batch(report_console(), batch, warnings=False)
        _warn(batch)
        text = ""
    if output is not None:
        # transcript quotes, names and risk lines: owner-only, like export and note (QA34 #2)
        write_output(output, text, mode=0o600)
        stderr.print(f"report written to {output}", highlight=False)
    elif as_json:
        typer.echo(text, nl=False)


def _warn(batch: services.AnalysisBatch) -> None:
    """Every file's reader warnings on stderr (they name sessions by position, never by id)."""
    for file in batch.files:
        for warning in file.ingest.all_warnings:
            stderr.print(f"[yellow]warning:[/] {escape(warning)}")


def _finish(batch: services.AnalysisBatch) -> None:
    for failure in batch.failures:
        stderr.print(f"[bold red]error:[/] {escape(failure.message)} \\[{failure.code}]")
    if batch.failures:
        raise typer.Exit(EXIT_USAGE)
    if any(run.status is not RunStatus.OK for r in batch.results for run in r.runs):
        raise typer.Exit(EXIT_ANALYSER_FAILED)
    raise typer.Exit(EXIT_OK)
