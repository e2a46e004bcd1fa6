"""The note's subjective: change/sustain talk only in MI-like sessions, and the client's mood.

QA 22 items 7 and 9. Every dialogue here was written for these tests.
"""

from __future__ import annotations

from typing import Any

import pytest

from alliancelens.analysers import AnalysisResult
from alliancelens.analysers.base import FindingSet
from alliancelens.domain import AnalyserRun, RunStatus
from alliancelens.notes._client import evoking_turns, mi_like, mood, subjective
from alliancelens.notes._transcript import TranscriptFacts
from alliancelens.testing import make_session

RUNS = tuple(AnalyserRun(name, 1, RunStatus.OK) for name in ("microskills.codes", "risk.language"))
#: Client turns 1, 3 and 5 carry confident change-talk codes in every session below.
CODES = {i: {"client_talk": "change", "confidence": {"client_talk": 0.95}} for i in (1, 3, 5)}


def _facts(*turns: tuple[str, str], summary: dict[str, Any] | None = None) -> TranscriptFacts:
    session = make_session(*turns)
    result = AnalysisResult(session, FindingSet(()), RUNS)
    codes = {u.index: dict(CODES.get(u.index, {})) for u in session.utterances}
    return TranscriptFacts(result, codes, summary or {})


MI = (
    ("therapist", "What are the less good things about the gaming for you?"),
    ("client", "I lose whole nights to it and then work is a nightmare."),
    ("therapist", "If nothing changed, where would you be in a year?"),
    ("client", "Probably still stuck in the same flat with the same job."),
    ("therapist", "How important is it to you to cut back, from one to ten?"),
    ("client", "Maybe a seven, if I'm honest with myself."),
)
NOT_MI = (
    ("therapist", "Let's look at the thought record from Tuesday."),
    ("client", "I wrote that everyone at the party was judging me."),
    ("therapist", "What evidence did you find for that thought?"),
    ("client", "Someone laughed when I spilled my drink on the floor."),
    ("therapist", "And what evidence against it?"),
    ("client", "My friend said nobody even noticed it at all."),
)


def test_an_mi_session_quotes_and_counts_change_talk() -> None:
    """Three evoking questions: the change talk is quoted and counted."""
    facts = _facts(*MI)
    assert evoking_turns(facts) == [0, 2, 4]
    texts = [s.text for s in subjective(facts)]
    assert any("change talk by automated coding" in t for t in texts)
    assert any(t.startswith("Automated estimate: 3 client utterance(s)") for t in texts)


def test_a_session_without_evoking_questions_has_no_change_talk_in_the_note() -> None:
    """A CBT-style review with the same codes: no change/sustain quote or count in the note."""
    texts = [s.text for s in subjective(_facts(*NOT_MI))]
    assert not any("talk" in t for t in texts)


def test_one_evoking_question_about_a_named_behaviour_is_mi_like() -> None:
    """One evoking question plus the behaviour named twice by the therapist is MI-like."""
    facts = _facts(
        ("therapist", "Tell me about the vaping at work."),
        ("client", "I go through a whole pod before lunch most days."),
        ("therapist", "What are the not so good things about the vaping for you?"),
        ("client", "The cost, and my chest feels tight on the stairs now."),
        ("therapist", "The stairs."),
        ("client", "I'd like to be able to run for the bus again."),
    )
    assert mi_like(facts)
    assert not mi_like(_facts(*NOT_MI[:2], ("therapist", "What is the downside of that?")))


def test_a_flagged_turn_is_never_quoted_as_change_talk_even_in_mi() -> None:
    """A client turn the risk screen flagged stays out of the change-talk quotes."""
    summary = {"risk": [{"index": 3, "kind": "passive_suicidal_ideation"}]}
    texts = [s.text for s in subjective(_facts(*MI, summary=summary))]
    assert not any("utterance 3, change talk" in t for t in texts)


@pytest.mark.parametrize(
    ("question", "answer", "quoted"),
    [
        ("How's your mood been since we last met?", "Pretty grey, honestly.", True),
        ("How have you been feeling this week?", "Up and down.", True),
        ("How are you feeling about coming here today?", "Nervous about it.", False),
        ("You said your mood dipped. Was that on Friday?", "No, Saturday.", False),
    ],
)
def test_an_answer_to_a_mood_question_is_quoted(question: str, answer: str, quoted: bool) -> None:
    """A question about mood is answered in the client's words; feelings about being here not."""
    facts = _facts(("therapist", question), ("client", answer))
    texts = [s.text for s in mood(facts)]
    assert bool(texts) is quoted
    if quoted:
        assert texts[0].endswith(f'"{answer}"') and "question at utterance 0" in texts[0]


def test_an_unprompted_first_person_mood_report_is_quoted() -> None:
    """'I've been feeling really flat' is quoted without a mood question before it."""
    facts = _facts(
        ("therapist", "Where shall we start?"),
        ("client", "I've been feeling really flat since the move."),
        ("therapist", "Since the move."),
        ("client", "My sister thinks I should get out more."),
    )
    (line,) = [s.text for s in mood(facts)]
    assert "utterance 1;" in line and "flat since the move" in line
