"""``alliancelens measures …``: list, score, import, definitions, FHIR, estimate, compare.

Thin over :mod:`alliancelens.measures`: commands parse options, call the library and render
(:mod:`alliancelens.cli._render_measures`). The library loads pydantic settings, so each command
imports it when it runs and ``--help`` stays fast. Measure errors exit with code 2 and one line
on stderr (``_errors``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from alliancelens import services
from alliancelens.cli._app import app
from alliancelens.cli._errors import EXIT_USAGE, fail, stderr, user_errors
from alliancelens.cli._output import report_console
from alliancelens.cli._store import AsOpt, echo_json, opened

if TYPE_CHECKING:
    from collections.abc import Sequence

    from alliancelens import measures
    from alliancelens.records.measure_import import DefaultedForm

__all__ = ["measures_app", "render_demo_measures"]

measures_app = typer.Typer(
    help="Client-rated measures (SRS, ORS, WAI-SR, PHQ-9, GAD-7): score, track, alert.",
    no_args_is_help=True,
)
app.add_typer(measures_app, name="measures")

DefinitionsOpt = Annotated[
    Path | None,
    typer.Option(
        "--definitions",
        help="Directory of the clinic's own definitions and imported wording; it must exist "
        "(default: ALLIANCELENS_MEASURES_DIR, else `measures` in the data directory, "
        "ALLIANCELENS_HOME).",
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
MeasureArg = Annotated[str, typer.Argument(help="Measure name, e.g. srs, ors, wai-sr, phq-9.")]
FileArg = Annotated[Path, typer.Argument(help="Administrations: CSV, or FHIR JSON (.json).")]


def _registry(definitions: Path | None) -> measures.Registry:
    """``--definitions``, else ``ALLIANCELENS_MEASURES_DIR``, else ``<home>/measures`` (checked).

    The one resolution every surface uses (:func:`alliancelens.measures.registry_in_use`).
    """
    from alliancelens import measures  # noqa: PLC0415

    return measures.registry_in_use(definitions)


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


@measures_app.command("list")
def list_measures(definitions: DefinitionsOpt = None, as_json: JsonOpt = False) -> None:
    """List the measures that can be scored, with cut-offs and wording status."""
    from alliancelens.cli._render_measures import render_definitions  # noqa: PLC0415
    from alliancelens.measures.jsonable import definition_to_json  # noqa: PLC0415

    with user_errors():
        registry = _registry(definitions)
    if as_json:
        _print_json([definition_to_json(d) for d in registry])
        return
    render_definitions(report_console(), registry)


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
        str,
        typer.Option(
            help="Population whose cut-offs apply: adult, adolescent, child or caregiver "
            "(case does not matter)."
        ),
    ] = "adult",
    definitions: DefinitionsOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Score one form from its item responses (e.g. from a paper form)."""
    from alliancelens import measures  # noqa: PLC0415
    from alliancelens.cli._render_measures import render_score  # noqa: PLC0415
    from alliancelens.errors import MeasureError  # noqa: PLC0415
    from alliancelens.measures.entry import normalise_population  # noqa: PLC0415
    from alliancelens.measures.jsonable import cutoffs_to_json, score_to_json  # noqa: PLC0415
    from alliancelens.measures.scoring import cutoff_positions  # noqa: PLC0415

    with user_errors():
        registry = _registry(definitions)
        defn = registry.get(measure)
        try:
            population = normalise_population(population, defn)
        except MeasureError as exc:
            raise MeasureError(exc.problem, field="--population", hint=exc.hint) from None
        result = measures.score_responses(
            defn, measures.parse_responses(defn, items), population=population
        )
    positions = cutoff_positions(defn, result.total, population)
    if as_json:
        _print_json(
            {
                **score_to_json(result),
                "cutoffs": cutoffs_to_json(positions),
                "definitions": registry.source.as_json(),
            }
        )
        return
    render_score(report_console(), defn, result, positions, registry.source)


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
        list[str] | None,
        typer.Option(
            help="Alert kind to leave out (repeatable), e.g. alliance_drop; case and -/_ do not "
            "matter; an unknown kind is refused with the list of valid kinds."
        ),
    ] = None,
    definitions: DefinitionsOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Trajectories, change and alerts for every client in a file of administrations."""
    from alliancelens import measures  # noqa: PLC0415
    from alliancelens.cli._render_measures import render_report  # noqa: PLC0415
    from alliancelens.errors import UsageError  # noqa: PLC0415
    from alliancelens.measures.jsonable import report_to_json  # noqa: PLC0415

    with user_errors():
        registry = _registry(definitions)
        disabled = measures.parse_alert_kinds(disable or (), registry)
        if fit_check_after < fit_check_window:  # named by option, not by field (QA38 #11)
            raise UsageError(
                f"--fit-check-after ({fit_check_after}) must be at least --fit-check-window "
                f"({fit_check_window}): the check needs a full window of scores before it runs; "
                "see `alliancelens measures import --help`"
            )
        config = measures.AlertConfig(
            fit_check_after_sessions=fit_check_after,
            fit_check_window=fit_check_window,
            discuss_ending_window=ending_window,
            disabled=disabled,
        )
        report = measures.report_for_csv(file, registry=registry, config=config, history=history)
    if as_json:
        _print_json(report_to_json(report))
        return
    render_report(report_console(), report)


@measures_app.command("import-definition")
def import_definition(
    file: Annotated[Path, typer.Argument(help="A definition or licensed-wording TOML file.")],
    replace: Annotated[bool, typer.Option(help="Overwrite an earlier import.")] = False,
    definitions: DefinitionsOpt = None,
) -> None:
    """Add a clinic's own measure, or licensed item wording, to the definitions directory."""
    from alliancelens import measures  # noqa: PLC0415
    from alliancelens.measures.registry import (  # noqa: PLC0415
        check_definitions_dir,
        definitions_dir,
    )

    with user_errors():
        target, chosen_by = definitions_dir(definitions)
        check_definitions_dir(target, chosen_by)  # only the default folder is created
        imported = measures.import_definition(
            file, target, registry=measures.load_registry(target), replace=replace
        )
    typer.echo(f"imported {imported.kind} for {imported.measure} → {imported.path}")


