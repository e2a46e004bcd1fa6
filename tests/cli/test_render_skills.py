"""Terminal rendering of summary.skills, including *not analysed*."""

from __future__ import annotations

import dataclasses
import io

from rich.console import Console

from alliancelens.analysers import AnalysisResult, Pipeline, available
from alliancelens.analysers.base import FindingSet
from alliancelens.analysers.talk import TalkStatistics
from alliancelens.cli._render_skills import render_skills
from alliancelens.testing import make_session

SESSION = make_session(
    ("therapist", "What would you like to change?"),
    ("client", "I want to drink less, I really do."),
    ("therapist", "You really want to cut down."),
)


def _text(renderable: object) -> str:
    console = Console(width=120, file=io.StringIO())
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined]


def test_indices_and_reading_are_shown() -> None:
    """With the micro-skills analysers, the index table and the MITI reading appear."""
    classes = available()
    pipeline = Pipeline([classes["microskills.codes"](), classes["microskills.summary"]()])
    text = _text(render_skills(pipeline.run(SESSION)))
    assert "Reflections : questions" in text
    assert "MITI" in text


def test_missing_analyser_is_not_analysed() -> None:
    """Without the micro-skills analysers, the section says not analysed (never 'nothing')."""
    text = _text(render_skills(Pipeline([TalkStatistics()]).run(SESSION)))
    assert "not analysed" in text


def _with_not_counted(indexes: list[int]) -> AnalysisResult:
    """The micro-skills result of SESSION with ``risk_not_counted`` set to ``indexes``."""
    classes = available()
    pipeline = Pipeline([classes["microskills.codes"](), classes["microskills.summary"]()])
    result = pipeline.run(SESSION)
    left_out = {"indexes": indexes, "why": "invented reason for a test"}
    findings = [
        dataclasses.replace(f, value={**f.value, "risk_not_counted": left_out})
        if f.kind == "skills.summary"
        else f
        for f in result.findings
    ]
    return AnalysisResult(result.session, FindingSet(findings), result.runs)


def test_risk_lines_not_counted_are_listed_with_why() -> None:
    """Risk lines left out of change/sustain talk are listed by index with the reason (as web)."""
    text = _text(render_skills(_with_not_counted([3, 1])))
    assert "Not counted as change or sustain talk: #1, #3 — invented reason for a test." in text


def test_no_not_counted_line_when_none_left_out() -> None:
    """With no risk line left out, no 'Not counted' line is printed."""
    text = _text(render_skills(_with_not_counted([])))
    assert "Not counted" not in text
