"""Record-lifecycle commands: delete one session or form, re-analyse outdated sessions, audit list.

``sessions delete``, ``sessions reanalyse``, ``clients delete-measure`` and ``audit list``. Output
names records by internal id only (never client names or transcript text).
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from alliancelens import services
from alliancelens.cli._counts import counted
from alliancelens.cli._errors import fail, parse_day, stderr, user_errors
from alliancelens.cli._store import AsOpt, JsonOpt, echo_json, opened
from alliancelens.cli.admin import SessionArg, audit_app, sessions_app
from alliancelens.cli.store import clients_app

__all__ = ["audit_list", "clients_delete_measure", "sessions_delete", "sessions_reanalyse"]

YesOpt = Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")]


def _deleted_json(kind: str, record: int, client: int, counts: dict[str, int]) -> None:
    """``{"<kind>": id, "client": id, "deleted": {count key: n}}`` (keys as in the audit log)."""
    echo_json({kind: record, "client": client, "deleted": counts})


@sessions_app.command("delete")
def sessions_delete(
    session: SessionArg, yes: YesOpt = False, as_user: AsOpt = None, as_json: JsonOpt = False
) -> None:
    """Delete one stored session and its analyses, jobs and journal entries (cannot be undone)."""

    def ask() -> bool:  # asked only once the acting user may delete this session
        answer: bool = typer.confirm(
            f"Delete session {session} with its text, analyses, jobs and journal entries?",
            err=as_json,  # keep stdout for the JSON
        )
        return answer

    with user_errors(), opened(as_user) as (database, actor, _):
        report = services.delete_session(
            database, actor, session_id=session, confirm=None if yes else ask
        )
    if as_json:
        _deleted_json("session", session, report.client_id, report.counts)
        return
    typer.echo(f"session {session} of client {report.client_id} deleted{counted(report.counts)}")


@clients_app.command("delete-measure")
def clients_delete_measure(
    form: Annotated[int, typer.Argument(help="Stored form id (`record-measure` prints it).")],
    yes: YesOpt = False,
    as_user: AsOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Delete one stored measure form (responses and free text; cannot be undone)."""

    def ask() -> bool:
        answer: bool = typer.confirm(
            f"Delete measure form {form} (responses and free text)?", err=as_json
        )
        return answer

    with user_errors(), opened(as_user) as (database, actor, _):
        report = services.delete_measure_form(
            database, actor, form_id=form, confirm=None if yes else ask
        )
    if as_json:
        _deleted_json("form", form, report.client_id, report.counts)
        return
    typer.echo(f"measure form {form} of client {report.client_id} deleted")


@sessions_app.command("reanalyse")
def sessions_reanalyse(
    outdated: Annotated[
        bool,
        typer.Option("--outdated", help="Re-analyse every session whose analysis is outdated."),
    ] = False,
    client: Annotated[
        int | None, typer.Option("--client", help="Only this client's sessions.")
    ] = None,
    as_user: AsOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Queue (in-process: run) the re-analysis of sessions analysed by older analyser versions."""
    if not outdated:
        raise fail("say which sessions: --outdated (re-analyse one session: `sessions analyse`)")
    with user_errors(), opened(as_user) as (database, actor, _):
        report = services.reanalyse_outdated(database, actor, client_id=client)
    if as_json:
        echo_json(
            {
                "backend": report.backend,
                "jobs": [{"session": s, "job": j} for s, j in report.jobs],
                "purged": list(report.purged),
                "refused": [{"session": s, "reason": r} for s, r in report.refused],
            }
        )
        return
    verb = "run" if report.backend == "in-process" else "queued"
    if report.jobs:
        pairs = ", ".join(f"session {s} (job {j})" for s, j in report.jobs)
        typer.echo(f"re-analysis {verb} for {len(report.jobs)} session(s): {pairs}")
    else:
        typer.echo("no outdated session to re-analyse")
    if report.purged:
        ids = ", ".join(str(i) for i in report.purged)
        stderr.print(
            f"note: session(s) {ids} keep an outdated analysis: their text was purged "
            "(retention), so they cannot be re-analysed",
            highlight=False,
        )
    for session_id, reason in report.refused:
        stderr.print(f"not re-analysed: session {session_id}: {reason}", highlight=False)


@audit_app.command("list")
def audit_list(
    client: Annotated[
        int | None, typer.Option("--client", help="Entries about this client's records.")
    ] = None,
    user: Annotated[
        str | None,
        typer.Option("--user", help="Entries by this user name (or label, e.g. local:NAME)."),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="From this day (YYYY-MM-DD, UTC).")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Up to this day (YYYY-MM-DD, UTC).")
    ] = None,
    action: Annotated[
        str | None, typer.Option("--action", help="Only this action, e.g. view or delete.")
    ] = None,
    as_user: AsOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List audit entries, filtered (administrators only; the listing is audited)."""
    wanted = services.AuditFilter(
        client_id=client,
        user=user,
        since=parse_day(since, "--since"),
        until=parse_day(until, "--until"),
        action=action,
    )
    with user_errors(), opened(as_user) as (database, actor, _):
        found = services.list_audit(database, actor, wanted)
    rows: list[dict[str, Any]] = [
        {
            "seq": e.seq,
            "at": e.at,
            "actor": e.actor,
            "action": e.action,
            "resource": e.resource,
            "resource_id": e.resource_id,
            "detail": dict(e.detail),
        }
        for e in found
    ]
    if as_json:
        echo_json(rows)
        return
    if not rows:
        typer.echo("no audit entry matches")
    for row in rows:
        rid = f" {row['resource_id']}" if row["resource_id"] is not None else ""
        detail = " ".join(f"{k}={v}" for k, v in sorted(row["detail"].items()))
        typer.echo(
            f"{row['seq']} {row['at'][:19]} {row['actor']} {row['action']} "
            f"{row['resource']}{rid}{(' ' + detail) if detail else ''}"
        )
