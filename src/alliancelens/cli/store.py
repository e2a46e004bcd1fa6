"""Record-store commands.

``init`` and ``clients`` (including ``clients record-measure``); ``consent`` is in
:mod:`alliancelens.cli.consent`, ``import`` in :mod:`alliancelens.cli.store_import`, ``export``
and ``delete-client`` in :mod:`alliancelens.cli.store_records`.

Client names are shown only where the acting user may see them; messages refer to clients by
internal id.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from alliancelens import services
from alliancelens.cli._app import app
from alliancelens.cli._errors import fail, stderr, user_errors
from alliancelens.cli._output import report_console
from alliancelens.cli._store import AsOpt, ClientArg, JsonOpt, echo_json, opened
from alliancelens.security.policy import Role

if TYPE_CHECKING:
    from alliancelens.security.policy import Actor
    from alliancelens.storage import Database

__all__ = ["ClientArg", "clients_app", "init"]

clients_app = typer.Typer(
    help="Add and list clients (names are stored encrypted).", no_args_is_help=True
)
app.add_typer(clients_app, name="clients")

#: Schema revision whose release changed the dashboard's sign-in cookie (account stamps): an
#: upgrade from an older schema ends every existing sign-in once (docs/deployment.md, section 11).
SIGN_IN_FORMAT_REVISION = "0011"


@app.command()
def init(as_json: JsonOpt = False) -> None:
    """Create (or upgrade) the encrypted store: data directory, key file, database schema."""
    from alliancelens.config import load_settings  # noqa: PLC0415 - keeps start-up fast
    from alliancelens.storage.engine import redact_url  # noqa: PLC0415 - loads SQLAlchemy

    with user_errors():
        settings = load_settings()
        done = services.initialise_store(settings)
        done.database.close()
        info = {
            "home": str(settings.home),
            "database": redact_url(settings.resolved_database_url),
            "key": "ALLIANCELENS_KEY" if settings.key else str(settings.resolved_key_file),
            "created": done.created,
            "upgraded_from": done.upgraded_from,
            "sign_ins_ended": done.upgraded_from is not None
            and done.upgraded_from < SIGN_IN_FORMAT_REVISION,
            "outdated_sessions": list(done.outdated.outdated),
            "outdated_purged_sessions": list(done.outdated.purged),
        }
    if as_json:
        echo_json(info)
        return
    if done.upgraded_from is not None:
        typer.echo(
            f"upgraded from schema {done.upgraded_from} to {done.upgraded_to}: {info['database']}"
        )
        if info["sign_ins_ended"]:
            typer.echo(
                "web sign-ins from before this upgrade no longer work: everyone signs in to the "
                "dashboard again once (tell your staff)"
            )
    else:
        typer.echo(f"{'created' if done.created else 'up to date'}: {info['database']}")
    typer.echo(f"encryption key: {info['key']} (back it up: without it the data cannot be read)")
    _echo_outdated(done.outdated.outdated, done.outdated.purged)


def _echo_outdated(outdated: tuple[int, ...], purged: tuple[int, ...]) -> None:
    """Say how many stored analyses older analyser versions made, and how to refresh them."""
    if outdated:
        typer.echo(
            f"{len(outdated)} stored session(s) have an analysis made with older analyser "
            "versions; re-analyse them with `alliancelens sessions reanalyse --outdated`"
        )
    if purged:
        typer.echo(
            f"{len(purged)} purged session(s) keep an outdated analysis (their text is gone, "
            "so they cannot be re-analysed)"
        )


@clients_app.command("add")
def clients_add(
    name: Annotated[str, typer.Argument(help="The client's name (stored encrypted).")],
    identifier: Annotated[
        str | None, typer.Option("--identifier", help="Your record number for the client.")
    ] = None,
    therapist: Annotated[
        str | None, typer.Option("--therapist", help="User name of the owning therapist.")
    ] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="Free-text notes.")] = None,
    as_user: AsOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Add a client; prints its internal id (use the id in every other command)."""
    with user_errors(), opened(as_user) as (database, actor, _):
        if actor.role is Role.ADMIN and therapist is None:
            raise fail(
                "an administrator must name the owning therapist with --therapist USER "
                "(a client without one is visible to no therapist)"
            )
        client = services.create_client(
            database, actor, name=name, identifier=identifier, notes=notes, therapist=therapist
        )
    if as_json:
        echo_json({"id": client.id, "therapist_id": client.therapist_id})
    else:
        typer.echo(f"client {client.id} added")


