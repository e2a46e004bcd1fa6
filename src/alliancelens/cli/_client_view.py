"""The work behind ``alliancelens clients show ID`` (imported only when the command runs).

The terminal counterpart of the dashboard's client page (QA29 #10). Scoring, change, cut-offs
and alerts come from the stored forms through :func:`~alliancelens.measures.build_report` (the
same report as the caseload, ``measures report`` and ``clients record-measure``); nothing is
re-scored here. Who may see it follows ``clients list``: administrators any client, a therapist
their own; a supervisor is refused (they see shared sessions, not client records).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from alliancelens import services
from alliancelens.cli._errors import user_errors
from alliancelens.cli._output import report_console
from alliancelens.cli._render_measures import missing_cutoff_text, render_alerts
from alliancelens.cli._store import echo_json, opened
from alliancelens.measures import ChangeCategory, build_report
from alliancelens.measures.coverage import not_evaluated_at
from alliancelens.measures.entry import rater_label
from alliancelens.measures.expected import track_text
from alliancelens.measures.jsonable import alert_to_json, cutoffs_to_json, trajectory_to_json
from alliancelens.measures.scoring import cutoff_positions, fmt, fmt_score
from alliancelens.records import stored_administrations
from alliancelens.records.measures import registry_for

if TYPE_CHECKING:
    from alliancelens.measures import MeasureDefinition, MeasuresReport, Trajectory
    from alliancelens.measures.change import ChangeResult
    from alliancelens.measures.trajectory import TrajectoryPoint
    from alliancelens.storage import ClientRecord, ConsentRecord, SessionSummary

__all__ = ["show"]


def show(client: int, as_user: str | None, *, as_json: bool) -> None:
    """Print (or write as JSON) one client's measures, alerts, consents and sessions."""
    with user_errors(), opened(as_user) as (database, actor, _):
        record = services.get_client(database, actor, client_id=client)
        forms = stored_administrations(database, actor, client_id=client)
        report = build_report(forms, registry_for(database)) if forms else None
        consents = services.consent_history(database, actor, client_id=client)
        sessions = services.list_sessions(database, actor, client_id=client)
    if as_json:
        echo_json(_as_json(record, report, consents, sessions))
        return
    console = report_console()
    name = f" ({escape(record.identifier)})" if record.identifier else ""
    console.print(f"[bold]Client {record.id}: {escape(record.name)}[/]{name}")
    _print_measures(console, report)
    _print_consents(console, consents)
    _print_sessions(console, sessions)


def _change_words(defn: MeasureDefinition, change: ChangeResult | None) -> str:
    """``+10.5 (recovered)``; the category in words; no category when there is no RC value."""
    if change is None:
        return "intake"
    delta = f"{change.delta:+.{defn.response.decimals}f}"
    if change.category is ChangeCategory.NOT_AVAILABLE:
        return f"{delta} (no reliable-change value)"
    if change.category is ChangeCategory.UNCHANGED and change.threshold is not None:
        return f"{delta} (no reliable change; needs {fmt(change.threshold)})"
    return f"{delta} ({change.category.value.replace('_', ' ')})"


def _cutoff_words(defn: MeasureDefinition, point: TrajectoryPoint) -> str:
    """``below the adult clinical cut-off 25``; a missing one as ``measures score`` words it."""
    parts = []
    for p in cutoff_positions(defn, point.score.total, point.population):
        if p.cutoff is None:
            parts.append(missing_cutoff_text(defn, p))
            continue
        side = p.cutoff.concern.words
        where = side if p.in_concern_range else f"not {side}"
        parts.append(f"{where} the {p.population} {p.name} cut-off {fmt(p.cutoff.value)}")
    return "; ".join(parts)


