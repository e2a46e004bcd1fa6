"""Human-readable terminal reports (rich). The library never prints; this module does."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich import box
from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from alliancelens.analysers import AnalysisResult
from alliancelens.cli._output import markup_text
from alliancelens.cli._render_alliance import render_alliance, render_ruptures
from alliancelens.cli._render_relational import render_relational, render_risk
from alliancelens.cli._render_skills import render_skills
from alliancelens.domain import RunStatus
from alliancelens.services import AnalysisBatch

__all__ = ["render_batch", "render_session"]

_STATUS = {
    RunStatus.OK: "[green]✓ ok[/]",
    RunStatus.FAILED: "[red]✗ not analysed (failed)[/]",
    RunStatus.SKIPPED: "[yellow]– not analysed (skipped)[/]",
}


def render_batch(console: Console, batch: AnalysisBatch, *, warnings: bool = True) -> None:
    """Print every session's report, then an overview when there are several sessions.

    ``warnings=False`` leaves the reader warnings out of the sessions (the caller prints them
    on stderr: ``analyze`` in the terminal, QA42 #11).
    """
    for file in batch.files:
        for result in file.results:
            console.print(
                render_session(
                    result,
                    source=f"{file.ingest.path} ({file.ingest.format})",
                    warnings=file.ingest.warnings_for(result.session.id) if warnings else (),
                )
            )
    if len(batch.results) > 1:
        console.print(_overview(batch.results))


def render_session(
    result: AnalysisResult, *, source: str = "", warnings: Sequence[str] = ()
) -> RenderableType:
    """One session as a panel: header, talk table, analyser status and warnings."""
    session = result.session
    # "#5" below is utterance index 5: the sixth turn (QA29 #14: a clinician counting from 1
    # would land on the wrong line otherwise)
    facts = [f"{len(session.utterances)} utterances (#N = utterance N, counted from #0)"]
    if session.date:
        facts.insert(0, session.date.isoformat())
    if session.modality:
        facts.append(escape(session.modality))
    speakers = ", ".join(f"{escape(s.label)} ({s.role.value})" for s in session.speakers)
    parts: list[RenderableType] = [
        markup_text(f"[dim]{escape(source)}[/]") if source else Text(""),
        markup_text(" · ".join(facts)),
        markup_text(f"Speakers: {speakers}"),
        render_risk(result),
    ]
    talk = _summary(result, "talk")
    parts.append(_talk_table(talk) if talk else markup_text("[yellow]Talk: not analysed[/]"))
    if talk:
        parts.append(Text(_talk_reading(talk)))
    parts.append(render_skills(result))
    parts.extend(render_relational(result))
    parts.extend((render_ruptures(result), render_alliance(result)))
    parts.append(_analyser_table(result))
    parts.extend(markup_text(f"[yellow]warning:[/] {escape(w)}") for w in warnings)
    return Group(Rule(f"[bold]Session {escape(session.id)}[/]"), *parts, Text(""))


def _summary(result: AnalysisResult, family: str) -> dict[str, Any] | None:
    for finding in result.findings:
        if finding.kind == f"{family}.summary" and isinstance(finding.value, dict):
            return finding.value
    return None


def _pct(share: float | None) -> str:
    return "–" if share is None else f"{share * 100:.0f}%"


def _talk_table(talk: dict[str, Any]) -> Table:
    basis = "time" if talk["basis"] == "time" else "words"
    table = Table(
        title=f"Talk (share by {basis}; Turn = mean words per turn, Qs = utterances with a "
        "question mark, not the coded questions below; Intr = interruptions)",
        title_justify="left",
        expand=False,
        box=box.SIMPLE_HEAD,
    )
    for column in ("Speaker", "Role", "Utt", "Words", "Share", "Turn", "Longest", "Qs", "Intr"):
        table.add_column(column, justify="left" if column in {"Speaker", "Role"} else "right")
    for row in talk["by_speaker"]:
        longest = f"{row['longest_turn_words']}w #{row['longest_turn_index']}"
        table.add_row(
            escape(row["speaker"]),
            row["role"],
            str(row["utterances"]),
            str(row["words"]),
            _pct(row["talk_share"]),
            "–" if row["mean_turn_words"] is None else f"{row['mean_turn_words']:.1f}w",
            longest,
            str(row["questions"]),
            "–" if row["interruptions"] is None else str(row["interruptions"]),
        )
    return table


def _talk_reading(talk: dict[str, Any]) -> str:
    roles = talk["by_role"]
    therapist = roles.get("therapist", {}).get("talk_share")
    client = roles.get("client", {}).get("talk_share")
    if not talk.get("words"):  # every turn is punctuation or silence (QA qa36 #10)
        return "Talk share could not be compared (no words to compare)."
    if therapist is None or client is None:
        return "Talk share could not be compared (a role is missing)."
    lead = "therapist" if therapist > client else "client(s)"
    text = (
        f"The therapist spoke {_pct(therapist)} and the client(s) {_pct(client)} of the "
        f"session ({'timed' if talk['basis'] == 'time' else 'by words'}); the {lead} held the "
        "floor more."
    )
    if talk["overlaps"] is not None:
        text += f" {talk['overlaps']} overlap(s), {talk['interruptions']} interruption(s)."
    return text


def _analyser_table(result: AnalysisResult) -> Table:
    table = Table(
        title="Analysers", title_justify="left", expand=False, show_header=False, box=None
    )
    table.add_column("name")
    table.add_column("status")
    table.add_column("reason")
    for run in result.runs:
        table.add_row(f"{run.name} v{run.version}", _STATUS[run.status], escape(run.reason or ""))
    return table


def _overview(results: Sequence[AnalysisResult]) -> Table:
    table = Table(title="All sessions", title_justify="left")
    for column in ("Session", "Date", "Utterances", "Therapist share", "Client share"):
        table.add_column(column)
    for result in results:
        talk = _summary(result, "talk") or {}
        roles = talk.get("by_role", {})
        table.add_row(
            escape(result.session.id),
            result.session.date.isoformat() if result.session.date else "–",
            str(len(result.session.utterances)),
            _pct(roles.get("therapist", {}).get("talk_share")),
            _pct(roles.get("client", {}).get("talk_share")),
        )
    return table
