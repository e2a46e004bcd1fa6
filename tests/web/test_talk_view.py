"""Session-page talk statistics and the note's change-talk rule (web/_talk_view.py)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from alliancelens import services
from alliancelens.analysers import AnalysisResult
from alliancelens.web._talk_view import change_talk_rule, talk_panel

#: Synthetic, written for these tests: a risk disclosure, then plans for the week.
RISKY = (
    "Therapist: What has been on your mind since we last met?\n"
    "Client: Honestly some nights I think everyone would be better off without me.\n"
    "Therapist: Thank you for telling me. Are you having thoughts of ending your life?\n"
    "Client: Sometimes, but I want to get better and I will call my sister when it gets bad.\n"
    "Therapist: That matters. What else would help this week?\n"
    "Client: I could start walking again in the mornings, I think I can do that.\n"
)
CALM = (
    "Therapist: How did the pottery class go?\n"
    "Client: I made a lopsided bowl and laughed about it, I want to go back next week.\n"
    "Therapist: What made it fun?\n"
    "Client: Nobody minded mistakes, so I could try things.\n"
)


def _analysed(tmp_path: Path, text: str) -> AnalysisResult:
    path = tmp_path / "s.txt"
    path.write_text(text, encoding="utf-8")
    return services.analyse_paths([path]).results[0]


def test_talk_panel_lists_each_speakers_share_turns_and_questions(tmp_path: Path) -> None:
    """Both speakers get a row; shares add up to 100% by words and the therapist asks 2."""
    talk, missing = talk_panel(_analysed(tmp_path, CALM))
    assert missing is None and talk is not None and talk["basis"] == "words"
    rows = {r["role"]: r for r in talk["rows"]}
    assert rows["therapist"]["questions"] == 2 and rows["client"]["turns"] == 2
    shares = [int(r["share"].rstrip("%")) for r in talk["rows"]]
    assert 99 <= sum(shares) <= 101


#: Synthetic: a flagged line, then change talk answering a follow-up (the note leaves it out;
#: the micro-skills table, which leaves out only flagged and possible lines, counts it).
FOLLOW_UP = (
    "Therapist: What has been on your mind since we last met?\n"
    "Client: Honestly some nights I think everyone would be better off without me.\n"
    "Therapist: Thank you for telling me. How have the evenings been?\n"
    "Client: I really want to change how I spend them, I will try reading instead.\n"
)


# RISKY: the note leaves out the flagged and possible lines, which the table (microskills
# .summary v4) leaves out too, so both figures agree and the page says nothing.
@pytest.mark.parametrize(("text", "differs"), [(FOLLOW_UP, True), (RISKY, False), (CALM, False)])
def test_change_talk_rule_only_when_the_note_leaves_utterances_out(
    tmp_path: Path, text: str, differs: bool
) -> None:
    """The page explains the note's figure only when it leaves out lines the table counts."""
    rule = change_talk_rule(_analysed(tmp_path, text))
    assert (rule is not None) is differs
    if rule is not None:
        assert "This table already leaves out" in rule and "also leaves out 1 more" in rule
        assert "not counting" in rule


def test_change_talk_rule_for_a_summary_before_v4(tmp_path: Path) -> None:
    """A stored summary without ``risk_not_counted`` counted every line: the older wording."""
    result = _analysed(tmp_path, RISKY)
    findings = tuple(
        dataclasses.replace(f, value={k: v for k, v in f.value.items() if k != "risk_not_counted"})
        if f.kind == "skills.summary"
        else f
        for f in result.findings
    )
    rule = change_talk_rule(dataclasses.replace(result, findings=findings))
    assert rule is not None and rule.startswith("This table counts every client utterance")
