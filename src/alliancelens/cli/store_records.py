"""Whole-record commands: ``export``, ``delete-client`` and ``erased-clients``.

``export`` is the subject access export, ``delete-client`` the erasure, and ``erased-clients``
checks the erasure register against the store (after a restore).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from alliancelens import services
from alliancelens.cli._app import app
from alliancelens.cli._counts import counted
from alliancelens.cli._errors import fail, stderr, user_errors
from alliancelens.cli._output import reserved_output
from alliancelens.cli._store import AsOpt, ClientArg, JsonOpt, echo_json, opened

if TYPE_CHECKING:
    from alliancelens.records.deletion import ClientErasure

__all__ = ["delete_client", "erased_clients", "export"]


@app.command()
def export(
    client: ClientArg,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file (mode 0600).")
    ] = None,
    as_user: AsOpt = None,
) -> None:
    """Export a client's whole record as JSON (decrypted: keep the file safe)."""
    # The output file is created (empty, hidden) first, so a directory, a missing folder or a
    # folder we may not create files in is refused before anything is read or audited (QA39
    # #5). It is filled and fsynced inside the audited transaction, before the `export` entry:
    # a write that fails (a full disk) leaves no entry; the rename follows the commit.
    with reserved_output(output) as reserved:
        with user_errors(), opened(as_user) as (database, actor, _):
            if reserved is None:
                record = services.export_client(database, actor, client_id=client)
            else:
                services.export_client(
                    database,
                    actor,
                    client_id=client,
                    deliver=lambda found: reserved.fill(_json(found), mode=0o600),
                )
        if reserved is None:
            typer.echo(_json(record), nl=False)
            return
        reserved.commit(failed_note=_EXPORT_AUDITED)
    stderr.print(f"client {client} exported to {output}", highlight=False, markup=False)


def _json(record: dict[str, Any]) -> str:
    return json.dumps(record, indent=2, ensure_ascii=False) + "\n"


#: Said when the filled export file could not be moved into place after the audit entry was
#: committed (a rename that fails in the file's own folder: rare).
_EXPORT_AUDITED = " (the audit log records this export)"


@app.command("delete-client")
def delete_client(
    client: ClientArg,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    as_user: AsOpt = None,
) -> None:
    """Delete a client and everything stored about them (cannot be undone).

    Also deleted: the journal entries about the client's sessions. The client's id is added to
    the erasure register (data folder, ids only). Journal entries about no session are private
    to their authors and are not searched: the command says whom to ask.
    """
    from alliancelens.records.deletion import erase_client  # noqa: PLC0415 - start-up time

    def ask() -> bool:  # asked only once the acting user may delete this client
        answer: bool = typer.confirm(
            f"Delete client {client} and all their sessions, analyses and forms?"
        )
        return answer

    with user_errors(), opened(as_user) as (database, actor, _):
        report = erase_client(database, actor, client_id=client, confirm=None if yes else ask)
    typer.echo(f"client {client} deleted{counted(report.counts)}")
    _erasure_notes(report)


def _erasure_notes(report: ClientErasure) -> None:
    """What the erasure could not reach, and the register line (or why it is missing)."""
    from alliancelens.records.deletion import register_line  # noqa: PLC0415 - start-up time

    if report.register_error is not None:
        stderr.print(
            f"warning: client {report.client_id} is deleted, but the erasure register "
            f"{report.register} could not be written ({report.register_error}); add this "
            f"line to it by hand (tab-separated): {register_line(report.erasure).strip()}",
            markup=False,
        )
    else:
        stderr.print(
            f"erasure register: client {report.client_id} added to {report.register}",
            markup=False,
        )
    authors = ", ".join(f"user {t} ({n})" for t, n in report.unlinked_journal.items())
    stderr.print(
        "note: journal entries about no session are private to the therapist who wrote them "
        "and were not searched; they may still name the client. Ask the client's therapists to "
        "run `alliancelens journal search NAME` and `alliancelens journal delete ID` "
        "(or use the journal page's search)."
        + (f" Therapists with such entries: {authors}." if authors else ""),
        markup=False,
    )


@app.command("erased-clients")
def erased_clients(
    delete_again: Annotated[
        bool,
        typer.Option(
            "--delete-again", help="Delete again the erased clients a restore brought back."
        ),
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    as_user: AsOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """After restoring a backup: erased clients (erasure register) that are in the store again."""
    from alliancelens.records.deletion import (  # noqa: PLC0415 - start-up time
        erase_client,
        restored_erasures,
    )

    with user_errors(), opened(as_user) as (database, actor, _):
        found = restored_erasures(database, actor)
        if delete_again and found.restored and not yes:
            ids = ", ".join(str(e.client_id) for e in found.restored)
            if not typer.confirm(f"Delete clients {ids} again (erased before, restored since)?"):
                raise fail("cancelled: no client was deleted; nothing was changed")
        deleted = [
            erase_client(database, actor, client_id=e.client_id)
            for e in (found.restored if delete_again else [])
        ]
    if as_json:
        echo_json(
            {
                "register": str(found.register),
                "entries": found.entries,
                "restored": [e.client_id for e in found.restored],
                "reused": [e.client_id for e in found.reused],
                "deleted_again": [d.client_id for d in deleted],
            }
        )
        return
    typer.echo(f"erasure register {found.register}: {found.entries} erasure(s)")
    for e in found.restored:
        done = " — deleted again" if delete_again else ""
        typer.echo(
            f"client {e.client_id} (erased {e.deleted_at:%Y-%m-%d}) is in the store again{done}"
        )
    for e in found.reused:
        typer.echo(
            f"client id {e.client_id} (erased {e.deleted_at:%Y-%m-%d}) now names another client "
            "(created after a restore); the erased client is not there"
        )
    if not found.restored:
        typer.echo("no erased client is in the store")
    elif not delete_again:
        typer.echo("delete them again: alliancelens erased-clients --delete-again")
