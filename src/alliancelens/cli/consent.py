"""Consent commands: ``consent grant``, ``consent withdraw`` and ``consent show``.

Consents are recorded per client and kind (recording, analysis, supervision sharing); import
needs recording consent and analysis needs analysis consent (docs/security.md).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from alliancelens import services
from alliancelens.cli._app import app
from alliancelens.cli._consent_view import consent_lines, consent_rows, corrections_of
from alliancelens.cli._errors import fail, parse_day, user_errors
from alliancelens.cli._store import AsOpt, ClientArg, JsonOpt, echo_json, opened
from alliancelens.storage import ConsentKind

__all__ = ["consent_app", "consent_grant", "consent_show", "consent_withdraw"]

consent_app = typer.Typer(
    help="Record, withdraw and show a client's consents.", no_args_is_help=True
)
app.add_typer(consent_app, name="consent")

KindArg = Annotated[ConsentKind, typer.Argument(help="Which consent.", case_sensitive=False)]
OnOpt = Annotated[
    str | None,
    typer.Option(
        "--on",
        "--date",
        help="Date (YYYY-MM-DD); default today. --date is the same option.",
        show_default=False,
    ),
]


@consent_app.command("grant")
def consent_grant(
    client: ClientArg,
    kind: KindArg,
    on: OnOpt = None,
    correct_start: Annotated[
        bool,
        typer.Option(
            "--correct-start",
            help="Move the start of the grant already recorded to --on (a correction, audited "
            "with both dates; not a withdrawal).",
        ),
    ] = False,
    as_user: AsOpt = None,
) -> None:
    """Record that the client gave this consent (from --on, default today; never later)."""
    if correct_start and on is None:
        # a correction needs the real start date; defaulting to today would move it silently
        raise fail("--correct-start needs --on DATE: the day the consent was really given")
    with user_errors(), opened(as_user) as (database, actor, _):
        record = services.grant_consent(
            database,
            actor,
            client_id=client,
            kind=kind,
            on=parse_day(on, "--on"),
            correct_start=correct_start,
        )
    done = "consent start corrected to" if correct_start else "consent recorded from"
    typer.echo(f"client {client}: {kind} {done} {record.granted_on}")


@consent_app.command("withdraw")
def consent_withdraw(
    client: ClientArg, kind: KindArg, on: OnOpt = None, as_user: AsOpt = None
) -> None:
    """Withdraw a consent (on --on, default today: not before its grant, not later than today)."""
    with user_errors(), opened(as_user) as (database, actor, _):
        cancelled = services.withdraw_consent(
            database, actor, client_id=client, kind=kind, on=parse_day(on, "--on")
        )
        stored = (
            [s.id for s in services.list_sessions(database, actor, client_id=client)]
            if kind is ConsentKind.RECORDING
            else []
        )
    typer.echo(f"client {client}: {kind} consent withdrawn; {cancelled} queued job(s) cancelled")
    if stored:
        ids = ", ".join(str(i) for i in stored)
        typer.echo(
            f"client {client} still has {len(stored)} stored session(s): {ids}; withdrawing "
            "recording consent deletes none of them. Delete each one the client withdrew with "
            "`alliancelens sessions delete SESSION` (or every record: `alliancelens "
            f"delete-client {client}`)"
        )


@consent_app.command("show")
def consent_show(client: ClientArg, as_user: AsOpt = None, as_json: JsonOpt = False) -> None:
    """Show every consent grant and withdrawal of a client (and whether it is in force today).

    Each grant's start corrections are listed too (administrators: read from the audit log).
    """
    with user_errors(), opened(as_user) as (database, actor, _):
        history = services.consent_history(database, actor, client_id=client)
        corrections = corrections_of(database, actor, client)
    rows = consent_rows(history, corrections, dt.datetime.now(dt.UTC).date())
    if as_json:
        echo_json(rows)
        return
    for line in consent_lines(rows, client):
        typer.echo(line)
