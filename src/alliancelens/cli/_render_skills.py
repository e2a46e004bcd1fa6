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
    return Group(table, *reading)


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
