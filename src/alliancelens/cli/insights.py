"""``alliancelens insights``: supervision-like insights and trends over a caseload.

Thin over :func:`alliancelens.services.insights_for`: transcripts are analysed on the fly and
grouped into one caseload per client; or over :func:`alliancelens.services.insights_for_stored`
for a stored ``session:ID`` / ``client:ID`` (see docs/cli.md and docs/insights.md).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from alliancelens import services
from alliancelens.cli._app import app
from alliancelens.cli._errors import EXIT_USAGE, fail, stderr, user_errors
from alliancelens.cli._store import AsOpt, opened
from alliancelens.cli._targets import StoreTarget, store_target
from alliancelens.errors import UsageError

if TYPE_CHECKING:
    from alliancelens.insights import Insight, InsightEvidence, Trend

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
        render_trends(Console(), shown_trends)
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


def _evidence_text(evidence: InsightEvidence) -> str:
    parts = [evidence.session_id]
    if evidence.utterance_indexes:
        parts.append("utt " + ", ".join(str(i) for i in evidence.utterance_indexes))
    if evidence.scores:
        parts.append(", ".join(f"{k} {v:g}" for k, v in evidence.scores.items()))
    return ": ".join(parts)


def render_insights(console: Console, found: tuple[Insight, ...] | list[Insight]) -> None:
    """One table row per insight: kind, client, what, why (with source), evidence, suggestion."""
    if not found:
        console.print("No insights: no rule found a pattern in these sessions.")
        return
    table = Table(
        box=box.SIMPLE_HEAVY,
        show_lines=True,
        expand=True,
        title="Insights (for reflection, not verdicts)",
    )
    table.add_column("kind / client", no_wrap=True)
    table.add_column("insight, why, and what to try", ratio=3, overflow="fold")
    table.add_column("evidence", ratio=1, overflow="fold")
    for insight in found:
        table.add_row(
            f"{insight.kind.value.replace('_', ' ')}\n[dim]{escape(insight.client)}[/]",
            f"[bold]{escape(insight.title)}[/]\n{escape(insight.explanation)}\n"
            f"[green]Try:[/] {escape(insight.suggestion)}\n[dim]rule: {insight.rule}[/]",
            escape("\n".join(_evidence_text(e) for e in insight.evidence)),
        )
    console.print(table)


def render_trends(console: Console, found: tuple[Trend, ...]) -> None:
    """One row per metric: who, values over sessions, the verdict and the test numbers."""
    from alliancelens.insights import Direction  # noqa: PLC0415 - keeps start-up fast

    table = Table(box=box.SIMPLE_HEAVY, title="Trends (Mann–Kendall permutation test + size)")
    k = found[0].window if found else 2
    change = f"Δ (mean last {k} − mean first {k})"
    for column in ("client / therapist", "metric", "values", "trend", change, "p"):
        table.add_column(column, overflow="fold")
    for item in found:
        style = "" if item.direction is Direction.NOT_ENOUGH_SESSIONS else "bold"
        table.add_row(
            escape(item.subject),
            item.metric,
            ", ".join(f"{v:g}" for v in item.values),
            f"[{style}]{item.direction.value.replace('_', ' ')}[/]"
            if style
            else item.direction.value.replace("_", " "),
            "" if item.delta is None else f"{item.delta:+g}",
            "" if item.p_value is None else _p_text(item.p_value),
        )
    console.print(table)


def _p_text(p_value: float) -> str:
    """A p-value as printed: three decimals, or "< 0.001" (never "0.000")."""
    return "< 0.001" if p_value < 0.001 else f"{p_value:.3f}"
