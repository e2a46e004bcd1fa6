"""Terminal rendering of summary.skills, including *not analysed*."""

from __future__ import annotations

import io

from rich.console import Console

from alliancelens.analysers import Pipeline, available
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
