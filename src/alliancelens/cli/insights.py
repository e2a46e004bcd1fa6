"""``alliancelens insights``: supervision-like insights and trends over a caseload.

Thin over :func:`alliancelens.services.insights_for`: transcripts are analysed on the fly and
grouped into one caseload per client; or over :func:`alliancelens.services.insights_for_stored`
for a stored ``session:ID`` / ``client:ID``; or over ``therapist_insights`` for
``therapist:USER`` (a therapist's clients summarised by pattern). See docs/cli.md and
docs/insights.md.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Final

import typer
from rich.markup import escape

from alliancelens import services
from alliancelens.cli._app import app
from alliancelens.cli._errors import EXIT_USAGE, fail, stderr, user_errors
from alliancelens.cli._output import report_console
from alliancelens.cli._render_insights import (
    reliable_change_notes,
    render_insights,
    render_therapist_summary,
    render_trends,
)
from alliancelens.cli._store import AsOpt, opened
from alliancelens.cli._targets import StoreTarget, malformed_target, store_target
from alliancelens.errors import UsageError

if TYPE_CHECKING:
    from alliancelens.insights import Insight

__all__ = ["insights", "render_insights", "render_trends"]

TargetsArg = Annotated[
    list[str] | None,
    typer.Argument(
        help="Transcript files, analysed on the fly; or one stored session:ID, client:ID or "
        "therapist:USER (a therapist's clients: their user name or id).",
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
        typer.Option(
            "--therapist",
            help="With transcript files: speaker label of the therapist (repeatable). Without: "
            "a therapist's user name or id, as therapist:USER.",
        ),
    ] = None,
    trends: Annotated[
        bool, typer.Option("--trends", help="Show trends over sessions instead of insights.")
    ] = False,
    definitions: Annotated[
        Path | None,
        typer.Option(
            "--definitions",
            help="With --measures: the clinic's measure definitions folder (it must exist; "
            "default: ALLIANCELENS_MEASURES_DIR, else `measures` in the data directory).",
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list.")] = False,
    as_user: AsOpt = None,
) -> None:
    """Supervision-like insights (strengths, growth areas, alerts, prompts) with evidence."""
    reviewed = _therapist_target(targets or [], therapist or [], demo=demo)
    if reviewed is not None:
        _therapist_view(reviewed, trends=trends, as_json=as_json, as_user=as_user)
        return
    stored = [t for t in map(store_target, targets or []) if t is not None]
    _check_args(targets or [], demo=demo, definitions=definitions, measures=measures, stored=stored)
    with user_errors():
        if stored:
            _check_store_args(targets or [], measures=measures, client=client)
            result = _from_store(stored[0], as_user, trends=trends)
        else:
            result = services.insights_for(
                [Path(t) for t in targets or []],
                demo=demo,
                measures_csv=measures,
                client=client,
                therapists=therapist or [],
                definitions=definitions,
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
    elif result.failures and not result.caseloads:
        pass  # nothing was read: "no rule found a pattern" would be untrue (QA37 #11)
    elif trends:
        render_trends(
            report_console(),
            result.client_trends,
            result.therapist_trends,
            notes=reliable_change_notes(result.caseloads),
        )
    else:
        render_insights(report_console(), result.insights)
    if result.definitions_source is not None and not as_json:  # which cut-offs (QA38 #1)
        described = escape(result.definitions_source.describe())
        stderr.print(f"definitions: {described}", highlight=False)
    if result.failures:
        raise typer.Exit(EXIT_USAGE)


def _check_args(
    targets: list[str],
    *,
    demo: bool,
    definitions: Path | None,
    measures: Path | None,
    stored: list[StoreTarget],
) -> None:
    """Refuse what cannot be meant: nothing to read, files and --demo, or stray --definitions."""
    for target in targets:  # `client:abc` is no file to look for (one line, what to do)
        refusal = malformed_target(target)
        if refusal is not None:
            raise fail(refusal)
    if not targets and not demo:
        raise fail("give transcript files, session:ID, client:ID, therapist:USER or --demo")
    if targets and demo:
        raise fail("give transcript files or --demo, not both")
    if definitions is not None and (measures is None or stored):
        raise fail(
            "--definitions applies to a --measures file of transcript files; stored forms are "
            "scored with ALLIANCELENS_MEASURES_DIR (else `measures` in the data directory)"
        )


#: ``therapist:USER`` — a therapist's caseload in the store, by sign-in name or user id.
_THERAPIST: Final = re.compile(r"^therapist:(?P<user>\S+)$")


def _therapist_target(targets: list[str], labels: list[str], *, demo: bool) -> str | None:
    """The therapist a ``therapist:USER`` target (or a lone ``--therapist USER``) names."""
    named = [m["user"] for m in map(_THERAPIST.match, targets) if m and not Path(m[0]).exists()]
    if named:
        if len(targets) != 1 or labels or demo:
            raise fail(
                "give one therapist:USER on its own (no transcript files, --demo or --therapist)"
            )
        return named[0]
    if targets or demo or not labels:
        return None  # --therapist with files is a speaker label
    if len(labels) != 1:
        raise fail("give one --therapist USER (a user name or id) to review a caseload")
    return labels[0]


def _therapist_view(user: str, *, trends: bool, as_json: bool, as_user: str | None) -> None:
    """``insights therapist:USER``: patterns across a therapist's clients, then every insight."""
    from alliancelens._stored_services import therapist_insights  # noqa: PLC0415 - start-up

    if trends:
        raise fail(
            "--trends is per client: run `alliancelens insights client:ID --trends` for each "
            "client (therapist:USER lists them)"
        )
    with user_errors(), opened(as_user) as (database, actor, _):
        summary, missing = therapist_insights(database, actor, therapist=user)
    if missing:
        stderr.print(
            f"warning: {len(missing)} session(s) have no stored analysis and are listed as not "
            "analysed (not 'no risk')"
        )
    if _withheld(summary.insights):
        stderr.print(f"warning: {_WITHHELD_WARNING}")
    if as_json:
        typer.echo(json.dumps(summary.to_json(), indent=2, ensure_ascii=False))
        return
    console = report_console()
    render_therapist_summary(console, summary)
    render_insights(console, summary.insights)


def _withheld(found: Sequence[Insight]) -> bool:
    """Whether the insights carry the "some forms not shown to you" row (QA37 #1)."""
    from alliancelens.insights import FORMS_WITHHELD_RULE  # noqa: PLC0415 - start-up time

    return any(i.rule == FORMS_WITHHELD_RULE for i in found)


#: Said on stderr when a supervisor's view leaves some of a client's forms out (QA37 #1).
_WITHHELD_WARNING: Final = (
    "some of the client's measure forms are not shown to you (given at sessions not shared with "
    "you, or not linked to a session): change since intake, on-track status, trajectory alerts "
    "and measure trends are left out"
)


def _check_store_args(targets: list[str], *, measures: Path | None, client: str | None) -> None:
    if len(targets) != 1:
        raise UsageError("give one session:ID or client:ID, without transcript files")
    if measures is not None or client is not None:
        raise UsageError(
            "--measures and --client apply to transcript files; a stored client's "
            "measures come from the store"
        )


def _from_store(
    target: StoreTarget, as_user: str | None, *, trends: bool = False
) -> services.InsightsResult:
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
    if trends and _withheld(result.insights):
        stderr.print(f"warning: {_WITHHELD_WARNING}")  # the insights list has its own row
    return dataclasses.replace(result, insights=(*missing, *result.insights))
