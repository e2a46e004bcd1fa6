"""Strength rules (QA37 #4): each fires on an analyser's positive signal, citing its utterances.

The summaries and codes are hand-made for these tests (even indexes are therapist turns).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from alliancelens.insights import (
    CLIENT_RULES,
    RULES,
    SESSION_RULES,
    InsightConfig,
    InsightKind,
    SessionRecord,
    insights_for_caseload,
)

from .insights_helpers import caseload, record

CONFIG = InsightConfig()
STRENGTHS = (
    "risk_followed_up",
    "feedback_elicited",
    "reflective_listening",
    "complex_reflections",
    "mi_adherent_responses",
)


def _with_codes(found: SessionRecord, codes: dict[int, dict[str, Any]]) -> SessionRecord:
    return dataclasses.replace(found, codes=codes)


def _run(rule: str, *records: SessionRecord) -> list[Any]:
    return insights_for_caseload(caseload(*records), CONFIG, rules=[rule])


def _index(value: float, band: str | None, fair: float, good: float) -> dict[str, Any]:
    return {
        "value": value,
        "numerator": 6,
        "denominator": 4,
        "fair": fair,
        "good": good,
        "band": band,
    }


@pytest.mark.parametrize("rule", STRENGTHS)
def test_every_strength_is_a_strength_and_a_session_rule(rule: str) -> None:
    """Each new rule is registered, runs for one session, and is not a client-series rule."""
    assert rule in RULES and rule in SESSION_RULES and rule not in CLIENT_RULES


@pytest.mark.parametrize(("asked_at", "fires"), [([16], True), ([18, 4], True), ([4], False)])
def test_feedback_elicited_needs_the_question_near_the_end(
    asked_at: list[int], fires: bool
) -> None:
    """Feedback asked in the last 20% is a strength citing that turn; asked early is not."""
    found = _run(
        "feedback_elicited",
        record(relational={"feedback_elicitation": {"count": 1, "indexes": asked_at}}),
    )
    assert bool(found) is fires
    if fires:
        (insight,) = found
        assert insight.kind is InsightKind.STRENGTH
        assert insight.evidence[0].utterance_indexes == tuple(i for i in asked_at if i >= 16)


def test_feedback_elicited_is_quiet_when_relational_did_not_run() -> None:
    """No relational summary: not analysed, so neither a strength nor a growth area."""
    assert _run("feedback_elicited", record()) == []


@pytest.mark.parametrize(
    ("band", "fires"), [("fair", True), ("good", True), ("below fair", False), (None, False)]
)
def test_reflective_listening_follows_the_analysers_miti_band(
    band: str | None, fires: bool
) -> None:
    """R:Q at MITI 'fair' or 'good' is a strength; below fair or a withheld band is not."""
    skills = {"indices": {"reflection_to_question": _index(1.5, band, 1.0, 2.0)}}
    codes = {
        2: {"behaviour": "reflection"},
        4: {"behaviour": "question"},
        6: {"behaviour": "reflection"},
    }
    found = _run("reflective_listening", _with_codes(record(skills=skills), codes))
    assert bool(found) is fires
    if fires:
        (insight,) = found
        assert insight.evidence[0].utterance_indexes == (2, 6)
        assert insight.evidence[0].scores["reflection_to_question"] == 1.5
        assert "MITI 4.2.1" in insight.explanation and "§6.4" in insight.explanation


def test_complex_reflections_cite_the_complex_ones() -> None:
    """%CR at 'good' cites the turns coded complex, not the simple ones."""
    skills = {"indices": {"percent_complex_reflections": _index(0.6, "good", 0.4, 0.5)}}
    codes = {
        2: {"behaviour": "reflection", "reflection": "complex"},
        4: {"behaviour": "reflection", "reflection": "simple"},
        6: {"behaviour": "reflection", "reflection": "complex"},
    }
    (insight,) = _run("complex_reflections", _with_codes(record(skills=skills), codes))
    assert insight.evidence[0].utterance_indexes == (2, 6)
    assert "'good' threshold (50%)" in insight.explanation


def _adherent(non_adherent: int = 0, **summary: Any) -> SessionRecord:
    skills = {"counts": {"mi_non_adherent": non_adherent}}
    codes = {
        2: {"seeking_collaboration": True},
        4: {"emphasising_autonomy": True},
        5: {"affirm": True},
    }
    return _with_codes(record(skills=skills, **summary), codes)


def test_mi_adherent_responses_cite_therapist_turns_only() -> None:
    """Seek (2) and autonomy (4) count; a code on a client turn (5) is never the therapist's."""
    (insight,) = _run("mi_adherent_responses", _adherent())
    assert insight.evidence[0].utterance_indexes == (2, 4)
    assert "seeks collaboration at 2" in insight.explanation


@pytest.mark.parametrize(
    "spoiler",
    [
        {"non_adherent": 1},
        {"red_flags": [{"kind": "unsolicited_advice", "index": 2}]},
        {"red_flags": [{"kind": "judgmental_remark", "index": 4}]},
    ],
    ids=["persuade-in-session", "advice-flag", "judgmental-flag"],
)
def test_mi_adherent_responses_never_credit_a_directive_session(spoiler: dict[str, Any]) -> None:
    """QA37 #5: a non-adherent turn, or a red-flagged 'collaboration', gives no strength."""
    assert _run("mi_adherent_responses", _adherent(**spoiler)) == []


def test_mi_adherent_responses_need_the_codes() -> None:
    """Without per-utterance codes there is no evidence, so no strength (never an empty claim)."""
    assert _run("mi_adherent_responses", record(skills={"counts": {"mi_non_adherent": 0}})) == []


def _flag(follow: bool | None) -> dict[str, Any]:
    flag: dict[str, Any] = {"index": 3, "kind": "passive_suicidal_ideation", "severity": "low"}
    if follow is not None:
        flag["therapist_follow_up"] = follow
    return flag


@pytest.mark.parametrize(("follow", "fires"), [(True, True), (False, False), (None, False)])
def test_risk_followed_up_needs_the_screens_follow_up(follow: bool | None, fires: bool) -> None:
    """A flag the screen saw followed up is a strength citing the flag and the next turn."""
    found = _run("risk_followed_up", record(risk=[_flag(follow)]))
    assert bool(found) is fires
    if fires:
        (insight,) = found
        assert insight.evidence[0].utterance_indexes == (3, 4)
        assert "not a risk assessment" in insight.explanation


def test_a_strength_never_replaces_the_risk_alert() -> None:
    """The followed-up flag keeps its risk_language alert, listed before the strength."""
    summary = {"risk": [_flag(True)], "risk_screening": {"flagged": 1}}
    found = insights_for_caseload(caseload(record(**summary)), CONFIG)
    rules = [i.rule for i in found]
    assert rules.index("risk_language") < rules.index("risk_followed_up")
