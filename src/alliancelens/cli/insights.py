"""``alliancelens insights``: supervision-like insights and trends over a caseload.

Thin over :func:`alliancelens.services.insights_for`: transcripts are analysed on the fly and
grouped into one caseload per client; or over :func:`alliancelens.services.insights_for_stored`
for a stored ``session:ID`` / ``client:ID`` (see docs/cli.md and docs/insights.md).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from alliancelens import services
from alliancelens.cli._app import app
from alliancelens.cli._errors import EXIT_USAGE, fail, stderr, user_errors
from alliancelens.cli._render_insights import render_insights, render_trends
from alliancelens.cli._store import AsOpt, opened
from alliancelens.cli._targets import StoreTarget, store_target
from alliancelens.errors import UsageError

__all__ = ["insights", "render_insights", "render_trends"]

TargetsArg = Annotated[
    list[str] | None,
    typer.Argument(
        help="Transcript files, analysed on the fly; or one stored session:ID or client:ID.",
        show_default=False,
    ),
]


@app.command()
def insights(
    targets: TargetsArg = None,
    measures: Annotated[
        Path | None,
        typer.Option(
            "--measures",
            help="Measures CSV/FHIR file; its session column maps transcripts to clients.",
        ),
    ] = None,
    demo: Annotated[bool, typer.Option("--demo", help="Use the shipped demo caseload.")] = False,
    client: Annotated[
        str | None,
        typer.Option(
            "--client",
            help="Client name for transcripts the measures file does not "
            "name (with --demo: show only this client).",
        ),
    ] = None,
    therapist: Annotated[
        list[str] | None,
        typer.Option("--therapist", help="Speaker label of the therapist (repeatable)."),
    ] = None,
    trends: Annotated[
        bool, typer.Option("--trends", help="Show trends over sessions instead of insights.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list.")] = False,
    as_user: AsOpt = None,
) -> None:
    """Supervision-like insights (strengths, growth areas, alerts, prompts) with evidence."""
    if not targets and not demo:
        raise fail("give transcript files, session:ID, client:ID or --demo")
    if targets and demo:
        raise fail("give transcript files or --demo, not both")
    stored = [t for t in map(store_target, targets or []) if t is not None]
    with user_errors():
        if stored:
            _check_store_args(targets or [], measures=measures, client=client)
            result = _from_store(stored[0], as_user)
        else:
            result = services.insights_for(
                [Path(t) for t in targets or []],
                demo=demo,
                measures_csv=measures,
                client=client,
                therapists=therapist or [],
            )
    for failure in result.failures:
        stderr.print(f"[bold red]error:[/] {escape(failure.message)} \\[{failure.code}]")
    shown_trends = (*result.client_trends, *result.therapist_trends)
    if as_json:
        items = (
            [t.to_json() for t in shown_trends]
            if trends
            else [i.to_json() for i in result.insights]
        )
        typer.echo(json.dumps(items, indent=2, ensure_ascii=False))
    elif trends:
        render_trends(Console(), result.client_trends, result.therapist_trends)
    else:
        render_insights(Console(), result.insights)
    if result.failures:
        raise typer.Exit(EXIT_USAGE)


def _check_store_args(targets: list[str], *, measures: Path | None, client: str | None) -> None:
    if len(targets) != 1:
        raise UsageError("give one session:ID or client:ID, without transcript files")
    if measures is not None or client is not None:
        raise UsageError(
            "--measures and --client apply to transcript files; a stored client's "
            "measures come from the store"
        )


def _from_store(target: StoreTarget, as_user: str | None) -> services.InsightsResult:
    """Insights over a stored session or all of a stored client's sessions, as the user."""
    with opened(as_user) as (database, actor, _):
        result, caseload = services.insights_for_stored(
            database,
            actor,
            session_id=target.id if target.kind == "session" else None,
            client_id=target.id if target.kind == "client" else None,
        )
        missing = services.not_analysed_insights(
            database, actor, client_id=caseload.client_id, session_ids=caseload.unanalysed
        )
    if missing:
        stderr.print(
            "warning: session(s) "
            + ", ".join(str(i) for i in caseload.unanalysed)
            + " have no stored analysis and are listed as not analysed (not 'no risk')"
        )
    if any(r.text_purged_at is not None for r in caseload.results):
        stderr.print("warning: some session text was purged (retention); codes were used")
    for stored in caseload.results:  # outdated analyses (records/freshness.py); risk: not "none"
        if stored.outdated_notice is not None:
            stderr.print(f"warning: {stored.outdated_notice}", highlight=False, markup=False)
    return dataclasses.replace(result, insights=(*missing, *result.insights))
