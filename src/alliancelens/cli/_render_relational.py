"""Terminal rendering of risk language, therapist red flags and relational markers.

Risk comes first and is always explicit about its status: flags are *for clinician review*; an
empty list is "no risk language detected by this analyser" with what was and was not screened;
a failed or skipped analyser is **not analysed**, never "no risk".
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from alliancelens.analysers import AnalysisResult
from alliancelens.cli._output import markup_text
from alliancelens.domain import RunStatus
from alliancelens.report import kind_label, red_flag_limits, set_aside_groups

__all__ = ["render_relational", "render_risk"]


def _value(result: AnalysisResult, kind: str) -> Any:
    return next((f.value for f in result.findings if f.kind == kind), None)


def _not_analysed(result: AnalysisResult, name: str) -> str | None:
    """Why analyser ``name`` gave no result ('not in the pipeline', 'failed: ...'), or None."""
    run = result.run_of(name)
    if run is None:
        return "not in the pipeline"
    if run.status is RunStatus.OK:
        return None
    return f"{run.status.value}: {run.reason or 'no reason given'}"


def render_risk(result: AnalysisResult) -> RenderableType:
    """The risk panel: flags for clinician review, nothing detected, or NOT ANALYSED."""
    title = "[bold]Risk language — for clinician review[/]"
    problem = _not_analysed(result, "risk.language")
    if problem is not None:
        body = markup_text(
            f"[bold red]NOT ANALYSED[/] ({escape(problem)}). This is not 'no risk': read the "
            "transcript for risk yourself."
        )
        return Panel(body, title=title, border_style="red", expand=False)
    items: list[dict[str, Any]] = _value(result, "risk.summary") or []
    screening: dict[str, Any] = _value(result, "risk_screening.summary") or {}
    parts: list[RenderableType] = []
    statement = str(screening.get("statement", ""))
    if screening.get("roles_guessed"):
        from alliancelens.analysers._risk_screening import GUESSED_ROLES_NOTE  # noqa: PLC0415

        # v20 (QA20 #1): the guess goes first, before any flag, not at the end of the report
        parts.append(markup_text(f"[bold yellow]{escape(GUESSED_ROLES_NOTE)}[/]"))
        statement = statement.removeprefix(GUESSED_ROLES_NOTE).strip()
    if items:
        parts.append(_risk_table(items))
    danger = screening.get("third_party_danger") or []
    if danger:  # v23 (QA31 #4): tier 3, never folded into the set-aside line
        parts.append(markup_text(_danger_line(danger)))
    parts.append(Text(statement))
    not_screened = screening.get("not_screened") or []
    if not_screened:
        parts.append(markup_text(f"[dim]Not screened: {escape('; '.join(not_screened))}.[/]"))
    wording, model = set_aside_groups(screening)
    if wording or model:
        parts.append(markup_text(f"[dim]{escape(_set_aside_line(wording, model))}[/]"))
    possible = screening.get("possible") or []
    if possible:
        parts.append(markup_text(_possible_line(possible)))
    style = "red" if items or danger else "green"
    return Panel(Group(*parts), title=title, border_style=style, expand=False)


def _danger_line(danger: list[dict[str, Any]]) -> str:
    """Third-party danger (risk.language v23): someone else at risk, for safeguarding review."""
    where = ", ".join(f"#{int(entry['index'])}" for entry in danger)
    return (
        f"[bold red]Third-party danger — for clinician review (safeguarding)[/]: {len(danger)} "
        f"utterance(s) ({escape(where)}) report a specific danger to or from someone else (a "
        "plan, means, a date or a threat). Not a flag about the client; act on it as a "
        "safeguarding matter (clinical reference §10.3 tier 3)."
    )


#: How the terminal names the basis of a *possible* entry (JSON ``basis``).
_POSSIBLE_BASIS = {
    "model": "trained model alone",
    "thread_follow_up": "answers inside a disclosure thread",
    "roles_guessed": "speaker roles guessed",
    "shared_disclosure": "another member's 'me too'",
    "identification": "identifies with someone's act",
    "finality": "speaks with finality (a possible goodbye)",
}


def _possible_line(possible: list[dict[str, Any]]) -> str:
    """The *possible* readings, sorted, grouped by what they rest on (JSON ``basis``)."""
    by_basis: dict[str, list[int]] = {}
    for entry in possible:
        label = _POSSIBLE_BASIS.get(str(entry.get("basis")), "flag routed to review")
        by_basis.setdefault(label, []).append(int(entry["index"]))
    groups = "; ".join(
        f"{label}: {', '.join(f'#{i}' for i in sorted(indexes))}"
        for label, indexes in sorted(by_basis.items(), key=lambda kv: min(kv[1]))
    )
    return (
        f"[yellow]{len(possible)} possible reading(s) below the flag line[/] ({escape(groups)}), "
        "for post-session review; often ordinary talk, listed with their reasons and model "
        "scores in the JSON report."
    )


def _risk_table(items: list[dict[str, Any]]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, expand=False)
    for column in ("Utt", "Kind (statement severity)", "Why", "Therapist follow-up"):
        table.add_column(column)
    for item in items:
        follow = {True: "yes", False: "[yellow]not detected[/]", None: "–"}[
            item.get("therapist_follow_up")
        ]
        table.add_row(
            f"[bold]#{item['index']}[/]",
            f"{kind_label(item['kind'])} ({item['severity']})",
            escape(item["reason"]),
            follow,
        )
    return table


def render_relational(result: AnalysisResult) -> list[RenderableType]:
    """Therapist red flags and relational markers (empathy, Rogers, collaboration, feedback)."""
    return [_red_flags(result), _markers(result)]


def _red_flags(result: AnalysisResult) -> RenderableType:
    problem = _not_analysed(result, "red_flags.therapist")
    if problem is not None:
        return markup_text(f"[yellow]Therapist red flags: not analysed ({escape(problem)})[/]")
    items: list[dict[str, Any]] = _value(result, "red_flags.summary") or []
    limits = red_flag_limits(result)
    note = "".join(f" {limit}" for limit in limits)
    if not items:
        return Text(f"Therapist red flags: none detected.{note}")
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        by_kind.setdefault(item["kind"], []).append(item)
    lines = ["Therapist red flags (openings for reflection, not verdicts):"]
    for kind, found in by_kind.items():
        where = ", ".join(f"#{i['index']}" for i in found if i["index"] is not None)
        detail = where
        if kind == "therapist_own_problems" and found[0].get("share_of_therapist_words"):
            detail += f" (about {found[0]['share_of_therapist_words']:.0%} of therapist words)"
        if kind == "dominating_talk_time":
            detail = found[0]["reason"]
        lines.append(f"  • {kind_label(kind)}: {detail}")
    lines.extend(f" {limit}" for limit in limits)
    return Text("\n".join(lines))


def _markers(result: AnalysisResult) -> RenderableType:
    problem = _not_analysed(result, "relational.markers")
    if problem is not None:
        return markup_text(f"[yellow]Relational markers: not analysed ({escape(problem)})[/]")
    value: dict[str, Any] | None = _value(result, "relational.summary")
    if not value:
        return Text("Relational markers: no therapist utterances.")
    mean = value["empathy"]["mean"]
    empathy = ", ".join(
        f"{label} {mean[key]:.2f}" if mean[key] is not None else f"{label} –"
        for key, label in (
            ("emotional_reactions", "ER"),
            ("interpretations", "IP"),
            ("explorations", "EX"),
        )
    )
    lines = [f"Empathy (EPITOME estimate, mean level 0–2 per therapist utterance): {empathy}"]
    for key, label in (
        ("positive_regard", "Positive regard / validation"),
        ("criticism", "Criticism"),
        ("congruence", "Congruence (owning a mistake, here-and-now)"),
        ("collaborative_empiricism", "Collaborative empiricism"),
        ("feedback_elicitation", "Feedback asked for"),
    ):
        marker = value[key]
        where = ", ".join(f"#{i}" for i in marker["indexes"][:8])
        more = " …" if marker["count"] > 8 else ""
        lines.append(f"{label}: {marker['count']}" + (f" ({where}{more})" if where else ""))
    return Text("\n".join(lines))


def _set_aside_line(wording: list[int], model: list[int]) -> str:
    """What the risk screen set aside, risk wording and model readings named apart."""
    parts = []
    if wording:
        parts.append(
            f"{len(wording)} with risk words read as negated, an idiom, third party, past or a "
            f"denial ({', '.join(f'#{i}' for i in wording)})"
        )
    if model:
        parts.append(
            f"{len(model)} trained-model reading(s) set aside (a short answer, or the model read a "
            f"denial, idiom, third party or other topic) ({', '.join(f'#{i}' for i in model)})"
        )
    return "Set aside, not flagged: " + "; ".join(parts) + "; listed in the JSON report."
