"""Note sentences: risk statements are not MI talk, directives get no collaboration credit.

Every dialogue here was written for these tests.
"""

from __future__ import annotations

from typing import Any

import pytest

from alliancelens.analysers import AnalysisResult
from alliancelens.analysers.base import FindingSet
from alliancelens.domain import AnalyserRun, RunStatus
from alliancelens.notes._risk import risk_sentences
from alliancelens.notes._transcript import TranscriptFacts
from alliancelens.testing import make_session

SESSION = make_session(
    ("therapist", "How has the week been for you since we last met?"),
    ("client", "Not really good. I just don't want to be here anymore, honestly."),
    ("therapist", "For homework, please do three more thought records and look at the evidence."),
    ("client", "I really do not see the point of any of these worksheets at all."),
    ("therapist", "What is the evidence for and against that thought?"),
    ("client", "Honestly, this job is killing me every single week."),
)
RUNS = tuple(
    AnalyserRun(name, 1, RunStatus.OK)
    for name in ("microskills.codes", "relational.markers", "risk.language")
)


def _facts(codes: dict[int, dict[str, Any]], summary: dict[str, Any]) -> TranscriptFacts:
    result = AnalysisResult(SESSION, FindingSet(()), RUNS)
    full = {u.index: dict(codes.get(u.index, {})) for u in SESSION.utterances}
    return TranscriptFacts(result, full, summary)


def test_risk_flagged_utterance_is_not_quoted_as_sustain_talk() -> None:
    """A client utterance flagged by risk.language is never quoted as change/sustain talk."""
    codes = {
        1: {"client_talk": "sustain", "confidence": {"client_talk": 0.9}},
        3: {"client_talk": "sustain", "confidence": {"client_talk": 0.9}},
    }
    summary = {"risk": [{"index": 1, "kind": "passive_suicidal_ideation"}], "risk_screening": {}}
    texts = [s.text for s in _facts(codes, summary).client_quotes()]
    assert not any("utterance 1," in t for t in texts)
    assert any("utterance 3, sustain talk" in t for t in texts)


def test_directive_gets_no_collaborative_empiricism_credit() -> None:
    """An utterance red-flagged as advice is left out of the collaborative-empiricism line."""
    summary = {
        "relational": {"collaborative_empiricism": {"indexes": [2, 4]}},
        "red_flags": [{"index": 2, "kind": "unsolicited_advice"}],
    }
    texts = [s.text for s in _facts({}, summary).interventions()]
    assert "Collaborative empiricism (automated coding): utterance(s) 4." in texts


def test_set_aside_items_are_not_listed_in_the_note() -> None:
    """Idioms and other set-aside readings stay in the JSON; the note has no line for them."""
    screening = {
        "screened": {"utterances": 3, "kinds": ["suicidal_ideation"]},
        "set_aside": [
            {"index": 5, "kind": "idiom", "reason": "idiom or hyperbole"},
            {"index": 5, "kind": "idiom", "reason": "figure of speech"},
        ],
    }
    texts = [s.text for s in risk_sentences(_facts({}, {"risk_screening": screening}))]
    assert not any("utterance 5" in t or "set aside" in t for t in texts)


@pytest.mark.parametrize(
    ("codes", "flags", "label", "absent"),
    [
        ({2: {"persuade": True}}, [], "Advice or persuasion without the client's permission", ""),
        ({}, ["unsolicited_advice"], "Advice or persuasion without the client's permission", ""),
        ({2: {"input": "advice"}}, [], "Advice given", "permission"),
        (
            {2: {"input": "advice", "confront": True, "persuade": True}},
            ["judgmental_remark"],
            "Criticism or confrontation",
            "Advice",
        ),
        ({2: {"input": "information", "confront": True}}, [], "Criticism or confrontation", ""),
        # MITI Persuade with Permission: a joint task offered with collaboration (QA 15 item 4)
        (
            {2: {"input": "advice", "persuade": True, "seeking_collaboration": True}},
            [],
            "Advice given",
            "Advice or persuasion without",
        ),
        (
            {2: {"persuade": True, "emphasising_autonomy": True}, 4: {"input": "advice"}},
            [],
            "Advice given",
            "Advice or persuasion without",
        ),
    ],
)
def test_directive_turns_are_listed_by_what_they_are(
    codes: dict[int, dict[str, Any]], flags: list[str], label: str, absent: str
) -> None:
    """Persuasion and unasked advice are listed as advice; criticism only as criticism."""
    summary = {"red_flags": [{"index": 2, "kind": kind} for kind in flags]}
    texts = [s.text for s in _facts(codes, summary).interventions()]
    assert any(t.startswith(f"{label} (automated coding): utterance(s)") for t in texts)
    assert not absent or not any(t.startswith(absent) for t in texts)


