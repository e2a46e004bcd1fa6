"""``alliancelens sessions show ID``: a stored session's latest analysis in the terminal (QA43 #6).

The terminal counterpart of the dashboard's session page: the same panels ``analyze`` prints
(:func:`~alliancelens.cli._render.render_session`, the one renderer), or with ``--json`` the
stored analysis in ``analyze --json``'s layout. Access and audit are the session page's
(:func:`alliancelens.services.stored_result`: ``view`` on the session and on its analysis, both
audited; another therapist's session is refused). Nothing is re-analysed.

Exit codes follow docs/cli.md: ``3`` when an analyser of the stored analysis failed or was
skipped, or when the session has no stored analysis at all (*not analysed*, with the reason).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import typer

from alliancelens import __version__, report, services
from alliancelens.cli._errors import EXIT_ANALYSER_FAILED, EXIT_OK, stderr, user_errors
from alliancelens.cli._output import report_console
from alliancelens.cli._render import render_session
from alliancelens.cli._store import AsOpt, JsonOpt, opened
from alliancelens.cli.admin import SessionArg, sessions_app
from alliancelens.domain import RunStatus

if TYPE_CHECKING:
    from alliancelens.services import StoredResult

__all__ = ["sessions_show"]


@sessions_app.command("show")
def sessions_show(session: SessionArg, as_user: AsOpt = None, as_json: JsonOpt = False) -> None:
    """Show a stored session's latest analysis: the panels `analyze` prints (JSON with --json)."""
    with user_errors(), opened(as_user) as (database, actor, _):
        found = services.stored_result_or_reason(database, actor, session_id=session)
    if isinstance(found, str):  # the session exists, but no analysis is stored for it
        stderr.print(
            f"NOT ANALYSED — {found}. This is not 'no risk': nothing was screened.",
            markup=False,
        )
        raise typer.Exit(EXIT_ANALYSER_FAILED)
    if found.text_purged_at is not None:
        stderr.print("warning: session text was purged (retention); quotes are unavailable")
    if found.outdated_notice is not None:
        stderr.print(f"warning: {found.outdated_notice}", markup=False)
    if as_json:
        typer.echo(json.dumps(_as_json(found), indent=2, ensure_ascii=False))
    else:
        source = f"stored session {session} (client {found.client_id})"
        report_console().print(render_session(found.result, source=source))
    if any(run.status is not RunStatus.OK for run in found.result.runs):
        raise typer.Exit(EXIT_ANALYSER_FAILED)
    raise typer.Exit(EXIT_OK)


def _as_json(stored: StoredResult) -> dict[str, Any]:
    """``analyze --json``'s layout (schema ``analysis-1``): one session, with a ``stored`` part."""
    session = report.result_to_json(stored.result)
    session["stored"] = {
        "session_id": stored.session_id,
        "client_id": stored.client_id,
        "analysis_id": stored.analysis_id,
        "text_purged_at": stored.text_purged_at.isoformat() if stored.text_purged_at else None,
        "outdated": stored.outdated_notice,
    }
    return {
        "schema_version": report.SCHEMA_VERSION,
        "generator": {"name": "alliancelens", "version": __version__},
        "sessions": [session],
        "errors": [],
    }
