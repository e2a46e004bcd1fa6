"""Terminal rendering of the micro-skills summary (``summary.skills``)."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from alliancelens.analysers import AnalysisResult
from alliancelens.cli._output import markup_text
from alliancelens.domain import RunStatus

__all__ = ["render_skills"]

_INDEX_LABELS = {
    "reflection_to_question": "Reflections : questions",
    "percent_complex_reflections": "Complex reflections",
    "percent_open_questions": "Open questions",
    "change_talk_share": "Change talk C/(C+S)",
}
_PERCENT = {"percent_complex_reflections", "percent_open_questions", "change_talk_share"}


def render_skills(result: AnalysisResult) -> RenderableType:
    """MITI-style indices with their bands and the plain-language reading, or *not analysed*."""
    skills = next((f.value for f in result.findings if f.kind == "skills.summary"), None)
    if not isinstance(skills, dict):
        run = result.run_of("microskills.summary") or result.run_of("microskills.codes")
        reason = f" ({escape(run.reason)})" if run and run.reason else ""
        status = run.status.value if run and run.status is not RunStatus.OK else "not run"
        return markup_text(f"[yellow]Micro-skills: not analysed — {status}{reason}[/]")
    table = Table(
        title="Micro-skills (automated estimate of MITI 4.2.1 coding)",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        expand=False,
    )
    for column in ("Index", "Value", "Counts", "MITI band"):
        table.add_column(column)
    indices: dict[str, Any] = skills.get("indices", {})
    for key, label in _INDEX_LABELS.items():
        index = indices.get(key)
        if not isinstance(index, dict):
            continue
        table.add_row(label, _value(key, index.get("value")), _counts(index), _band(index))
    reading = [Text(f"• {line}") for line in skills.get("reading", [])]
    left_out = _not_counted(skills)
    return Group(table, *reading, *([Text(left_out)] if left_out else []))


def _not_counted(skills: dict[str, Any]) -> str | None:
    """The risk lines left out of change and sustain talk, and why (as the web panel words it).

    ``microskills.summary`` v4's ``risk_not_counted``; None when none were left out (an older
    summary has no such key; a summary whose risk screen did not run says so in its reading).
    """
    found = skills.get("risk_not_counted")
    if not isinstance(found, dict):
        return None
    indexes = sorted(int(i) for i in found.get("indexes") or [])
    if not indexes:
        return None
    why = str(found.get("why") or "").rstrip(".")
    listed = ", ".join(f"#{i}" for i in indexes)
    return f"Not counted as change or sustain talk: {listed} — {why}."


def _band(index: dict[str, Any]) -> str:
    if index.get("band"):
        return str(index["band"])
    return "too few coded" if index.get("band_withheld") else "–"


def _value(key: str, value: float | None) -> str:
    if value is None:
        return "–"
    if key in _PERCENT:
        return f"{value * 100:.0f}%"
    return f"{value:.2f}"


def _counts(index: dict[str, Any]) -> str:
    numerator, denominator = index.get("numerator"), index.get("denominator")
    if numerator is None or denominator is None:
        return ""
    return f"{numerator}/{denominator}"
