"""Terminal rendering of ``alliancelens measures`` results (rich): definitions, scores, reports.

Imported by the commands in :mod:`alliancelens.cli.measures` when they run (it loads the
measures library).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.rule import Rule
from rich.table import Table

from alliancelens import measures
from alliancelens.measures.agreement import AgreementReport
from alliancelens.measures.coverage import NotEvaluated, not_evaluated_at
from alliancelens.measures.entry import rater_label
from alliancelens.measures.expected import TRACK_WORDS
from alliancelens.measures.jsonable import (
    alert_to_json,
    cutoffs_to_json,
    definition_to_json,
    number,
)
from alliancelens.measures.scoring import CutoffPosition, direction_note, fmt, fmt_score
from alliancelens.records.measures import RecordedMeasure

__all__ = [
    "missing_cutoff_text",
    "print_recorded",
    "recorded_json",
    "render_agreement",
    "render_alerts",
    "render_definitions",
    "render_estimate",
    "render_report",
    "render_score",
]

_SEVERITY_STYLE = {"urgent": "bold red", "warning": "yellow", "info": "cyan"}
_STATUS_STYLE = {
    "on_track": "green",
    "not_on_track": "red",
    "insufficient_data": "dim",
    "not_available": "dim",
}


def render_definitions(console: Console, registry: measures.Registry) -> None:
    """A table of the loaded measures."""
    table = Table(title="Measures", box=box.SIMPLE_HEAD)
    for column in ("Name", "Measure", "Items", "Response", "Total", "Wording", "Cut-offs"):
        table.add_column(column)
    for defn in registry:
        info = definition_to_json(defn)
        # every value with its verification tag (clinical-reference.md §0.1: [S] values are
        # configurable defaults to confirm before any clinical claim)
        parts = [
            f"{c.name} {c.concern.words} {fmt(c.value)}, {c.population} [{c.tag}]"
            for c in defn.cutoffs
        ]
        if defn.severity:  # severity bands (PHQ-9, GAD-7) are the measure's cut-offs
            bands = ", ".join(f"{b.label} from {fmt(b.lower)}" for b in defn.severity)
            parts.append(f"severity: {bands} [{defn.severity_tag}]")
        parts += [f"rule {f.kind} [{f.tag}]" for f in defn.flags if f.cutoff is None]
        if defn.drop is not None:
            parts.append(f"drop {fmt(defn.drop.points)} [{defn.drop.tag}]")
        cutoffs = "; ".join(parts)
        table.add_row(
            defn.name,
            escape(f"{defn.title} ({defn.construct})"),
            str(len(defn.items)),
            f"{fmt(defn.response.minimum)}–{fmt(defn.response.maximum)}",
            f"{fmt(defn.total_min)}–{fmt(defn.total_max)}",
            info["wording"],
            escape(cutoffs) or "[dim]none[/]",
        )
    console.print(table)


def render_score(
    console: Console,
    defn: measures.MeasureDefinition,
    result: measures.Score,
    positions: Sequence[CutoffPosition] = (),
    source: measures.DefinitionsSource | None = None,
) -> None:
    """One scored form: total, subscales, severity, where it lies against cut-offs, flags.

    ``source`` (when given) is named last: which definitions set the cut-offs (QA38 #1).
    """
    line = f"[bold]{defn.short}[/] total [bold]{fmt_score(defn, result.total)}[/]"
    line += f" (range {fmt(defn.total_min)}–{fmt(defn.total_max)})"
    if result.severity:
        line += f", severity [bold]{escape(result.severity)}[/]"
    console.print(line)
    for name, value in result.subscales.items():
        console.print(f"  {name}: {number(value)}")
    if result.prorated_items:
        console.print(f"  [yellow]prorated items: {', '.join(result.prorated_items)}[/]")
    for position in positions:
        console.print(f"  {escape(_position_text(defn, result.total, position))}")
    for flag in result.flags:
        style = _SEVERITY_STYLE.get(flag.severity, "")
        console.print(
            f"  [{style}]{flag.severity.upper()}[/] {flag.kind} (for clinician review): "
            f"{escape(flag.reason)}"
        )
        console.print(f"    [dim]rule: {escape(flag.source)}[/]")
    for kind in result.not_available:
        console.print(f"  [dim]{kind}: not available for this population[/]")
    if source is not None:
        console.print(f"  [dim]definitions: {escape(source.describe())}[/]")


def missing_cutoff_text(defn: measures.MeasureDefinition, p: CutoffPosition) -> str:
    """A cut-off the definition has no value for, in the one wording every CLI view uses.

    Not "none published": a child's ORS cut-off is published for another measure (the CORS,
    docs/measures/ors.md); ``clients show`` uses this too (QA35 #5).
    """
    return (
        f"{p.name} cut-off: not available for this population ({p.population}); "
        f"the {defn.short} definition has none for it (docs/measures/{defn.name}.md)"
    )


def _position_text(defn: measures.MeasureDefinition, total: float, p: CutoffPosition) -> str:
    """E.g. ``below the adult clinical cut-off of 25 (a reference point, not a judgement …)``."""
    if p.cutoff is None:
        return missing_cutoff_text(defn, p)
    side = p.cutoff.concern.words
    where = side if p.in_concern_range else f"not {side}"
    return (
        f"{defn.short} {fmt_score(defn, total)} is {where} the {p.population} {p.name} cut-off "
        f"of {fmt(p.cutoff.value)} (a reference point, not a judgement; "
        f"docs/measures/{defn.name}.md)"
    )


def render_report(console: Console, report: measures.MeasuresReport) -> None:
    """Every client: a trajectory table, then alerts with reasons and rules."""
    scope = "every session" if report.history else "latest session of each measure"
    console.print(Rule(f"Client-rated measures — {escape(report.source)}"))
    # which cut-offs and reliable-change values classified these forms (QA38 #1)
    console.print(f"[dim]Definitions: {escape(report.definitions_source.describe())}[/]")
    for client in report.clients:
        console.print(f"\n[bold]Client {escape(client.client)}[/]")
        console.print(_trajectory_table(client, report.definitions))
        missing = client_not_evaluated(client, report.definitions)
        if not client.alerts:
            # never a bare "No alerts" when some rules did not run (clinical-reference §0.2 r.4)
            kinds = ", ".join(f"{item.kind} ({measure})" for measure, item in missing)
            tail = f"; [yellow]not evaluated for this population:[/] {kinds}" if missing else ""
            console.print(f"  [green]No alerts raised[/] ({scope}){tail}.")
        render_alerts(console, client.alerts, report.definitions)
        for measure, item in missing:
            console.print(
                f"  [yellow]not evaluated[/] {item.kind} ({measure}): {escape(item.reason)}"
            )
    if report.config.disabled:
        console.print(
            f"\n[bold yellow]Alerts turned off for this report:[/] "
            f"{', '.join(sorted(report.config.disabled))} (--disable); they were not checked."
        )


def client_not_evaluated(
    client: measures.ClientReport, definitions: Mapping[str, measures.MeasureDefinition]
) -> list[tuple[str, NotEvaluated]]:
    """(measure label, rule) for every rule not evaluated at each series' latest form."""
    return [
        (_series_label(definitions[t.measure].short, t.completed_by), item)
        for t in client.trajectories
        for item in not_evaluated_at(definitions[t.measure], t)
    ]


def render_alerts(
    console: Console,
    alerts: Sequence[measures.Alert],
    definitions: Mapping[str, measures.MeasureDefinition],
) -> None:
    """Alerts, one line each with its reason, then its rule (every alert is for review)."""
    for alert in alerts:
        style = _SEVERITY_STYLE.get(alert.severity, "")
        console.print(
            f"  [{style}]{alert.severity.upper()}[/] {alert.kind} (for clinician review; "
            f"{_series_label(definitions[alert.measure].short, alert.completed_by)}, "
            f"{alert.date}): {escape(alert.reason)}"
        )
        console.print(f"    [dim]rule: {escape(alert.rule)}[/]")


def _trajectory_table(
    client: measures.ClientReport, definitions: Mapping[str, measures.MeasureDefinition]
) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for column in ("Measure", "Sessions", "Scores (oldest first)", "Change since intake", "Track"):
        table.add_column(column)
    for trajectory in client.trajectories:
        defn = definitions[trajectory.measure]
        latest = trajectory.latest
        scores = " → ".join(fmt_score(defn, t) for t in trajectory.totals)
        if latest.score.severity:
            scores += f" ({latest.score.severity})"
        code = latest.expected.status.value if latest.expected else "-"
        status = TRACK_WORDS[latest.expected.status] if latest.expected else "-"
        if latest.expected and latest.expected.reason:
            status = f"{status} ({latest.expected.reason})"
        table.add_row(
            escape(_series_label(defn.short, trajectory.completed_by)),
            str(len(trajectory.points)),
            escape(scores),
            _change_text(defn, latest.change),
            f"[{_STATUS_STYLE.get(code, 'dim')}]{escape(status)}[/]",
        )
    return table


def _series_label(short: str, completed_by: str) -> str:
    """``ORS``, or ``ORS (completed by caregiver)`` for another rater's series of the measure."""
    rater = rater_label(completed_by)
    return f"{short} ({rater})" if rater else short


def _change_text(defn: measures.MeasureDefinition, change: measures.ChangeResult | None) -> str:
    if change is None:
        return "[dim]intake only[/]"
    delta = f"{change.delta:+.{defn.response.decimals}f}"
    sign = f"{note}; " if (note := direction_note(defn)) else ""
    if change.category is measures.ChangeCategory.NOT_AVAILABLE:
        why = (change.reason or "no reliable-change value").removesuffix(" (see its docs page)")
        return f"{delta} [dim]({sign}not available: {escape(why)})[/]"
    if change.category is measures.ChangeCategory.UNCHANGED and change.threshold is not None:
        return f"{delta} ({sign}no reliable change; needs {fmt(change.threshold)})"
    return f"{delta} ({change.category.value.replace('_', ' ')})"


def render_estimate(
    console: Console, defn: measures.MeasureDefinition, result: measures.Estimate
) -> None:
    """The estimated parameters, as a TOML block to paste into the clinic's own definition."""
    params = result.params
    console.print(
        f"Estimated from {result.clients} clients and {result.follow_ups} follow-up scores "
        f"(residual SD {result.residual_sd}). To use them, copy {defn.name}.toml into your "
        "definitions directory and replace its \\[expected_response] table with:\n"
    )
    for warning in result.warnings:
        console.print(f"[yellow]warning:[/] {escape(warning)}\n")
    populations = ", ".join(f'"{p}"' for p in params.populations)
    console.print(
        "[expected_response]\n"
        f"target = {params.target}\nrate = {params.rate}\ntolerance = {params.tolerance}\n"
        f"first_check_session = {params.first_check_session}\n"
        f"populations = [{populations}]\n"
        'tag = "local"\n'
        f'source = "{params.source}"',
        markup=False,
        highlight=False,
    )


def render_agreement(console: Console, report: AgreementReport) -> None:
    """Pairs table, agreement per therapist, and how little data it rests on."""
    console.print(
        Rule("Client-rated vs transcript alliance (0–100; difference = transcript − client)")
    )
    console.print(f"[bold]{escape(report.statement)}[/]")
    if report.pairs:
        pairs = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        for column in ("Session", "Therapist", "Client form", "Client 0–100", "Transcript", "Diff"):
            pairs.add_column(column)
        for p in report.pairs:
            raw = (
                f"{p.rating.measure.upper()} {fmt(p.rating.raw_total)}/{fmt(p.rating.raw_range[1])}"
            )
            pairs.add_row(
                escape(p.session),
                escape(p.therapist),
                raw,
                f"{p.rating.total:.1f}",
                f"{p.transcript.index:.1f}",
                f"{p.difference:+.1f}",
            )
        console.print(pairs)
    for t in report.therapists:
        rho = f"{t.spearman:+.2f}" if t.spearman is not None else f"n/a ({t.spearman_reason})"
        console.print(
            f"[bold]{escape(t.therapist)}[/] ({t.measure}): n={t.n}, mean difference "
            f"{t.mean_difference:+.1f}, mean absolute difference {t.mean_absolute_difference:.1f}, "
            f"Spearman {escape(rho)}. [yellow]{escape(t.statement)}[/]"
        )
    if report.unpaired_sessions:
        console.print(f"[dim]Transcripts without a client form: {len(report.unpaired_sessions)}[/]")
    if report.not_analysed:
        console.print(f"[dim]Not analysed (alliance did not run): {len(report.not_analysed)}[/]")
    console.print(
        "[dim]A transcript estimate is not the client's rating; SRS scores bunch near the top "
        "(ceiling). See docs/measures/agreement.md.[/]"
    )


def recorded_json(recorded: RecordedMeasure) -> dict[str, Any]:
    """``clients record-measure --json``: the stored form, its score and its alerts."""
    score, admin = recorded.score, recorded.stored.administration
    alerts = recorded.alerts
    shift = recorded.intake_shift
    return {
        "id": recorded.stored.id,
        "measure": admin.measure,
        "date": admin.date.isoformat(),
        "population": admin.population,
        "population_source": recorded.population_source,
        "completed_by": admin.completed_by,
        "replaced": recorded.replaced,  # the form --replace removed, else null
        "session_id": recorded.stored.session_id,  # null: not linked to a session
        "session_note": recorded.session_note,  # how it was linked, or why not; a date mismatch
        "definitions": None
        if recorded.definitions_source is None
        else recorded.definitions_source.as_json(),
        "total": score.total,
        "severity": score.severity,
        "flags": [f.kind for f in score.flags],
        "flag_severities": {f.kind: f.severity for f in score.flags},
        # every rule that did not run at this form for its population (kinds, then reasons)
        "not_available": list(
            dict.fromkeys([*score.not_available, *(n.kind for n in recorded.not_evaluated)])
        ),
        "not_evaluated": [{"kind": n.kind, "reason": n.reason} for n in recorded.not_evaluated],
        "cutoffs": cutoffs_to_json(recorded.positions),
        # the alerts `measures import` raises at this form (flags and trajectory rules);
        # null when the stored series could not be scored
        "alerts": None if alerts is None else [alert_to_json(a) for a in alerts],
        "unjudged_change": recorded.change_text or None,  # QA43 #8: no reliable-change value
        "intake_changed": None
        if shift is None
        else {
            "later_forms": shift.later_forms,
            "old_intake": shift.old_intake,
            "new_intake": shift.new_intake,
            "alerts_added": list(shift.alerts_added),
            "alerts_removed": list(shift.alerts_removed),
        },
        # --replace: alert kinds withdrawn/added at this form and at the series' latest form
        "replaced_alerts": None
        if (changed := recorded.replaced_alerts) is None
        else {
            "form": changed.form,
            "withdrawn": list(changed.withdrawn),
            "added": list(changed.added),
            "latest_withdrawn": list(changed.latest_withdrawn),
            "latest_added": list(changed.latest_added),
        },
    }


def print_recorded(client: int, recorded: RecordedMeasure) -> None:
    """``clients record-measure``: the stored form, then every alert it raises, for review."""
    score, admin = recorded.score, recorded.stored.administration
    band = f" ({score.severity})" if score.severity else ""
    rater = rater_label(admin.completed_by)  # another rater's form: its own series and alerts
    typer.echo(
        f"client {client}: {admin.measure} of {admin.date} recorded as form "
        f"{recorded.stored.id}"
        + (f" (replacing form {recorded.replaced})" if recorded.replaced is not None else "")
        + f"; total {recorded.total_text or f'{score.total:g}'}{band}; "
        f"population {admin.population} ({recorded.population_source})"
        + (f"; {rater} (alerts from that rater's series)" if rater else "")
    )
    if recorded.session_note:
        typer.echo(recorded.session_note)
    if recorded.definitions_source is not None:  # which cut-offs classified it (QA38 #1)
        typer.echo(f"definitions: {recorded.definitions_source.describe()}")
    if recorded.definition is not None:  # where the total lies, as `measures score` says it
        for position in recorded.positions:
            typer.echo(_position_text(recorded.definition, score.total, position))
    if recorded.intake_shift is not None:
        typer.echo(recorded.intake_shift.text)
    if recorded.replaced_alerts is not None:  # what the correction withdrew or added (QA43 #14)
        typer.echo(recorded.replaced_alerts.text)
    if recorded.change_text:  # a change no rule judges (PHQ-9, GAD-7): never a bare "no alerts"
        typer.echo(recorded.change_text)
    if recorded.alerts is None:
        typer.echo("trajectory alerts: not computed (a stored form no longer scores); flags:")
    # Same severity word as `measures import` and the web (URGENT for PHQ-9 item 9).
    found = (
        [(f.kind, f.severity, f.reason) for f in score.flags]
        if recorded.alerts is None
        else [(a.kind, a.severity, a.reason) for a in recorded.alerts]
    )
    for kind, severity, reason in found:
        typer.echo(f"{severity.upper()} {kind} (for clinician review): {reason}")
    if not found and recorded.alerts is not None:
        typer.echo(
            "No alerts raised; some rules were not evaluated for this population (below)."
            if recorded.not_evaluated
            else "No alerts raised."
        )
    for item in recorded.not_evaluated:
        typer.echo(f"not evaluated: {item.kind}: {item.reason}")
