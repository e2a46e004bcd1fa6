"""Record-store commands.

``init``, ``clients`` (including ``clients record-measure``), ``consent``, ``import``,
``export`` and ``delete-client``.

Client names are shown only where the acting user may see them; messages refer to clients by
internal id.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from alliancelens import services
from alliancelens.cli._app import app
from alliancelens.cli._consent_view import consent_lines, consent_rows, corrections_of
from alliancelens.cli._counts import counted
from alliancelens.cli._errors import fail, parse_day, stderr, user_errors
from alliancelens.cli._output import write_output
from alliancelens.cli._store import AsOpt, JsonOpt, echo_json, opened
from alliancelens.security.policy import Role
from alliancelens.storage import ConsentKind

if TYPE_CHECKING:
    from alliancelens.records import ImportReport
    from alliancelens.security.policy import Actor
    from alliancelens.storage import Database

__all__ = ["clients_app", "consent_app", "delete_client", "export", "import_file", "init"]

clients_app = typer.Typer(
    help="Add and list clients (names are stored encrypted).", no_args_is_help=True
)
consent_app = typer.Typer(
    help="Record, withdraw and show a client's consents.", no_args_is_help=True
)
app.add_typer(clients_app, name="clients")
app.add_typer(consent_app, name="consent")

ClientArg = Annotated[int, typer.Argument(help="Internal client id (see `clients list`).")]
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
    Console().print(table)


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
        int | None, typer.Option("--session", help="Link to this stored session id.")
    ] = None,
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
    with user_errors(), opened(as_user) as (database, actor, _):
        recorded = services.record_measure(
            database,
            actor,
            client_id=client,
            measure=measure,
            items=items,
            date=parse_day(date, "--date"),
            session_id=session,
            free_text=free_text,
            replace=replace,
            population=population,
            completed_by=completed_by,
        )
    from alliancelens.cli._render_measures import print_recorded, recorded_json  # noqa: PLC0415

    if as_json:
        echo_json(recorded_json(recorded))
        return
    print_recorded(client, recorded)


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


@app.command("import")
def import_file(
    file: Annotated[
        Path, typer.Argument(help="Transcript file (.txt .vtt .srt .json .csv .docx).")
    ],
    client: Annotated[int, typer.Option("--client", help="Internal client id.")],
    format: Annotated[str | None, typer.Option("--format", "-f", help="Force a format.")] = None,
    therapist: Annotated[
        list[str] | None, typer.Option("--therapist", help="Speaker label of the therapist.")
    ] = None,
    speaker_client: Annotated[
        list[str] | None, typer.Option("--client-speaker", help="Speaker label of a client.")
    ] = None,
    deidentify: Annotated[
        bool, typer.Option("--deidentify", help="Replace PHI with placeholders before storing.")
    ] = False,
    analyse: Annotated[bool, typer.Option(help="Queue analysis (needs analysis consent).")] = True,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="Session date (YYYY-MM-DD, not in the future); wins over a date in the file.",
            show_default=False,
        ),
    ] = None,
    skip_duplicates: Annotated[
        bool,
        typer.Option(
            "--skip-duplicates",
            help="Store nothing, without an error, when the same file was already imported "
            "for this client (for batch imports).",
        ),
    ] = False,
    allow_duplicate: Annotated[
        bool,
        typer.Option(
            "--allow-duplicate",
            help="Store the file even when the same file was already imported for this client "
            "(by default that is refused).",
        ),
    ] = False,
    as_user: AsOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Import a transcript into a client's record (needs recording consent)."""
    if skip_duplicates and allow_duplicate:
        raise fail("--skip-duplicates and --allow-duplicate contradict each other: give one")
    session_date = parse_day(date, "--date")
    with user_errors(), opened(as_user) as (database, actor, _):
        report = services.import_transcript(
            database,
            actor,
            client_id=client,
            path=file,
            format=format,
            therapists=therapist or [],
            clients=speaker_client or [],
            deidentify=deidentify,
            analyse=analyse,
            session_date=session_date,
            skip_duplicates=skip_duplicates,
            allow_duplicate=allow_duplicate,
        )
        admin = actor.role is Role.ADMIN
    for warning in report.warnings:
        stderr.print(f"[yellow]warning:[/] {escape(warning)}")
    _echo_duplicate(report, client)
    if as_json:
        echo_json(
            {
                "sessions": list(report.session_ids),
                "jobs": list(report.job_ids),
                "note": report.analysis_skipped,
                "backend": report.backend,
                "not_handed_to_queue": list(report.unsubmitted),
                "duplicate_of": list(report.duplicate_of),
                "client_deleted": report.client_deleted,
            }
        )
        return
    if report.skipped_duplicate:
        return
    if report.client_deleted:
        stderr.print(
            f"[yellow]note:[/] client {client} was deleted while this import ran; its sessions "
            "and analysis jobs, including the ones just imported, were deleted with it"
        )
        return
    ids = ", ".join(str(i) for i in report.session_ids)
    typer.echo(f"imported {len(report.session_ids)} session(s) for client {client}: {ids}")
    _echo_import_jobs(report, admin=admin)
    if report.analysis_skipped:
        stderr.print(f"[yellow]note:[/] {escape(report.analysis_skipped)}")


def _echo_duplicate(report: ImportReport, client: int) -> None:
    """One line on stderr when the same file was imported for this client before."""
    if not report.duplicate_of:
        return
    earlier = ", ".join(str(i) for i in report.duplicate_of)
    if report.skipped_duplicate:
        stderr.print(
            f"[yellow]skipped:[/] this file was already imported for client {client} as "
            f"session(s) {earlier}; nothing was stored"
        )
    else:  # --allow-duplicate: without it a duplicate is refused (QA29 item 8)
        stderr.print(
            f"[yellow]note:[/] this file was already imported for client {client} as "
            f"session(s) {earlier}; stored again as asked (--allow-duplicate)"
        )


def _echo_import_jobs(report: ImportReport, *, admin: bool) -> None:
    """Say what happened to the analysis jobs: run already, queued for a worker, or not queued.

    Only an administrator may run `jobs work`; anyone who imports may run `jobs list` (their own
    clients' jobs), so the advice names only commands the acting user may run (QA29 item 7).
    """
    jobs = ", ".join(str(j) for j in report.job_ids)
    if not report.job_ids:
        return
    # "job id 14", not "job(s) run: 14": the number is an id, not a count (QA21 item 17)
    ids = f"job id{'s' if len(report.job_ids) > 1 else ''} {jobs}"
    runner = (
        "run `alliancelens jobs work`"
        if admin
        else "an administrator runs `alliancelens jobs work` (in solo practice: your "
        "administrator account, `--as ADMIN_NAME`)"
    )
    if report.unsubmitted:
        stderr.print(
            f"[yellow]note:[/] stored; analysis not queued (job(s) {jobs}): the Redis queue is "
            f"unreachable, the job(s) wait in the database; when the queue is back, {runner}. "
            "Do not import the file again."
        )
    elif report.backend == "in-process":
        typer.echo(
            f"analysis job(s) run: {len(report.job_ids)} ({ids}; `alliancelens jobs list` "
            "shows their state)"
        )
    else:
        typer.echo(
            f"analysis job(s) queued: {len(report.job_ids)} ({ids}); a worker runs them "
            f"(`alliancelens jobs list` shows their state; if they stay queued, {runner})"
        )


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