@measures_app.command()
def questionnaire(measure: MeasureArg, definitions: DefinitionsOpt = None) -> None:
    """Print a measure as a FHIR R4 Questionnaire (JSON)."""
    from alliancelens import measures  # noqa: PLC0415

    with user_errors():
        defn = _registry(definitions).get(measure)
    _print_json(measures.questionnaire(defn))


@measures_app.command("export-fhir")
def export_fhir(file: FileArg, definitions: DefinitionsOpt = None) -> None:
    """Print a file's administrations as a FHIR R4 Bundle of QuestionnaireResponses."""
    from alliancelens import measures  # noqa: PLC0415

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
    from alliancelens import measures  # noqa: PLC0415
    from alliancelens.cli._render_measures import render_estimate  # noqa: PLC0415
    from alliancelens.measures.entry import respondent  # noqa: PLC0415

    with user_errors():
        registry = _registry(definitions)
        defn = registry.get(measure)
        # the client's own forms only: a caregiver's series is not a client's response curve
        admins = [
            a
            for a in measures.read_administrations(file, registry)
            if a.measure == defn.name and respondent(a) == "client"
        ]
        report = measures.build_report(admins, registry)
        series = [t.totals for c in report.clients for t in c.trajectories]
        result = measures.estimate_parameters(
            series,
            higher_is_better=defn.higher_is_better,
            total_range=(defn.total_min, defn.total_max),
            first_check_session=first_check,
            z=z,
            populations=sorted({a.population for a in admins}),
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
                "populations": list(params.populations),
                "warnings": list(result.warnings),
                "clients": result.clients,
                "follow_ups": result.follow_ups,
                "residual_sd": result.residual_sd,
            }
        )
        return
    render_estimate(report_console(), defn, result)


@measures_app.command()
def demo(as_json: JsonOpt = False) -> None:
    """Show the measures report of the shipped synthetic demo clients."""
    from alliancelens import measures  # noqa: PLC0415
    from alliancelens.cli._render_measures import render_report  # noqa: PLC0415
    from alliancelens.measures.jsonable import report_to_json  # noqa: PLC0415

    with user_errors():  # the demo uses the shipped definitions only, on purpose
        report = measures.report_for_csv(measures.demo_csv(), registry=measures.load_registry())
    if as_json:
        _print_json(report_to_json(report))
        return
    render_report(report_console(), report)


