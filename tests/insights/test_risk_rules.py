"""Transcript risk language as insights and per-session status (flagged / none / not analysed)."""

from __future__ import annotations

from typing import Any

import pytest

from alliancelens.insights import (
    InsightConfig,
    InsightKind,
    insights_for_caseload,
    risk_status,
    session_not_analysed,
)

from .insights_helpers import caseload, record

#: A screen that read every client utterance of ``record()`` (10 of its 20 turns).
SCREENED: dict[str, Any] = {
    "statement": "screened",
    "screened": {"utterances": 10},
    "not_screened": [],
    "possible": [],
}
FLAG = {"index": 7, "kind": "passive_suicidal_ideation", "severity": "low"}
HIGH = {"index": 5, "kind": "suicidal_ideation", "severity": "high"}


@pytest.mark.parametrize(
    ("summary", "state"),
    [
        ({"risk": [FLAG], "risk_screening": SCREENED}, "flagged"),
        ({"risk": [], "risk_screening": SCREENED}, "none_flagged"),
        ({"risk_screening": SCREENED}, "none_flagged"),
        ({"talk": {}}, "not_analysed"),
        ({"risk": [FLAG]}, "not_analysed"),
    ],
)
def test_risk_status_keeps_the_three_states_apart(summary: dict[str, Any], state: str) -> None:
    """A session without a screening summary is *not analysed*, never "none flagged"."""
    assert risk_status("s1", summary).state == state


def test_risk_status_names_session_utterances_and_highest_severity() -> None:
    """The status text names the session, each flagged utterance and the highest severity."""
    status = risk_status("sam-03", {"risk": [FLAG, HIGH], "risk_screening": SCREENED})
    assert status.indexes == (5, 7) and status.severity == "high"
    assert status.text == (
        "risk language for clinician review at session sam-03, utterances 5, 7 "
        "(highest severity: high)"
    )


def test_flagged_session_gives_an_alert_with_the_flagged_utterances() -> None:
    """A session with risk flags gives a risk_language alert whose evidence is the flags."""
    found = insights_for_caseload(
        caseload(record(risk=[FLAG], risk_screening=SCREENED)),
        InsightConfig(),
        rules=["risk_language"],
    )
    assert [(i.kind, i.evidence[0].utterance_indexes) for i in found] == [(InsightKind.ALERT, (7,))]
    assert "at session 1 of 1, utterance 7" in found[0].explanation


@pytest.mark.parametrize(
    ("summary", "rules"),
    [
        ({"talk": {}}, ["risk_not_analysed"]),
        ({"risk": [], "risk_screening": SCREENED}, []),
    ],
)
def test_unanalysed_risk_is_a_prompt_and_none_flagged_is_silent(
    summary: dict[str, Any], rules: list[str]
) -> None:
    """Risk not analysed prompts 'not analysed'; screened with no flag gives no risk insight."""
    found = insights_for_caseload(
        caseload(record(**summary)),
        InsightConfig(),
        rules=["risk_language", "risk_not_analysed"],
    )
    assert [i.rule for i in found] == rules


def test_risk_alert_comes_first() -> None:
    """The risk alert is reported before growth areas and strengths of the same session."""
    found = insights_for_caseload(caseload(record(risk=[HIGH], risk_screening=SCREENED)))
    assert found[0].rule == "risk_language"


@pytest.mark.parametrize(
    ("flags", "present", "absent"),
    [
        (
            [{**FLAG, "basis": "model", "rule": "model"}],
            "trained risk-language model alone",
            "C-SSRS",
        ),
        ([{**FLAG, "rule": "model"}], "trained risk-language model alone", "wording rules"),
        (
            [{**FLAG, "basis": "wording", "rule": "passive.wish_dead"}],
            "wording rules (C-SSRS",
            "model",
        ),
        (
            [{**FLAG, "basis": "wording"}, {**HIGH, "basis": "model"}],
            "§10.1) at 7; by the trained risk-language model alone",
            "",
        ),
    ],
)
def test_alert_basis_comes_from_each_flag(
    flags: list[dict[str, Any]], present: str, absent: str
) -> None:
    """The alert gives each flag's basis/rule, never "by wording" for a model-only flag."""
    found = insights_for_caseload(
        caseload(record(risk=flags, risk_screening=SCREENED)),
        InsightConfig(),
        rules=["risk_language"],
    )
    assert present in found[0].explanation
    assert not absent or absent not in found[0].explanation


def test_unanalysed_session_is_a_not_analysed_prompt_with_the_reason() -> None:
    """An unanalysed stored session is a *not analysed* prompt carrying the store's reason."""
    insight = session_not_analysed("client 2", "4", "analysis consent of client 2 was withdrawn")
    assert insight.kind is InsightKind.PROMPT and insight.evidence[0].session_id == "4"
    assert "not 'no risk'" in insight.explanation
    assert insight.explanation.endswith("analysis consent of client 2 was withdrawn")


@pytest.mark.parametrize(
    ("summary", "rule", "shown"),
    [
        ({"risk": [FLAG], "risk_screening": SCREENED}, "risk_language", "at session 2 of 2,"),
        ({"talk": {}}, "risk_not_analysed", "failed on session 2 of 2,"),
    ],
)
def test_risk_text_names_a_file_session_by_position_not_its_id_header(
    summary: dict[str, Any], rule: str, shown: str
) -> None:
    """A file session whose ``# id:`` is a name is "session 2 of 2" in risk insight text."""
    quiet = record("Jordan Quill 01", risk=[], risk_screening=SCREENED)
    (found,) = insights_for_caseload(
        caseload(quiet, record("Jordan Quill 08", **summary)), rules=[rule]
    )
    assert shown in found.explanation and "Quill" not in found.explanation
    assert found.session_ids == ("Jordan Quill 08",)  # the evidence still points at it
