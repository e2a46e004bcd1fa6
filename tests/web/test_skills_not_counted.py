"""Micro-skills panel: the risk lines left out of change and sustain talk, linked, and why."""

from __future__ import annotations

import dataclasses

from alliancelens.analysers import AnalysisResult, default_pipeline
from alliancelens.analysers.microskills import RISK_NOT_COUNTED_WHY
from alliancelens.testing import make_session
from alliancelens.web._analysis_view import session_view
from alliancelens.web._render import TEMPLATES

SESSION = make_session(
    ("therapist", "What has been on your mind since we last met?"),
    ("client", "I want to get back to running, I know it helps me."),
    ("therapist", "Running matters to you. What else?"),
    ("client", "Some nights I think everyone would be better off without me."),
    ("therapist", "Thank you for telling me that. Can we talk about those nights?"),
)


def _with_left_out(result: AnalysisResult, indexes: list[int]) -> AnalysisResult:
    """``result`` whose skills summary lists ``indexes`` as risk lines not counted."""
    left_out = {"indexes": indexes, "risk_screen_read": True, "why": RISK_NOT_COUNTED_WHY}
    findings = tuple(
        dataclasses.replace(f, value={**f.value, "risk_not_counted": left_out})
        if f.kind == "skills.summary"
        else f
        for f in result.findings
    )
    return dataclasses.replace(result, findings=findings)


def _skills_panel(result: AnalysisResult) -> str:
    html = TEMPLATES.get_template("_analysis.html").render(view=session_view(result, SESSION))
    start = html.index('id="skills"')
    return html[start : html.index("</section>", start)]


def test_panel_lists_the_lines_not_counted_and_why() -> None:
    """Each left-out line is an utterance link, followed by the summary's reason."""
    panel = _skills_panel(_with_left_out(default_pipeline().run(SESSION), [3, 1]))
    assert "Not counted as change or sustain talk:" in panel
    assert panel.index('href="#u1"') < panel.index('href="#u3"')
    assert RISK_NOT_COUNTED_WHY in panel


def test_panel_says_nothing_when_no_line_was_left_out() -> None:
    """With no risk line left out (or an older summary without the field) there is no line."""
    plain = default_pipeline().run(SESSION)
    assert "Not counted as change" not in _skills_panel(_with_left_out(plain, []))
