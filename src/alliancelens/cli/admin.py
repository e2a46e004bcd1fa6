"""Administration commands of the record store.

``users``, ``keys rotate``, ``audit verify``, ``jobs``, ``purge-expired``, and the ``sessions``
of a client (list, share for supervision, analyse) or shared for supervision (``shared``).
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from alliancelens import services
from alliancelens.cli._app import app
from alliancelens.cli._errors import EXIT_JOBS_FAILED, fail, stderr, user_errors
from alliancelens.cli._output import report_console
from alliancelens.cli._store import AsOpt, JsonOpt, echo_json, opened
from alliancelens.errors import QueueUnavailableError
from alliancelens.security.passwords import MIN_PASSWORD_LENGTH
from alliancelens.security.policy import Actor, Role
from alliancelens.storage import JobStatus

if TYPE_CHECKING:
    from alliancelens.storage import Database

__all__ = ["audit_app", "jobs_app", "keys_app", "sessions_app", "users_app"]

users_app = typer.Typer(help="Manage users and supervision (administrators).", no_args_is_help=True)
keys_app = typer.Typer(help="Manage the encryption key.", no_args_is_help=True)
audit_app = typer.Typer(help="Check the audit log.", no_args_is_help=True)
jobs_app = typer.Typer(help="Run and inspect background jobs.", no_args_is_help=True)
sessions_app = typer.Typer(help="A client's stored sessions.", no_args_is_help=True)
for group, name in (
    (users_app, "users"),
    (keys_app, "keys"),
    (audit_app, "audit"),
    (jobs_app, "jobs"),
    (sessions_app, "sessions"),
):
    app.add_typer(group, name=name)

#: `jobs work` exit code: queued jobs that no worker of this store runs (see jobs.health).
EXIT_JOBS_STUCK = 5
PASSWORD_ENV = "ALLIANCELENS_NEW_PASSWORD"  # noqa: S105 - the variable name, not a password


@users_app.command("add")
def users_add(
    username: Annotated[str, typer.Argument(help="Sign-in name (not a client's name).")],
    role: Annotated[Role, typer.Option("--role", help="admin, therapist, supervisor or client.")],
    client: Annotated[
        int | None, typer.Option("--client", help="For --role client: the client's id.")
    ] = None,
    as_user: AsOpt = None,
) -> None:
    """Add a user; the password is prompted for (or read from ALLIANCELENS_NEW_PASSWORD)."""
    password = os.environ.get(PASSWORD_ENV) or _ask_password(username)
    with user_errors(), opened(as_user) as (database, actor, _):
        user = services.create_user(
            database, actor, username=username, password=password, role=role, client_id=client
        )
        admins = [u for u in services.list_users(database, actor) if u.active and u.role == "admin"]
    typer.echo(f"user {user.id} ({user.role}) added")
    if not admins:
        typer.echo(
            "warning: no administrator account yet, so nobody can manage users in the web "
            "dashboard; add one with `alliancelens users add NAME --role admin`",
            err=True,
        )


def _ask_password(username: str) -> str:
    """Prompt twice for a hidden password on the terminal.

    Without a terminal (input piped or closed) a hidden prompt cannot work — Python would echo
    the password and warn — so the command stops with one line naming the variable to use.
    """
    if not sys.stdin.isatty():
        raise fail(
            f"no terminal to ask for the password; set {PASSWORD_ENV} for this one command "
            "instead (see `alliancelens users add --help`)"
        )
    answer: str = typer.prompt(
        f"Password for {username} (at least {MIN_PASSWORD_LENGTH} characters)",
        hide_input=True,
        confirmation_prompt=True,
    )
    return answer


@users_app.command("list")
def users_list(as_user: AsOpt = None, as_json: JsonOpt = False) -> None:
    """List users (id, name, role, linked client, web lockout); a supervisor: their therapists."""
    from alliancelens.records.accounts import last_lockouts  # noqa: PLC0415 - start-up time

    with user_errors(), opened(as_user) as (database, actor, _):
        if actor.role is Role.SUPERVISOR:
            _list_supervisees(database, actor, as_json=as_json)
            return
        users = services.list_users(database, actor)
        locked = last_lockouts(database, actor)
    rows = [
        {
            "id": u.id,
            "username": u.username,
            "role": u.role,
            "active": u.active,
            "client_id": u.client_id,
            "locked_out_at": locked[u.id].isoformat(timespec="seconds") if u.id in locked else None,
        }
        for u in users
    ]
    if as_json:
        echo_json(rows)
        return
    table = Table(title=f"{len(rows)} user(s)")
    for column in ("id", "username", "role", "active", "client", "web lockout (UTC)"):
        table.add_column(column)
    for row in rows:
        table.add_row(*(str(v if v is not None else "") for v in row.values()))
    report_console().print(table)
    if locked:
        typer.echo(
            "a web lockout ends by itself after ALLIANCELENS_WEB_LOCKOUT_MINUTES; "
            "`alliancelens users unlock NAME` lifts it now"
        )


def _list_supervisees(database: Database, actor: Actor, *, as_json: bool) -> None:
    """A supervisor's ``users list``: the therapists they supervise, with ids (QA37 #7).

    Other accounts stay an administrator's business; a supervisor needs the names and ids that
    ``insights therapist:USER`` and ``journal list --therapist ID`` take.
    """
    from alliancelens.records.supervision import supervisee_names  # noqa: PLC0415 - start-up

    names = supervisee_names(database, actor)
    rows = [{"id": i, "username": name, "role": "therapist"} for i, name in names.items()]
    if as_json:
        echo_json(rows)
        return
    table = Table(title=f"{len(rows)} therapist(s) you supervise")
    for column in ("id", "username", "role"):
        table.add_column(column)
    for row in rows:
        table.add_row(str(row["id"]), str(row["username"]), str(row["role"]))
    report_console().print(table)
    typer.echo(
        "other accounts are listed for administrators only; `alliancelens insights "
        "therapist:NAME` and `alliancelens journal list --therapist ID` take these"
    )


@users_app.command("supervise")
def users_supervise(
    supervisor: Annotated[str, typer.Argument(help="User name of the supervisor.")],
    therapist: Annotated[str, typer.Argument(help="User name of the supervised therapist.")],
    as_user: AsOpt = None,
) -> None:
    """Record that SUPERVISOR supervises THERAPIST (sees sessions the therapist shares)."""
    with user_errors(), opened(as_user) as (database, actor, _):
        services.add_supervision(database, actor, supervisor=supervisor, therapist=therapist)
    typer.echo(f"{supervisor} now supervises {therapist}")


@keys_app.command("rotate")
def keys_rotate(as_user: AsOpt = None, as_json: JsonOpt = False) -> None:
    """Re-encrypt everything under a new key (key file) or onto ALLIANCELENS_KEY."""
    with user_errors(), opened(as_user) as (database, actor, _):
        report = services.rotate(database, actor)
    if as_json:
        echo_json(
            {
                "reencrypted": report.reencrypted,
                "active_key": report.active_key,
                "retired": list(report.retired_keys),
            }
        )
        return
    typer.echo(f"{report.reencrypted} value(s) re-encrypted under key {report.active_key}")
    if report.source == "env" and report.retired_keys:
        typer.echo("you can now remove ALLIANCELENS_PREVIOUS_KEYS")
    elif report.retired_keys:
        old = ", ".join(report.retired_keys)
        typer.echo(
            f"old key(s) {old} stay in the key file (decrypt only) for running processes and "
            "older backups; `alliancelens keys retire` removes them (docs/security.md)"
        )


@audit_app.command("verify")
def audit_verify(as_user: AsOpt = None, as_json: JsonOpt = False) -> None:
    """Recompute the audit log's hash chain; exit 2 if any entry was changed or removed."""
    with user_errors(), opened(as_user) as (database, actor, _):
        report = services.verify_audit(database, actor)
    if as_json:
        echo_json({"ok": report.ok, "entries": report.entries, "head": report.head})
        return
    typer.echo(f"audit log intact: {report.entries} entries, head {report.head[:16]}")


