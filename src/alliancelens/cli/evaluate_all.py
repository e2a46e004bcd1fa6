"""``alliancelens evaluate all``: every evaluation that applies to the corpora under one folder.

Thin over :mod:`alliancelens.evaluation.all_eval`. Exit code 0 when at least one evaluation ran
(missing corpora and failed evaluations are reported in the output), 2 when nothing could be
evaluated or the folder or an output path cannot be used.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from alliancelens.cli._errors import EXIT_USAGE, fail, user_errors
from alliancelens.cli._groups import evaluate_app
from alliancelens.cli._output import check_output, progress_steps, report_console, write_output

if TYPE_CHECKING:
    from alliancelens.evaluation.all_eval import SuiteReport

__all__ = ["evaluate_all_cmd"]

_STYLE = {"met": "green", "missed": "bold red", "failed": "bold red"}


@evaluate_app.command("all")
def evaluate_all_cmd(
    data_root: Annotated[
        Path,
        typer.Option(
            "--data-root",
            help="Folder holding annomi/, epitome/, mibot/ and/or ruptures-examples/.",
            show_default=False,
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the full report as JSON.")] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Also write the JSON report here.")
    ] = None,
    markdown: Annotated[
        Path | None, typer.Option("--markdown", help="Also write the tables as Markdown here.")
    ] = None,
    speed: Annotated[
        bool, typer.Option("--speed", help="Also time the default pipeline on 600 utterances.")
    ] = False,
    held_out: Annotated[
        bool,
        typer.Option(
            "--held-out",
            help="State that the data was not used to develop AllianceLens: the report is then "
            "headed 'independent' (never for the shipped development corpora, which are "
            "recognised by content and marked 'development data (optimistic)').",
        ),
    ] = False,
) -> None:
    """Run every evaluation that applies to the corpora found, with the shipped models."""
    from alliancelens.evaluation.all_eval import (  # noqa: PLC0415 - keep CLI start fast
        evaluate_all,
        to_json,
        to_markdown,
    )

    with user_errors():
        if output is not None:
            check_output(output)
        if markdown is not None:
            check_output(markdown, "--markdown")
        with progress_steps("evaluating") as step:
            report = evaluate_all(data_root, speed=speed, progress=step, held_out=held_out)
        text = to_json(report)
        if output is not None:
            write_output(output, text)
        if markdown is not None:
            write_output(markdown, to_markdown(report), option="--markdown")
    if as_json:
        typer.echo(text, nl=False)
    else:
        _print(report_console(), report)
    if report.evaluated == 0:
        raise fail(f"--data-root {data_root}: nothing could be evaluated", EXIT_USAGE)


def _print(console: Console, report: SuiteReport) -> None:
    from alliancelens.evaluation.all_eval import headline_rows  # noqa: PLC0415

    console.print(
        f"{report.title}: AllianceLens {report.version}, {report.date}, "
        f"{report.evaluated} evaluation(s) in {report.seconds:.0f} s"
    )
    for corpus in report.corpora:
        if not corpus.found:
            console.print(f"[bold]{corpus.name}[/]: {escape(corpus.status)}")
            continue
        dev = " (development data: optimistic)" if corpus.development else ""
        table = Table(title=f"{corpus.name}: {corpus.status}{dev}", title_justify="left")
        for column in ("evaluation", "measure", "value", "target", ""):
            table.add_column(column, overflow="fold")  # long paths fold, never "…"
        for *cells, verdict in headline_rows(corpus):
            plain = verdict.split(" ", 1)[0]  # "met on development data (optimistic)" -> met
            style = _STYLE.get(plain, _STYLE["failed"] if cells[1] == "failed" else "")
            style = "yellow" if "development data" in verdict else style
            shown = escape(verdict)
            table.add_row(*map(escape, cells), f"[{style}]{shown}[/]" if style else shown)
        console.print(table)
        for run in corpus.evaluations:
            for note in run.notes:
                console.print(f"  [dim]{run.name}: {escape(note)}[/]")
    digests = ", ".join(f"{k} {(v or 'unreadable')[:12]}…" for k, v in report.models.items())
    console.print(f"[dim]Models (SHA-256): {digests}[/]")
