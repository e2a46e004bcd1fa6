"""Risk follow-up and safety planning in the note; what counts as change talk; note wording.

Every dialogue here was written for these tests (different wording from any tester's session).
"""

from __future__ import annotations

from typing import Any

import pytest

from alliancelens.analysers import AnalysisResult
from alliancelens.analysers.base import FindingSet
from alliancelens.domain import AnalyserRun, RunStatus
from alliancelens.notes._followup import follow_up_of
from alliancelens.notes._risk import risk_review, risk_sentences
from alliancelens.notes._transcript import TranscriptFacts, span
from alliancelens.testing import make_session

SESSION = make_session(
    ("therapist", "Where would you like to start today?"),  # 0
    ("client", "The garden, I suppose. I finally planted the beans."),  # 1
    ("therapist", "You got them in at last."),  # 2
    ("client", "Lately I keep thinking everyone would manage fine if I was gone for good."),  # 3
    ("therapist", "I'm glad you told me. How often do those thoughts come?"),  # 4
    ("client", "Every few days. Mostly when the house is empty."),  # 5
    ("therapist", "Have you had any thoughts of ending your life?"),  # 6
    ("client", "No, I wouldn't. I just feel like a weight on them."),  # 7
    ("therapist", "Could we put together a plan for those evenings, and who you could call?"),  # 8
    ("client", "My neighbour Dot, and my brother. I want to start walking with Dot again."),  # 9
    ("therapist", "I'll give you the crisis line number before you go."),  # 10
    ("client", "Okay. I'll keep it in my wallet."),  # 11
    ("therapist", "Shall we go back to the beans and the allotment plans?"),  # 12
    ("client", "I'd like to build a proper bean frame this spring."),  # 13
    ("therapist", "What would the first step be?"),  # 14
    ("client", "Buying the canes, probably, on Saturday."),  # 15
)
RUNS = tuple(
    AnalyserRun(name, 1, RunStatus.OK)
    for name in ("microskills.codes", "risk.language", "ruptures.detector")
)
FLAG = {"index": 3, "kind": "passive_suicidal_ideation", "rule": "model", "basis": "model"}
SCREENING = {
    "screened": {"utterances": 8, "kinds": ["suicidal_ideation", "passive_suicidal_ideation"]},
    "flagged": 1,
    "set_aside": [
        {"index": 7, "kind": "suicidal_ideation", "reason": "denial"},
        {"index": 1, "kind": "idiom", "reason": "idiom or hyperbole"},
    ],
    "possible": [],
}


def _facts(
    summary: dict[str, Any], codes: dict[int, dict[str, Any]] | None = None
) -> TranscriptFacts:
    result = AnalysisResult(SESSION, FindingSet(()), RUNS)
    full = {u.index: dict((codes or {}).get(u.index, {})) for u in SESSION.utterances}
    return TranscriptFacts(result, full, summary)


def _flagged(follow: bool | None) -> dict[str, Any]:
    return {"risk": [{**FLAG, "therapist_follow_up": follow}], "risk_screening": SCREENING}


def test_follow_up_names_the_therapist_turns_and_safety_planning() -> None:
    """A followed-up flag lists the therapist's follow-up turns and the safety-planning ones."""
    found = follow_up_of(_flagged(True)["risk"][0], SESSION.utterances)
    assert found.turns == (4, 6, 8, 10) and found.safety == (8, 10)


def test_flag_sentence_gives_the_follow_up_indexes_never_no_follow_up() -> None:
    """The risk line says where the therapist followed up and never 'No therapist follow-up'."""
    texts = [s.text for s in risk_sentences(_facts(_flagged(True)))]
    (line,) = [t for t in texts if t.startswith("FOR CLINICIAN REVIEW")]
    assert "followed it up at utterance(s) 4, 6, 8, 10" in line
    assert not any("No therapist follow-up" in t for t in texts)


def test_recorded_follow_up_indexes_are_used() -> None:
    """``follow_up_indexes`` recorded by the risk analyser are part of the follow-up."""
    flag = {**FLAG, "therapist_follow_up": True, "follow_up_indexes": [12]}
    assert 12 in follow_up_of(flag, SESSION.utterances).turns


def test_plan_quotes_the_safety_plan_and_the_client_reply() -> None:
    """The plan quotes each safety-planning turn with the client's reply, then the review line."""
    texts = [s.text for s in risk_review(_facts(_flagged(True)))]
    assert any("therapist (utterance 8)" in t and "(utterance 9)" in t for t in texts)
    assert any("therapist (utterance 10)" in t and "wallet" in t for t in texts)
    assert texts[-1].startswith("Review the possible risk language at utterance 3")


def test_no_follow_up_is_said_only_when_none_was_found() -> None:
    """A flag the therapist moved on from says no follow-up was detected (no invented one)."""
    quiet = make_session(
        ("therapist", "How was the journey in?"),
        ("client", "Some days I wish I could just disappear for good."),
        ("therapist", "The buses have been awful this week, haven't they?"),
        ("client", "Awful, yes."),
    )
    flag = {"index": 1, "kind": "passive_suicidal_ideation", "therapist_follow_up": False}
    facts = TranscriptFacts(
        AnalysisResult(quiet, FindingSet(()), RUNS),
        {u.index: {} for u in quiet.utterances},
        {"risk": [flag], "risk_screening": SCREENING},
    )
    (line,) = [s.text for s in risk_sentences(facts) if s.text.startswith("FOR CLINICIAN")]
    assert "No therapist follow-up was detected" in line


