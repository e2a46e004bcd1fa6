"""``sessions roles``: correct the speaker roles of a stored session and re-analyse it (QA42 #4).

A guessed role cannot be corrected by importing the file again (refused as a duplicate), so the
import warning and the session page name this command. Output names speakers by number in order
of first turn, never by label (labels are often names).
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from alliancelens import services
from alliancelens.cli._errors import stderr, user_errors
from alliancelens.cli._store import AsOpt, JsonOpt, echo_json, opened
from alliancelens.cli.admin import SessionArg, sessions_app

__all__ = ["sessions_roles"]


@sessions_app.command("roles")
def sessions_roles(
    session: SessionArg,
    therapist: Annotated[
        list[str] | None,
        typer.Option(
            "--therapist",
            help="The therapist: speaker number in order of first turn, or label as written.",
        ),
    ] = None,
    speaker_client: Annotated[
        list[str] | None,
        typer.Option(
            "--client-speaker",
            help="A client: speaker number in order of first turn, or label as written.",
        ),
    ] = None,
    as_user: AsOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Set the speaker roles of a stored session (as import's options would) and re-analyse it."""
    with user_errors(), opened(as_user) as (database, actor, _):
        report = services.set_speaker_roles(
            database,
            actor,
            session_id=session,
            therapists=therapist or [],
            clients=speaker_client or [],
        )
    for warning in report.warnings:
        stderr.print(f"[yellow]warning:[/] {escape(warning)}")
    if as_json:
        echo_json(
            {
                "session": report.session_id,
                "roles": {str(number): role.value for number, role in report.roles},
                "changed": report.changed,
                "job": report.job_id,
                "note": report.analysis_skipped,
                "backend": report.backend,
            }
        )
        return
    roles = ", ".join(f"speaker {number}: {role.value}" for number, role in report.roles)
    state = "roles set" if report.changed else "roles unchanged"
    typer.echo(f"session {session}: {state} ({roles})")
    if report.job_id is not None:
        done = "ran" if report.backend == "in-process" else "queued (run `alliancelens jobs work`)"
        typer.echo(f"re-analysis job {report.job_id} {done}")
    if report.analysis_skipped:
        stderr.print(f"[yellow]note:[/] {escape(report.analysis_skipped)}")
