"""The ``import`` command: one transcript file into a client's record.

Warnings never quote the transcript (no ``# id:`` headers, no speaker labels); duplicates of a
file already imported for the client are refused unless ``--allow-duplicate`` is given.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from alliancelens import services
from alliancelens.cli._app import app
from alliancelens.cli._errors import fail, parse_day, stderr, user_errors
from alliancelens.cli._store import AsOpt, JsonOpt, echo_json, opened
from alliancelens.security.policy import Role

if TYPE_CHECKING:
    from alliancelens.records import ImportReport

__all__ = ["import_file"]


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
        # the queue's own reason (unreachable, refused login, ...; never the password: QA41 #5)
        cause = report.queue_problem or (
            "the Redis queue is unreachable, the job(s) wait in the database; when the queue "
            f"is back, {runner}"
        )
        if report.queue_problem and not admin:
            cause += (
                " (`jobs work` is an administrator's command: in solo practice, your "
                "administrator account, `--as ADMIN_NAME`)"
            )
        stderr.print(
            f"[yellow]note:[/] stored; analysis not queued (job(s) {jobs}): {escape(cause)}. "
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