@jobs_app.command("work")
def jobs_work(as_user: AsOpt = None, as_json: JsonOpt = False) -> None:
    """Retry jobs of crashed workers, then run every queued job (RQ: drain the queue).

    Exit code 4 when a job failed for good in this pass, 5 when queued jobs are stuck (a worker
    took them but could not run them, or none ran them for 30 minutes) or the Redis queue is
    unavailable (AL612: no job ran): for cron/timer alerts.
    """
    from alliancelens.jobs.health import stuck_text  # noqa: PLC0415 - start-up time

    with user_errors(), opened(as_user) as (database, actor, _):
        try:
            report = services.work(database, actor)
        except QueueUnavailableError as exc:
            # Redis down or refusing the login: this pass ran no job, so it is the monitored
            # "jobs not run" code, not a usage error a timer would not alert on (QA41 #4)
            raise fail(f"{exc.message} [{exc.code}]", EXIT_JOBS_STUCK) from None
    if as_json:
        echo_json(_work_json(report))
    else:
        _print_work(report)
    if report.failed and not as_json:
        ids = ", ".join(str(job_id) for job_id in report.failed)
        stderr.print(
            f"error: job(s) {ids} failed for good; see `alliancelens jobs list --status "
            "failed` (a session's analysis can be queued again with `sessions analyse`)"
        )
    if report.stuck and not as_json:
        stderr.print(stuck_text(report.stuck), markup=False)
    if report.failed:
        raise typer.Exit(EXIT_JOBS_FAILED)
    if report.stuck:
        raise typer.Exit(EXIT_JOBS_STUCK)