def test_screening_answer_is_quoted_and_idiom_set_aside_is_not() -> None:
    """The client's answer to a screening question is quoted; an idiom set aside is not listed."""
    texts = [s.text for s in risk_sentences(_facts(_flagged(True)))]
    assert any("screening question by the therapist at utterance 6" in t for t in texts)
    assert not any("utterance 1" in t and "set aside" in t for t in texts)
    assert not any("set aside" in t for t in texts)


def test_change_talk_count_leaves_out_risk_statements_and_answers() -> None:
    """Flagged, denial and follow-up answers are not counted as change talk, and it says so."""
    codes = {
        i: {"client_talk": "change", "confidence": {"client_talk": 0.9}}
        for i in (3, 5, 7, 9, 13, 15)
    }
    facts = _facts(_flagged(True), codes)
    (line,) = [s.text for s in facts.talk_balance()]
    assert line.startswith("Automated estimate: 2 client utterance(s) coded as change talk")
    assert "not counting 4 utterance(s)" in line
    assert "flagged by the risk screen for review: 3;" in line
    assert "answering the therapist's risk follow-up: 5, 7, 9)" in line
    quoted = [s.text for s in facts.client_quotes()]
    assert quoted and not any(f"utterance {i}," in t for t in quoted for i in (3, 5, 7, 9))


@pytest.mark.parametrize(
    ("start", "end", "brackets", "expected"),
    [
        (31, 31, False, "at utterance 31"),
        (4, 9, False, "from utterance 4 to 9"),
        (33, 33, True, "utterance 33"),
        (13, 23, True, "utterances 13–23"),
    ],
)
def test_span_never_repeats_one_index(start: int, end: int, brackets: bool, expected: str) -> None:
    """A one-utterance episode reads 'at utterance 31', never 'from utterance 31 to 31'."""
    assert span(start, end, brackets=brackets) == expected


def test_resolved_rupture_without_strategy_has_no_empty_brackets() -> None:
    """A rupture resolved with no therapist strategy says so instead of '()'."""
    episode = {
        "kind": "withdrawal",
        "start_index": 13,
        "end_index": 13,
        "resolved": True,
        "resolution_index": 15,
        "resolution_strategies": [],
        "evidence_indexes": [13, 15],
    }
    (line,) = [s.text for s in _facts({"ruptures": [episode]}).ruptures()]
    assert "()" not in line and "at utterance 13" in line
    assert "no therapist repair strategy identified" in line


@pytest.mark.parametrize(
    "reply",
    [
        "When was the most recent time you burned yourself?",  # the last episode
        "Did you have to see a doctor about the burns?",  # medical care
        "How did you burn yourself that night?",  # echoes the disclosure's words
        "That sounds like it was a very hard week.",  # acknowledgement, first turn
        "You burned yourself because nothing else helped.",  # reflection repeating her words
    ],
)
def test_detail_questions_and_reflections_count_as_follow_up(reply: str) -> None:
    """Asking about the last time, care or detail, or reflecting the disclosure, is follow-up."""
    session = make_session(
        ("client", "On Friday I burned my hand on the hob on purpose."),
        ("therapist", reply),
        ("client", "Yes."),
    )
    flag = {"index": 0, "kind": "self_harm", "therapist_follow_up": False}
    assert follow_up_of(flag, session.utterances).turns == (1,)


def test_an_acknowledgement_later_in_the_run_does_not_extend_it() -> None:
    """After two unrelated turns the run has ended; a late acknowledgement is not follow-up."""
    session = make_session(
        ("client", "I scratched my arms until they bled last night."),
        ("therapist", "How did you look after the scratches afterwards?"),
        ("client", "Plasters."),
        ("therapist", "Shall we look at your homework sheet?"),
        ("client", "Okay."),
        ("therapist", "What did the sheet say about Monday?"),
        ("client", "Not much."),
        ("therapist", "That sounds frustrating."),
    )
    flag = {"index": 0, "kind": "self_harm", "therapist_follow_up": True}
    assert follow_up_of(flag, session.utterances).turns == (1,)


def test_safety_plan_steps_asked_one_by_one_are_quoted_with_the_answers() -> None:
    """After 'a plan for those evenings', warning signs and coping asked apart are plan lines."""
    session = make_session(
        ("therapist", "How are the nights?"),  # 0
        ("client", "Some nights I wish I could just vanish and not wake up."),  # 1
        ("therapist", "Thank you for saying so. Shall we make a plan for those nights?"),  # 2
        ("client", "Alright."),  # 3
        ("therapist", "Which early warning signs should we write down?"),  # 4
        ("client", "I stop answering my phone and stay in bed."),  # 5
        ("therapist", "And what can you do when those times come?"),  # 6
        ("client", "Put the radio on and text my cousin."),  # 7
    )
    result = AnalysisResult(session, FindingSet(()), RUNS)
    flag = {**FLAG, "index": 1, "therapist_follow_up": True}
    facts = TranscriptFacts(result, {u.index: {} for u in session.utterances}, {"risk": [flag]})
    assert follow_up_of(flag, session.utterances).safety == (2, 4, 6)
    texts = [s.text for s in risk_review(facts)]
    assert any('"I stop answering my phone and stay in bed."' in t for t in texts)
    assert any('"Put the radio on and text my cousin."' in t for t in texts)
    assert {5, 7} <= facts.risk_indexes()  # never quoted as change talk
