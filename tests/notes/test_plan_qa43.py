"""QA43 #9: a task the client accepted is quoted with the therapist's proposal, once.

Before, the PLAN read `Task accepted by the client (utterance 11): "Okay, I can do that."` and the
plan line quoting the proposal was dropped because the task line cited the same reply; and a
"Yes" to a reflection of the client's goal was listed as a task accepted. The summaries and
codes here are hand-made and every dialogue was written for these tests.
"""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

from alliancelens.analysers import AnalysisResult
from alliancelens.analysers.base import FindingSet
from alliancelens.domain import AnalyserRun, RunStatus
from alliancelens.notes import build_note
from alliancelens.testing import make_session

RUNS = (
    AnalyserRun("risk.language", 1, RunStatus.OK),
    AnalyserRun("alliance.bordin", 1, RunStatus.OK),
)


def _plan(turns: list[tuple[str, str]], accepted: list[int], codes: dict[int, Any]) -> list[str]:
    """The note's PLAN lines, with the alliance's ``task_accepted`` at ``accepted``."""
    session = make_session(*turns)
    evidence = [{"index": i, "signal": "task_accepted", "weight": 1.5} for i in accepted]
    summary = {"alliance": {"task": {"evidence": evidence}}, "risk": [], "risk_screening": {}}
    result = AnalysisResult(session, FindingSet(()), RUNS)
    with patch("alliancelens.notes._transcript.codes_and_summary", return_value=(codes, summary)):
        note = build_note(result, "soap")
    (plan,) = [s for s in note.sections if s.name == "Plan"]
    return [s.text for s in plan.sentences if "utterance" in s.text and "risk" not in s.text]


def test_accepted_task_quotes_the_proposal_and_the_reply_once() -> None:
    """A proposal the plan reader found and the alliance's task signal give one quoted line."""
    lines = _plan(
        [
            ("therapist", "What has eased things this week?"),
            ("client", "Walking the dog in the park."),
            ("therapist", "Would you be willing to walk her again before we next meet?"),
            ("client", "Okay, I can do that."),
        ],
        [3],
        {2: {"behaviour": "question"}},
    )
    assert lines == [
        'Plan agreed — proposed by the therapist (utterance 2): "Would you be willing to walk '
        'her again before we next meet?"; accepted by the client (utterance 3): "Okay, I can do '
        'that." (automated reading; record the plan in your own words).'
    ]


def test_task_signal_without_a_plan_line_still_quotes_the_proposal() -> None:
    """A task the plan reader missed is quoted with the therapist turn it answers."""
    (line,) = _plan(
        [
            ("therapist", "Writing the worry down when it starts might take some weight off."),
            ("client", "I could try it."),
        ],
        [1],
        {0: {"behaviour": "giving information"}},
    )
    assert line.startswith('Plan agreed — proposed by the therapist (utterance 0): "Writing')
    assert 'accepted by the client (utterance 1): "I could try it."' in line


def test_yes_to_a_goal_reflection_is_not_a_task_accepted() -> None:
    """Agreement with a reflection of the client's goal is left out of the plan's tasks."""
    lines = _plan(
        [
            ("therapist", "What would you like to be different?"),
            ("client", "I'd like to feel like myself again and get back to swimming."),
            ("therapist", "So feeling like yourself again, and swimming is part of that."),
            ("client", "Yes. That would help a lot."),
        ],
        [3],
        {2: {"behaviour": "reflection", "reflection": "simple"}},
    )
    assert not any("Task accepted" in line or "utterance 3" in line for line in lines)