def test_interpreter_relay_keeps_the_client_own_words_out_of_talk_quotes() -> None:
    """A risk flag on an interpreter's relay also keeps the client's original turn unquoted."""
    session = make_session(
        ("therapist", "What is the hardest part of the day?"),
        ("client", "Night. Sometimes I would rather not wake up at all, you know."),
        ("other", "He says night. Sometimes he would rather not wake up at all."),
        ("client", "I want to get back to work and feel useful to my family again."),
    )
    result = AnalysisResult(session, FindingSet(()), RUNS)
    codes = {
        1: {"client_talk": "sustain", "confidence": {"client_talk": 0.9}},
        3: {"client_talk": "change", "confidence": {"client_talk": 0.9}},
    }
    full = {u.index: dict(codes.get(u.index, {})) for u in session.utterances}
    summary = {"risk": [{"index": 2, "kind": "passive_suicidal_ideation"}], "risk_screening": {}}
    texts = [s.text for s in TranscriptFacts(result, full, summary).client_quotes()]
    assert not any("utterance 1," in t for t in texts)
    assert any("utterance 3, change talk" in t for t in texts)


def test_non_english_speech_is_neither_quoted_nor_counted_as_mi_talk() -> None:
    """A French utterance coded by the English coder is left out, and the note says why."""
    session = make_session(
        ("therapist", "Shall we talk about the week?"),
        ("client", "Je pense que je vais essayer de marcher tous les jours avec mon chien."),
        ("client", "I think I could walk the dog every morning before work this week."),
    )
    result = AnalysisResult(session, FindingSet(()), RUNS)
    full = {
        0: {},
        1: {"client_talk": "change", "confidence": {"client_talk": 0.9}},
        2: {"client_talk": "change", "confidence": {"client_talk": 0.9}},
    }
    facts = TranscriptFacts(result, full, {"risk_screening": {}})
    quoted = [s.text for s in facts.client_quotes()]
    assert any("utterance 2," in t for t in quoted) and not any("utterance 1," in t for t in quoted)
    (balance,) = [s.text for s in facts.talk_balance()]
    assert "1 client utterance(s) coded as change talk" in balance
    assert "1 utterance(s) not in English (1)" in balance


@pytest.mark.parametrize(("confidence", "quoted"), [(0.31, False), (0.59, False), (0.6, True)])
def test_only_confident_change_or_sustain_codes_are_quoted(confidence: float, quoted: bool) -> None:
    """A code the coder is unsure of (< 0.6) is counted in the estimate but never quoted."""
    codes = {3: {"client_talk": "sustain", "confidence": {"client_talk": confidence}}}
    facts = _facts(codes, {"risk_screening": {}})
    texts = [s.text for s in facts.client_quotes()]
    assert any("utterance 3, sustain talk" in t for t in texts) is quoted
    (count,) = [s.text for s in facts.talk_balance()]
    assert "1 as sustain talk" in count


@pytest.mark.parametrize(
    ("codes", "flags", "still_reflection"),
    [
        ({2: {"reflection": "complex"}}, ["unsolicited_advice"], False),
        ({2: {"reflection": "simple", "persuade": True}}, [], False),
        ({2: {"reflection": "complex", "affirm": True}}, ["judgmental_remark"], False),
        ({2: {"reflection": "complex", "input": "advice"}}, [], True),
    ],
    ids=["red-flag-advice", "persuade-code", "criticism", "advice-asked-for"],
)
def test_a_turn_listed_as_unasked_advice_is_not_also_a_reflection(
    codes: dict[int, dict[str, Any]], flags: list[str], still_reflection: bool
) -> None:
    """One utterance is never claimed as both a reflection and advice without permission."""
    summary = {"red_flags": [{"index": 2, "kind": kind} for kind in flags]}
    texts = [s.text for s in _facts(codes, summary).interventions()]
    praised = [t for t in texts if t.startswith(("Complex", "Simple", "Affirmations"))]
    assert bool(praised) is still_reflection
    assert any("utterance(s) 2" in t for t in texts)  # still listed once, by what it is


def test_an_open_question_stays_listed_beside_unasked_advice() -> None:
    """Only reflections, affirmations, collaboration and autonomy give way to the advice line."""
    codes = {2: {"question": "open", "persuade": True}}
    texts = [s.text for s in _facts(codes, {}).interventions()]
    assert any(t.startswith("Open questions (automated coding): utterance(s) 2") for t in texts)
