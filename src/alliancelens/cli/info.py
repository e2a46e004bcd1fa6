"""``alliancelens formats`` and ``alliancelens schema``."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from alliancelens import ingest, report
from alliancelens.cli._app import app
from alliancelens.cli._output import report_console

__all__ = ["formats", "schema"]


@app.command()
def formats(
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable list.")] = False,
) -> None:
    """List the transcript formats AllianceLens reads."""
    readers = ingest.formats()
    if as_json:
        rows = [
            {"name": r.name, "suffixes": list(r.suffixes), "description": r.description}
            for r in readers.values()
        ]
        typer.echo(json.dumps(rows, indent=2))
        return
    table = Table(title="Transcript formats (auto-detected; force one with --format)")
    table.add_column("Format")
    table.add_column("Suffixes")
    table.add_column("Description")
    for reader in readers.values():
        table.add_row(reader.name, " ".join(reader.suffixes), reader.description)
    report_console().print(table)


@app.command()
def schema() -> None:
    """Print the JSON Schema that `analyze --json` output follows."""
    typer.echo(json.dumps(report.load_schema(), indent=2))
