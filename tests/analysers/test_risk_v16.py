"""risk.language version 16: content gate, thread kinds, severity from the client's own words,
safety-planning agreement, and an interpreter's relayed speech (docs/analysers/risk.md).

All text is synthetic and written for these tests.
"""

from __future__ import annotations

from typing import Any

import pytest

from alliancelens.analysers._risk_content import grounded, has_risk_content, own_words_high
from alliancelens.analysers._risk_flags import UNGROUNDED_NOTE, masked, normalise
from alliancelens.analysers._risk_relay import RELAYED_NOTE
from alliancelens.analysers.base import FindingSet
from alliancelens.analysers.risk import RiskLanguage
from alliancelens.domain import Role, Session, Speaker, Utterance
from alliancelens.ingest import read_bytes
from alliancelens.models.risk_model import featurise, load_risk_model
from alliancelens.testing import make_session

T, C = "therapist", "client"
#: A plain complaint the shipped model reads as passive ideation from its sentence frame alone.
FRAME_ONLY = ("What about the course?", "I'd be fine if they just posted the marks on time.")


def _risk(session: Session) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    found = {f.kind: f.value for f in RiskLanguage().analyse(session, upstream=FindingSet())}
    return found["risk.summary"], found["risk_screening.summary"]


def _entry(items: list[dict[str, Any]], index: int) -> dict[str, Any] | None:
    return next((i for i in items if i["index"] == index), None)


def test_a_confident_reading_without_risk_content_is_possible_not_a_flag() -> None:
    """A 0.8+ model reading of a line with no risk content is listed as possible, not flagged."""
    prompt, line = FRAME_ONLY
    score = load_risk_model().score(featurise(line, prompt))
    assert score.p_risk >= 0.8  # the model's behaviour the gate is for
    flags, screening = _risk(make_session((T, prompt), (C, line)))
    assert flags == []
    entry = _entry(screening["possible"], 1)
    assert entry is not None
    assert UNGROUNDED_NOTE in entry["reason"]


def test_a_thread_opened_without_risk_content_makes_no_later_flags() -> None:
    """Follow-up answers after a content-free model reading are never flagged."""
    prompt, line = FRAME_ONLY
    session = make_session(
        (T, prompt),
        (C, line),
        (T, "Have you told your tutor that?"),
        (C, "I sent an email. She said she'd look into it, but I doubt anything changes."),
        (T, "Are you missing meals with all this going on?"),
        (C, "Most days, yes. I grab something from the machine if I remember."),
    )
    flags, _ = _risk(session)
    assert flags == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the printer jammed again before the meeting", False),
        ("i'd be fine if they posted the marks on time", False),
        ("i keep a few tablets back in the drawer", True),
        ("some nights i wish i wouldn't wake up", True),
        ("i sat outside his flat for an hour", True),
    ],
)
def test_risk_content_is_found_by_meaning_fields(text: str, expected: bool) -> None:
    """The content net reads semantic fields (means, not waking, approach), not ordinary talk."""
    assert has_risk_content(masked(text)) is expected


def test_a_risk_question_before_a_line_grounds_the_model_reading() -> None:
    """The therapist turn before the line counts: a screening question grounds a bare answer."""
    prompt = normalise("Have you had thoughts of ending your life?")
    assert grounded(masked("Most evenings, honestly."), prompt)
    assert not grounded(masked("Most evenings, honestly."), normalise("How is the new job?"))


@pytest.mark.parametrize(
    ("text", "high"),
    [
        ("not a plan, no, it just drifts in", False),
        ("i've been saving my tablets in a tin", True),
        ("okay, that would help", False),
        ("i know where he parks every night", True),
    ],
)
def test_high_comes_only_from_the_clients_own_words(text: str, high: bool) -> None:
    """Plan, means, weapon or approach worded by the client make 'high'; a negated plan does not."""
    assert own_words_high(masked(text)) is high


