"""``alliancelens measures …``: list, score, import, definitions, FHIR, estimate, compare.

Thin over :mod:`alliancelens.measures`: commands parse options, call the library and render.
Measure errors exit with code 2 and one line on stderr (``_errors``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.rule import Rule
from rich.table import Table

from alliancelens import measures, services
from alliancelens.cli._app import app
from alliancelens.cli._errors import EXIT_USAGE, fail, stderr, user_errors
from alliancelens.config import load_settings
from alliancelens.measures.agreement import AgreementReport, agreement_to_json
from alliancelens.measures.jsonable import (
    definition_to_json,
    number,
    report_to_json,
    score_to_json,
)
from alliancelens.measures.scoring import fmt, fmt_score

__all__ = ["measures_app", "render_agreement", "render_demo_measures", "render_report"]

measures_app = typer.Typer(
    help="Client-rated measures (SRS, ORS, WAI-SR, PHQ-9, GAD-7): score, track, alert.",
    no_args_is_help=True,
)
app.add_typer(measures_app, name="measures")

DefinitionsOpt = Annotated[
    Path | None,
    typer.Option(
        "--definitions",
        envvar="ALLIANCELENS_MEASURES_DIR",
        help="Directory of the clinic's own definitions and imported wording "
        "(default: `measures` in the data directory, ALLIANCELENS_HOME).",
        file_okay=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
MeasureArg = Annotated[str, typer.Argument(help="Measure name, e.g. srs, ors, wai-sr, phq-9.")]
FileArg = Annotated[Path, typer.Argument(help="Administrations: CSV, or FHIR JSON (.json).")]


def _definitions_dir(definitions: Path | None) -> Path:
    """``--definitions``, else ``measures`` in the data directory (``ALLIANCELENS_HOME``)."""
    return definitions or measures.default_user_dir(load_settings().home)


def _registry(definitions: Path | None) -> measures.Registry:
    return measures.load_registry(_definitions_dir(definitions))


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


@measures_app.command("list")
def list_measures(definitions: DefinitionsOpt = None, as_json: JsonOpt = False) -> None:
    """List the measures that can be scored, with cut-offs and wording status."""
    with user_errors():
        registry = _registry(definitions)
    if as_json:
        _print_json([definition_to_json(d) for d in registry])
        return
    render_definitions(Console(), registry)


@measures_app.command()
def score(
    measure: MeasureArg,
    items: Annotated[
        list[str],
        typer.Argument(
            help="Item responses in form order (NA for a blank item).", show_default=False
        ),
    ],
    population: Annotated[
        str, typer.Option(help="Population whose cut-offs apply (adult, adolescent).")
    ] = "adult",
    definitions: DefinitionsOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Score one form from its item responses (e.g. from a paper form)."""
    with user_errors():
        defn = _registry(definitions).get(measure)
        result = measures.score_responses(
            defn, measures.parse_responses(defn, items), population=population
        )
    if as_json:
        _print_json(score_to_json(result))
        return
    render_score(Console(), defn, result)


