"""Whole-record commands: ``export`` (subject access) and ``delete-client`` (erasure)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from alliancelens import services
from alliancelens.cli._app import app
from alliancelens.cli._counts import counted
from alliancelens.cli._errors import stderr, user_errors
from alliancelens.cli._output import write_output
from alliancelens.cli._store import AsOpt, ClientArg, opened

__all__ = ["delete_client", "export"]


@app.command()
def export(
    client: ClientArg,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file (mode 0600).")
    ] = None,
    as_user: AsOpt = None,
) -> None:
    """Export a client's whole record as JSON (decrypted: keep the file safe)."""
    with user_errors(), opened(as_user) as (database, actor, _):
        record = services.export_client(database, actor, client_id=client)
    text = json.dumps(record, indent=2, ensure_ascii=False) + "\n"
    if output is None:
        typer.echo(text, nl=False)
        return
    write_output(output, text, mode=0o600)
    stderr.print(f"client {client} exported to {output}", highlight=False)


@app.command("delete-client")
def delete_client(
    client: ClientArg,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    as_user: AsOpt = None,
) -> None:
    """Delete a client and everything stored about them (cannot be undone)."""

    def ask() -> bool:  # asked only once the acting user may delete this client
        answer: bool = typer.confirm(
            f"Delete client {client} and all their sessions, analyses and forms?"
        )
        return answer

    with user_errors(), opened(as_user) as (database, actor, _):
        report = services.delete_client(
            database, actor, client_id=client, confirm=None if yes else ask
        )
    typer.echo(f"client {client} deleted{counted(report.counts)}")