def _work_json(report: services.WorkReport) -> dict[str, Any]:
    """The ``jobs work --json`` object: what recovery and the pass did to each job."""
    return {
        "backend": report.backend,
        "recovered": [r.job_id for r in report.recovered],
        "recovery": [
            {
                "id": r.job_id,
                "status": r.status.value,
                "reason": r.reason,
                "attempts": r.attempts,
                "max_attempts": r.max_attempts,
            }
            for r in report.recovered
        ],
        "jobs": [
            {
                "id": o.job_id,
                "status": o.status,
                "message": o.message,
                "attempts": o.attempts,
                "max_attempts": o.max_attempts,
                "ran": o.ran,
            }
            for o in report.outcomes
        ],
        "run": report.run,
        "failed": list(report.failed),
        "stuck": [
            {"id": s.job_id, "waiting_since": s.waiting_since.isoformat(), "cause": s.cause}
            for s in report.stuck
        ],
    }


def _print_work(report: services.WorkReport) -> None:
    """Summary line, then one line per recovered job and per queued job."""
    # imported here: the job modules load SQLAlchemy and the settings, which the CLI keeps
    # off its start-up path (tests/cli/test_startup.py)
    from alliancelens.jobs import recovery_text  # noqa: PLC0415
    from alliancelens.records.jobs import outcome_text  # noqa: PLC0415

    again = sum(1 for r in report.recovered if r.status is JobStatus.QUEUED)
    typer.echo(
        f"{report.backend}: {len(report.recovered)} job(s) of stopped workers recovered "
        f"({again} queued again, {len(report.recovered) - again} failed); "
        f"{report.run} of {len(report.outcomes)} queued job(s) run, {len(report.failed)} failed"
    )
    for item in report.recovered:
        typer.echo(recovery_text(item))
    for outcome in report.outcomes:
        typer.echo(outcome_text(outcome))