@measures_app.command("import")
def import_administrations(
    file: FileArg,
    history: Annotated[
        bool, typer.Option(help="Show alerts at every session, not only the latest.")
    ] = False,
    fit_check_after: Annotated[
        int, typer.Option(help="Sessions before a low alliance prompts a fit check.", min=1)
    ] = 4,
    fit_check_window: Annotated[
        int, typer.Option(help="Consecutive low alliance scores for a fit check.", min=1)
    ] = 3,
    ending_window: Annotated[
        int, typer.Option(help="Consecutive non-clinical outcome scores to discuss ending.", min=1)
    ] = 3,
    disable: Annotated[
        list[str] | None, typer.Option(help="Alert kind to leave out (repeatable).")
    ] = None,
    definitions: DefinitionsOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Trajectories, change and alerts for every client in a file of administrations."""
    with user_errors():
        try:
            config = measures.AlertConfig(
                fit_check_after_sessions=fit_check_after,
                fit_check_window=fit_check_window,
                discuss_ending_window=ending_window,
                disabled=frozenset(disable or ()),
            )
        except ValueError as exc:
            raise fail(str(exc)) from None
        report = measures.report_for_csv(
            file, registry=_registry(definitions), config=config, history=history
        )
    if as_json:
        _print_json(report_to_json(report))
        return
    render_report(Console(), report)


@measures_app.command("import-definition")
def import_definition(
    file: Annotated[Path, typer.Argument(help="A definition or licensed-wording TOML file.")],
    replace: Annotated[bool, typer.Option(help="Overwrite an earlier import.")] = False,
    definitions: DefinitionsOpt = None,
) -> None:
    """Add a clinic's own measure, or licensed item wording, to the definitions directory."""
    with user_errors():
        target = _definitions_dir(definitions)
        imported = measures.import_definition(
            file, target, registry=measures.load_registry(target), replace=replace
        )
    typer.echo(f"imported {imported.kind} for {imported.measure} → {imported.path}")


@measures_app.command()
def questionnaire(measure: MeasureArg, definitions: DefinitionsOpt = None) -> None:
    """Print a measure as a FHIR R4 Questionnaire (JSON)."""
    with user_errors():
        defn = _registry(definitions).get(measure)
    _print_json(measures.questionnaire(defn))


@measures_app.command("export-fhir")
def export_fhir(file: FileArg, definitions: DefinitionsOpt = None) -> None:
    """Print a file's administrations as a FHIR R4 Bundle of QuestionnaireResponses."""
    with user_errors():
        registry = _registry(definitions)
        admins = measures.read_administrations(file, registry)
    _print_json(measures.bundle(admins, registry))


@measures_app.command()
def estimate(
    file: FileArg,
    measure: Annotated[str, typer.Option(help="Measure to estimate parameters for.")] = "ors",
    z: Annotated[
        float, typer.Option(help="Tolerance = z × residual SD (1.645: 5th percentile).", min=0)
    ] = 1.645,
    first_check: Annotated[
        int, typer.Option(help="First session checked against the curve.", min=2)
    ] = 3,
    definitions: DefinitionsOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Estimate expected-response parameters from a clinic's own administrations."""
    with user_errors():
        registry = _registry(definitions)
        defn = registry.get(measure)
        admins = [
            a for a in measures.read_administrations(file, registry) if a.measure == defn.name
        ]
        report = measures.build_report(admins, registry)
        series = [t.totals for c in report.clients for t in c.trajectories]
        result = measures.estimate_parameters(
            series,
            higher_is_better=defn.higher_is_better,
            total_range=(defn.total_min, defn.total_max),
            first_check_session=first_check,
            z=z,
        )
    if as_json:
        params = result.params
        _print_json(
            {
                "measure": defn.name,
                "target": params.target,
                "rate": params.rate,
                "tolerance": params.tolerance,
                "first_check_session": params.first_check_session,
                "clients": result.clients,
                "follow_ups": result.follow_ups,
                "residual_sd": result.residual_sd,
            }
        )
        return
    render_estimate(Console(), defn, result)


@measures_app.command()
def demo(as_json: JsonOpt = False) -> None:
    """Show the measures report of the shipped synthetic demo clients."""
    with user_errors():
        report = measures.report_for_csv(measures.demo_csv())
    if as_json:
        _print_json(report_to_json(report))
        return
    render_report(Console(), report)


def render_demo_measures(console: Console) -> None:
    """Render the demo clients' measures report (used by ``alliancelens demo``)."""
    with user_errors():
        report = measures.report_for_csv(measures.demo_csv())
    render_report(console, report)


# --- rendering ---------------------------------------------------------------------------------

_SEVERITY_STYLE = {"urgent": "bold red", "warning": "yellow", "info": "cyan"}
_STATUS_STYLE = {"on_track": "green", "not_on_track": "red", "insufficient_data": "dim"}


def render_definitions(console: Console, registry: measures.Registry) -> None:
    """A table of the loaded measures."""
    table = Table(title="Measures", box=box.SIMPLE_HEAD)
    for column in ("Name", "Measure", "Items", "Response", "Total", "Wording", "Cut-offs"):
        table.add_column(column)
    for defn in registry:
        info = definition_to_json(defn)
        cutoffs = "; ".join(
            f"{c.name} {c.concern.words} {fmt(c.value)} ({c.population}) [{c.tag}]"
            for c in defn.cutoffs
        )
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
    console: Console, defn: measures.MeasureDefinition, result: measures.Score
) -> None:
    """One scored form: total, subscales, severity and flags."""
    line = f"[bold]{defn.short}[/] total [bold]{fmt_score(defn, result.total)}[/]"
    line += f" (range {fmt(defn.total_min)}–{fmt(defn.total_max)})"
    if result.severity:
        line += f", severity [bold]{escape(result.severity)}[/]"
    console.print(line)
    for name, value in result.subscales.items():
        console.print(f"  {name}: {number(value)}")
    if result.prorated_items:
        console.print(f"  [yellow]prorated items: {', '.join(result.prorated_items)}[/]")
    for flag in result.flags:
        style = _SEVERITY_STYLE.get(flag.severity, "")
        console.print(f"  [{style}]{flag.severity.upper()}[/] {flag.kind}: {escape(flag.reason)}")
        console.print(f"    [dim]rule: [{flag.tag}] {escape(flag.source)}[/]")


def render_report(console: Console, report: measures.MeasuresReport) -> None:
    """Every client: a trajectory table, then alerts with reasons and rules."""
    scope = "every session" if report.history else "latest session of each measure"
    console.print(Rule(f"Client-rated measures — {escape(report.source)}"))
    for client in report.clients:
        console.print(f"\n[bold]Client {escape(client.client)}[/]")
        console.print(_trajectory_table(client, report.definitions))
        if not client.alerts:
            console.print(f"  [green]No alerts[/] ({scope}).")
        for alert in client.alerts:
            style = _SEVERITY_STYLE.get(alert.severity, "")
            console.print(
                f"  [{style}]{alert.severity.upper()}[/] {alert.kind} "
                f"({report.definitions[alert.measure].short}, {alert.date}): {escape(alert.reason)}"
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
        status = latest.expected.status.value if latest.expected else "-"
        table.add_row(
            defn.short,
            str(len(trajectory.points)),
            escape(scores),
            _change_text(defn, latest.change),
            f"[{_STATUS_STYLE.get(status, 'dim')}]{status}[/]",
        )
    return table


def _change_text(defn: measures.MeasureDefinition, change: measures.ChangeResult | None) -> str:
    if change is None:
        return "[dim]intake only[/]"
    delta = f"{change.delta:+.{defn.response.decimals}f}"
    if change.category is measures.ChangeCategory.NOT_AVAILABLE:
        return f"{delta} [dim](no reliable-change value)[/]"
    return f"{delta} ({change.category.value.replace('_', ' ')})"


def render_estimate(
    console: Console, defn: measures.MeasureDefinition, result: measures.Estimate
) -> None:
    """The estimated parameters, as a TOML block to paste into the clinic's own definition."""
    params = result.params
    console.print(
        f"Estimated from {result.clients} clients and {result.follow_ups} follow-up scores "
        f"(residual SD {result.residual_sd}). To use them, copy {defn.name}.toml into your "
        "definitions directory and replace its [expected_response] table with:\n"
    )
    console.print(
        "[expected_response]\n"
        f"target = {params.target}\nrate = {params.rate}\ntolerance = {params.tolerance}\n"
        f"first_check_session = {params.first_check_session}\n"
        'tag = "local"\n'
        f'source = "{params.source}"',
        markup=False,
        highlight=False,
    )


# --- compare: client-rated vs transcript alliance (issue 5 item 4) -----------------------------


@measures_app.command()
def compare(
    measures_file: Annotated[
        Path | None,
        typer.Argument(help="Administrations (CSV or FHIR JSON) with a session column."),
    ] = None,
    transcripts: Annotated[
        list[Path] | None, typer.Argument(help="Transcripts whose session ids match.")
    ] = None,
    therapist: Annotated[
        list[str] | None,
        typer.Option("--therapist", help="Speaker label of the therapist (repeatable)."),
    ] = None,
    as_therapist: Annotated[
        str | None,
        typer.Option(help="Report every session under this therapist name."),
    ] = None,
    demo_files: Annotated[
        bool, typer.Option("--demo", help="Use the shipped demo measures and sessions.")
    ] = False,
    definitions: DefinitionsOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Client-rated alliance (SRS, WAI-SR) next to the transcript estimate, per therapist."""
    with user_errors():
        if demo_files:
            result = services.compare_demo_alliance(therapist_label=as_therapist)
        elif measures_file is None or not transcripts:
            raise fail("give a measures file and at least one transcript, or --demo")
        else:
            result = services.compare_alliance(
                measures_file,
                transcripts,
                therapists=therapist or (),
                therapist_label=as_therapist,
                registry=_registry(definitions),
            )
    if as_json:
        _print_json(agreement_to_json(result.agreement))
    else:
        render_agreement(Console(), result.agreement)
    for failure in result.failures:
        stderr.print(f"[bold red]error:[/] {escape(failure.message)} \\[{failure.code}]")
    if result.failures:
        raise typer.Exit(EXIT_USAGE)


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