@clients_app.command("list")
def clients_list(as_user: AsOpt = None, as_json: JsonOpt = False) -> None:
    """List the clients you may see (all for admins, your own for therapists)."""
    with user_errors(), opened(as_user) as (database, actor, settings):
        clients = services.list_clients(database, actor)
        names = _therapist_names(database, actor, as_user or settings.user)
    if as_json:
        echo_json(
            [
                {
                    "id": c.id,
                    "name": c.name,
                    "identifier": c.identifier,
                    "therapist_id": c.therapist_id,
                    "therapist": names.get(c.therapist_id),
                }
                for c in clients
            ]
        )
        return
    table = Table(title=f"{len(clients)} client(s)")
    for column in ("id", "name", "identifier", "therapist"):
        table.add_column(column)
    for c in clients:
        table.add_row(str(c.id), c.name, c.identifier or "", names.get(c.therapist_id, ""))
    report_console().print(table)


def _therapist_names(database: Database, actor: Actor, user: str | None) -> dict[int | None, str]:
    """Owning therapists' user names by id (a therapist lists only their own clients)."""
    if actor.role is Role.ADMIN:
        return {u.id: u.username for u in services.list_users(database, actor)}
    return {actor.user_id: user} if user and actor.user_id is not None else {}


@clients_app.command("record-measure")
def clients_record_measure(
    client: ClientArg,
    measure: Annotated[str, typer.Argument(help="Measure name or alias, e.g. phq-9.")],
    items: Annotated[
        list[str], typer.Argument(help="One response per item in form order (NA: left blank).")
    ],
    date: Annotated[
        str | None,
        typer.Option(
            "--date", help="Day completed (YYYY-MM-DD); default today.", show_default=False
        ),
    ] = None,
    session: Annotated[
        int | None,
        typer.Option(
            "--session",
            help="Link to this stored session id; default: the client's one session of the "
            "form's date, when exactly one has it (as the dashboard).",
            show_default=False,
        ),
    ] = None,
    no_session: Annotated[
        bool,
        typer.Option("--no-session", help="Leave the form unlinked to any session."),
    ] = False,
    free_text: Annotated[
        str | None, typer.Option("--free-text", help="A free-text answer (stored encrypted).")
    ] = None,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Correct an entry: replace the stored form of this measure for the same date, "
            "session and respondent (without it, a second copy is refused).",
        ),
    ] = False,
    population: Annotated[
        str | None,
        typer.Option(
            "--population",
            help="adult, adolescent, child or caregiver (selects cut-offs and rules); default: "
            "the client's most recent stored form, else adult.",
            show_default=False,
        ),
    ] = None,
    completed_by: Annotated[
        str,
        typer.Option(
            "--completed-by",
            help="Who filled it in: client, caregiver, therapist, other. Each respondent's "
            "forms are their own series (e.g. a caregiver's ORS next to the child's).",
        ),
    ] = "client",
    as_user: AsOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Record a completed measure form; prints its score and the alerts it raises for review."""
    from alliancelens.errors import UsageError  # noqa: PLC0415 - keeps start-up fast

    with user_errors():
        if session is not None and no_session:
            raise UsageError("--session and --no-session: give one of them, not both")
        day = _form_day(date)
    with user_errors(), opened(as_user) as (database, actor, _):
        recorded = services.record_measure(
            database,
            actor,
            client_id=client,
            measure=measure,
            items=items,
            date=day,
            session_id=session,
            free_text=free_text,
            replace=replace,
            population=population,
            completed_by=completed_by,
            link_same_day=not no_session,
        )
    from alliancelens.cli._render_measures import print_recorded, recorded_json  # noqa: PLC0415

    if as_json:
        echo_json(recorded_json(recorded))
        return
    print_recorded(client, recorded)


def _form_day(text: str | None) -> dt.date | None:
    """``--date`` as a date; the refusal never repeats the value (QA38 #7: it may be a birthday)."""
    from alliancelens.errors import UsageError  # noqa: PLC0415 - keeps start-up fast

    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            "--date: not a date; give the day the form was completed as YYYY-MM-DD "
            "(e.g. 2026-11-17)"
        ) from None


@clients_app.command("form-link")
def clients_form_link(
    client: ClientArg,
    measure: Annotated[str, typer.Argument(help="An administrable measure, e.g. phq-9.")],
    hours: Annotated[float, typer.Option("--hours", help="Hours until the link expires.")] = 72,
    as_user: AsOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Create an expiring one-time link for the client to fill in a form; prints its token."""
    with user_errors(), opened(as_user) as (database, actor, _):
        link = services.create_form_link(
            database, actor, client_id=client, measure=measure, hours=hours
        )
    if as_json:
        echo_json(
            {
                "id": link.id,
                "measure": link.measure,
                "token": link.token,
                "expires_at": link.expires_at.isoformat(),
            }
        )
        return
    typer.echo(link.token)
    stderr.print(
        f"client {client}: one-time {link.measure} link {link.id}, valid until "
        f"{link.expires_at:%Y-%m-%d %H:%M} UTC (the token is shown only now)",
        highlight=False,
    )