@jobs_app.command("list")
def jobs_list(
    status: Annotated[
        JobStatus | None, typer.Option("--status", help="Only jobs in this state.")
    ] = None,
    as_user: AsOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List jobs (ids, kinds, states and attempts; never client data)."""
    with user_errors(), opened(as_user) as (database, actor, _):
        jobs = services.list_jobs(database, actor, status=status)
    rows = [
        {
            "id": j.id,
            "kind": j.kind,
            "status": j.status.value,
            "attempts": j.attempts,
            "error": j.error,
        }
        for j in jobs
    ]
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        typer.echo(f"job {row['id']} {row['kind']}: {row['status']} (attempts {row['attempts']})")


@app.command("purge-expired")
def purge_expired(as_user: AsOpt = None) -> None:
    """Purge raw transcript text older than ALLIANCELENS_RETENTION_DAYS (keeps codes, scores)."""
    with user_errors(), opened(as_user) as (database, actor, settings):
        if settings.retention_days is None:
            raise fail("no retention period is set; set ALLIANCELENS_RETENTION_DAYS first")
        purged = services.purge_expired(database, actor)
    typer.echo(f"raw text purged from {len(purged)} session(s)")


SessionArg = Annotated[int, typer.Argument(help="Internal session id (see `sessions list`).")]


@sessions_app.command("list")
def sessions_list(
    client: Annotated[int, typer.Argument(help="Internal client id.")],
    as_user: AsOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List a client's sessions (ids, format, size, analysis, purge and sharing state; no text)."""
    with user_errors(), opened(as_user) as (database, actor, _):
        sessions = services.list_sessions(database, actor, client_id=client)
        states = services.session_analyses(database, actor, client_id=client)
        from alliancelens.records.supervision import sharing_blocked  # noqa: PLC0415

        blocked = sharing_blocked(database, actor, client_id=client)
    rows: list[dict[str, Any]] = [
        {
            "id": s.id,
            "format": s.source_format,
            "utterances": s.utterances,
            "session_date": s.session_date.isoformat() if s.session_date else None,
            "imported_at": s.imported_at.isoformat(),
            "purged": s.text_purged_at is not None,
            "shared": s.shared_for_supervision,
            "visible_to_supervisors": s.shared_for_supervision and blocked is None,
            "analysis": states[s.id].state.value if s.id in states else "not analysed",
            "outdated": [r.text for r in states[s.id].outdated] if s.id in states else [],
        }
        for s in sessions
    ]
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        held = f"{row['session_date']}, " if row["session_date"] else ""
        older = f" ({' / '.join(row['outdated'])})" if row["outdated"] else ""
        typer.echo(
            f"session {row['id']}: {held}{row['format']}, {row['utterances']} utterances, "
            f"imported {row['imported_at'][:10]}{', text purged' if row['purged'] else ''}"
            f"{_shared_text(row['shared'], blocked)}; analysis: {row['analysis']}{older}"
        )
    if any(row["analysis"] == "outdated" for row in rows):
        typer.echo(
            f"re-analyse outdated sessions: `alliancelens sessions reanalyse --outdated "
            f"--client {client}`"
        )


def _shared_text(shared: bool, blocked: str | None) -> str:
    """The list line's sharing part: shared, and why supervisors cannot see it, if they cannot."""
    if not shared:
        return ""
    return f", shared ({blocked})" if blocked else ", shared"


@sessions_app.command("share")
def sessions_share(
    session: SessionArg,
    undo: Annotated[bool, typer.Option("--undo", help="Stop sharing.")] = False,
    as_user: AsOpt = None,
) -> None:
    """Share a session with your supervisors (needs supervision-sharing consent)."""
    with user_errors(), opened(as_user) as (database, actor, _):
        services.share_session(database, actor, session_id=session, shared=not undo)
    typer.echo(f"session {session} {'no longer ' if undo else ''}shared for supervision")


@sessions_app.command("shared")
def sessions_shared(as_user: AsOpt = None, as_json: JsonOpt = False) -> None:
    """List the sessions shared for supervision that you may open (no text, no client name)."""
    with user_errors(), opened(as_user) as (database, actor, _):
        shared = services.list_shared_sessions(database, actor)
    rows: list[dict[str, Any]] = [
        {
            "id": s.summary.id,
            "date": s.session_date.isoformat() if s.session_date else None,
            "imported_at": s.summary.imported_at.isoformat(),
            "therapist": s.therapist,
            "utterances": s.summary.utterances,
        }
        for s in shared
    ]
    if as_json:
        echo_json(rows)
        return
    if not rows:
        typer.echo("no session is shared for supervision")
    for row in rows:
        when = row["date"] or f"imported {row['imported_at'][:10]}"
        typer.echo(
            f"session {row['id']}: {when}, therapist {row['therapist']}, "
            f"{row['utterances']} utterances"
        )


@sessions_app.command("analyse")
def sessions_analyse(session: SessionArg, as_user: AsOpt = None) -> None:
    """Queue (and, in-process, run) the analysis of a stored session (needs analysis consent)."""
    with user_errors(), opened(as_user) as (database, actor, _):
        job = services.request_analysis(database, actor, session_id=session)
    typer.echo(f"analysis job {job} for session {session}")