def _series_table(defn: MeasureDefinition, trajectory: Trajectory) -> Table:
    rater = rater_label(trajectory.completed_by)
    title = f"{defn.short} — {defn.title}" + (f" ({rater})" if rater else "")
    table = Table(title=escape(title), title_justify="left", box=box.SIMPLE_HEAD)
    # the expected-response column only for a series with a curve, as the dashboard (QA43 #12)
    tracked = any(p.expected is not None for p in trajectory.points)
    columns = ["date", "session", "total", "change since intake", "cut-off"]
    for column in [*columns, "expected response"] if tracked else columns:
        table.add_column(column)
    for point in trajectory.points:
        total = fmt_score(defn, point.score.total)
        if point.score.severity:
            total += f" ({point.score.severity})"
        cells = [
            point.date.isoformat(),
            escape(point.session or ""),  # a measures file's session column: as typed
            escape(total),
            escape(_change_words(defn, point.change)),
            escape(_cutoff_words(defn, point)),
        ]
        table.add_row(*cells, *([escape(track_text(point.expected))] if tracked else []))
    return table


def _print_measures(console: Console, report: MeasuresReport | None) -> None:
    console.print("\n[bold]Measures[/] (client-rated forms, oldest first)")
    if report is None:
        console.print("  no measure form is stored for this client")
        return
    client = report.clients[0]
    for trajectory in client.trajectories:
        console.print(_series_table(report.definitions[trajectory.measure], trajectory))
    console.print("[bold]Current alerts[/] (latest form of each measure; for clinician review)")
    if not client.alerts:
        console.print("  no alert raised at the latest forms")
    render_alerts(console, client.alerts, report.definitions)
    for trajectory in client.trajectories:
        defn = report.definitions[trajectory.measure]
        for item in not_evaluated_at(defn, trajectory):
            console.print(
                f"  [yellow]not evaluated[/] {item.kind} ({defn.short}): {escape(item.reason)}"
            )


def _print_consents(console: Console, consents: list[ConsentRecord]) -> None:
    console.print("\n[bold]Consents[/]")
    if not consents:
        console.print("  none recorded")
    now = dt.datetime.now(dt.UTC).date()
    for c in consents:
        until = f" until {c.withdrawn_on}" if c.withdrawn_on else ""
        state = "in force" if c.active_on(now) else "not in force"
        console.print(f"  {c.kind.value}: {c.granted_on}{until} ({state})")


def _print_sessions(console: Console, sessions: list[SessionSummary]) -> None:
    console.print(f"\n[bold]Sessions[/] ({len(sessions)})")
    for s in sessions:
        day = s.session_date.isoformat() if s.session_date else "no date"
        shared = ", shared for supervision" if s.shared_for_supervision else ""
        purged = ", text purged" if s.text_purged_at else ""
        console.print(f"  session {s.id}: {day}, {s.source_format}{shared}{purged}")


def _series_json(defn: MeasureDefinition, trajectory: Trajectory) -> dict[str, Any]:
    """``trajectory_to_json`` with each point's cut-off positions and the rules not evaluated."""
    found = trajectory_to_json(trajectory)
    for shown, point in zip(found["points"], trajectory.points, strict=True):
        shown["cutoffs"] = cutoffs_to_json(
            cutoff_positions(defn, point.score.total, point.population)
        )
    found["not_evaluated"] = [
        {"kind": n.kind, "reason": n.reason} for n in not_evaluated_at(defn, trajectory)
    ]
    return found


def _as_json(
    record: ClientRecord,
    report: MeasuresReport | None,
    consents: list[ConsentRecord],
    sessions: list[SessionSummary],
) -> dict[str, Any]:
    """The client, its series (``measures report --json``'s keys) and alerts, consents, sessions."""
    client = report.clients[0] if report else None
    series = (
        [_series_json(report.definitions[t.measure], t) for t in report.clients[0].trajectories]
        if report
        else []
    )
    now = dt.datetime.now(dt.UTC).date()
    return {
        "id": record.id,
        "name": record.name,
        "identifier": record.identifier,
        "trajectories": series,
        "alerts": [alert_to_json(a) for a in client.alerts] if client else [],
        "consents": [
            {
                "kind": c.kind.value,
                "granted_on": c.granted_on.isoformat(),
                "withdrawn_on": c.withdrawn_on.isoformat() if c.withdrawn_on else None,
                "in_force": c.active_on(now),
            }
            for c in consents
        ],
        "sessions": [
            {
                "id": s.id,
                "date": s.session_date.isoformat() if s.session_date else None,
                "format": s.source_format,
                "shared_for_supervision": s.shared_for_supervision,
            }
            for s in sessions
        ],
    }