def test_a_frequency_answer_takes_the_threads_kind_and_is_never_high() -> None:
    """A count of evenings after a passive wish reads as that passive wish, not 'high' anything."""
    session = make_session(
        (T, "How have the evenings been?"),
        (C, "Some evenings I wish I could go to bed and simply not wake up."),
        (T, "Thank you for telling me. How often do those thoughts come?"),
        (C, "Two or three evenings a week, mostly late."),
    )
    flags, screening = _risk(session)
    entries = [e for e in flags + screening["possible"] if e["index"] == 3]
    assert entries
    assert all(e["kind"] == "passive_suicidal_ideation" for e in entries)
    assert all(e["severity"] != "high" for e in entries)


@pytest.mark.parametrize(
    ("question", "answer", "severity"),
    [
        ("Have you thought about how you would do it?", "Yes, I have.", "high"),
        (
            "Have you been thinking about ending your life?",
            "I took the cord out to the shed and tied it to the beam to see.",
            "high",
        ),
        ("Have you been thinking about ending your life?", "Sometimes, yes.", "moderate"),
    ],
)
def test_an_answer_takes_the_questions_severity_raised_by_own_words(
    question: str, answer: str, severity: str
) -> None:
    """Version 17: a 'yes' to a method question is high; means in the answer raise it to high."""
    session = make_session((T, question), (C, answer))
    flags, _ = _risk(session)
    entry = _entry(flags, 1)
    assert entry is not None
    assert entry["severity"] == severity


SAFETY_PLANNING = (
    (T, "How has the fortnight been?"),
    (C, "Heavy. I keep thinking everyone would be better off without me."),
    (T, "Thank you for saying that. Let's put together a plan for the evenings, the two of us."),
    (C, "Okay. That sounds like it would help."),
    (T, "What has helped in the past when it gets like this?"),
    (C, "Phoning my brother. Going for a run by the park."),
    (T, "Could we write those two down now?"),
    (C, "Yes, let's do it."),
)


@pytest.mark.parametrize("index", [3, 5, 7])
def test_agreeing_to_safety_planning_and_naming_coping_are_not_ideation(index: int) -> None:
    """Agreeing to a safety-planning proposal and naming coping are neither flagged nor listed."""
    flags, screening = _risk(make_session(*SAFETY_PLANNING))
    assert _entry(flags, 1) is not None  # the disclosure itself stays flagged
    assert _entry(flags, index) is None
    assert _entry(screening["possible"], index) is None


def _interpreted(*turns: tuple[str, Role, str]) -> Session:
    utterances = tuple(Utterance(i, s, r, t) for i, (s, r, t) in enumerate(turns))
    speakers = tuple({u.speaker: Speaker(u.speaker, u.role) for u in utterances}.values())
    return Session(id="interp", utterances=utterances, speakers=speakers)


def test_an_interpreters_relayed_disclosure_is_flagged_as_the_clients() -> None:
    """'He says he ...' from a translator is screened as the client's own words, and says so."""
    session = _interpreted(
        ("Therapist", Role.THERAPIST, "What has the week been like?"),
        ("Client", Role.CLIENT, "(speaks in Tigrinya)"),
        ("Translator", Role.OTHER, "He says he wants to end his life and he has a rope ready."),
    )
    flags, screening = _risk(session)
    entry = _entry(flags, 2)
    assert entry is not None
    assert entry["kind"] == "suicidal_ideation"
    assert RELAYED_NOTE in entry["reason"]
    assert entry["relayed"] is True
    assert screening["screened"]["relayed_by_interpreter"] == 1


def test_an_interpreter_relaying_someone_elses_act_stays_third_party() -> None:
    """Relayed speech about a relative ('her cousin hurt himself') is not the client's risk."""
    session = _interpreted(
        ("Therapist", Role.THERAPIST, "How are things at home?"),
        ("Interpreter", Role.OTHER, "She says her cousin hurt himself badly at work last year."),
    )
    flags, _ = _risk(session)
    assert _entry(flags, 1) is None


def test_with_only_an_interpreter_the_warning_says_what_was_screened() -> None:
    """No client but an interpreter: the warning says the other speaker was screened, not 'none'."""
    text = "Therapist: How are you?\nInterpreter: He says he is very tired.\n"
    result = read_bytes(text.encode(), "s.txt")
    warnings = " ".join(result.all_warnings)
    assert "no utterance was screened" not in warnings
    assert "were screened for risk" in warnings