def render_demo_measures(console: Console) -> None:
    """Render the demo clients' measures report (used by ``alliancelens demo``)."""
    from alliancelens import measures  # noqa: PLC0415
    from alliancelens.cli._render_measures import render_report  # noqa: PLC0415

    with user_errors():
        report = measures.report_for_csv(measures.demo_csv(), registry=measures.load_registry())
    render_report(console, report)


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
    from alliancelens.cli._render_measures import render_agreement  # noqa: PLC0415
    from alliancelens.measures import load_registry  # noqa: PLC0415
    from alliancelens.measures.agreement import agreement_to_json  # noqa: PLC0415

    with user_errors():
        if demo_files:
            registry = load_registry()  # the demo: shipped definitions, as compare_demo_alliance
            result = services.compare_demo_alliance(therapist_label=as_therapist)
        elif measures_file is None or not transcripts:
            raise fail("give a measures file and at least one transcript, or --demo")
        else:
            registry = _registry(definitions)
            result = services.compare_alliance(
                measures_file,
                transcripts,
                therapists=therapist or (),
                therapist_label=as_therapist,
                registry=registry,
            )
    if as_json:
        _print_json(agreement_to_json(result.agreement))
    else:
        console = report_console()
        render_agreement(console, result.agreement)
        console.print(f"[dim]Definitions: {escape(registry.source.describe())}[/]")
    for failure in result.failures:
        stderr.print(f"[bold red]error:[/] {escape(failure.message)} \\[{failure.code}]")
    if result.failures:
        raise typer.Exit(EXIT_USAGE)


@measures_app.command("record")
def record_file(
    file: FileArg,
    client: Annotated[
        int, typer.Option("--client", help="Stored client id whose record the forms join.")
    ],
    other_subject: Annotated[
        bool,
        typer.Option(
            "--other-subject",
            help="File the forms under --client even though the FHIR file's subject is another "
            "client's record number (without it, such a file is refused).",
        ),
    ] = False,
    as_user: AsOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Add every form of a CSV/FHIR file to one client's stored record (all or none)."""
    from alliancelens.cli._render_measures import render_report  # noqa: PLC0415
    from alliancelens.measures.jsonable import report_to_json  # noqa: PLC0415

    with user_errors(), opened(as_user) as (database, actor, _):
        imported = services.import_forms(
            database, actor, client_id=client, path=file, other_subject=other_subject
        )
    ids = [s.id for s in imported.stored]
    if as_json:
        echo_json(
            {
                "client": client,
                "stored": ids,
                # each form without a population in the file: where, whose, stored as, why
                "defaulted_populations": [
                    {
                        ("line" if isinstance(d.place, int) else "path"): d.place,
                        "completed_by": d.completed_by,
                        "population": d.population,
                        "source": d.source,
                    }
                    for d in imported.defaulted
                ],
                "report": report_to_json(imported.report),
            }
        )
        return
    typer.echo(f"client {client}: {_forms_added(ids)} from {file.name}")
    for line in _defaulted_lines(imported.defaulted):
        typer.echo(line)
    render_report(report_console(), imported.report)


def _defaulted_lines(defaulted: Sequence[DefaultedForm]) -> list[str]:
    """One line per (respondent, population, source) of the forms that had no population.

    ``no population in the file: line 3 (completed by caregiver) stored as caregiver (default
    for caregiver-rated forms)``; nothing when every form gave its population (QA 32 #5).
    """
    groups: dict[tuple[str, str, str], list[str]] = {}
    for d in defaulted:
        where = f"line {d.place}" if isinstance(d.place, int) else d.place
        groups.setdefault((d.completed_by, d.population, d.source), []).append(where)
    return [
        f"no population in the file: {', '.join(places)} (completed by {rater}) stored as "
        f"{population} ({source})"
        for (rater, population, source), places in groups.items()
    ]


def _forms_added(ids: list[int]) -> str:
    if len(ids) == 1:
        return f"1 form added (form {ids[0]})"
    listed = f"{ids[0]}–{ids[-1]}" if len(ids) > 2 else ", ".join(map(str, ids))
    return f"{len(ids)} forms added (forms {listed})"
