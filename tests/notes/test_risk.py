"""Risk block of the note: interpreter-relayed answers, history, plan outcomes, medical care.

Every dialogue here was written for these tests (different wording from any tester's session).
"""

from __future__ import annotations

from typing import Any

import pytest

from alliancelens.analysers import AnalysisResult
from alliancelens.analysers.base import FindingSet
from alliancelens.domain import AnalyserRun, Role, RunStatus, Session, Speaker
from alliancelens.notes._risk import risk_review, risk_sentences
from alliancelens.notes._transcript import TranscriptFacts
from alliancelens.testing import make_session

RUNS = tuple(
    AnalyserRun(name, 1, RunStatus.OK)
    for name in ("microskills.codes", "risk.language", "alliance.bordin")
)
ROLES = (
    Speaker("Therapist", Role.THERAPIST),
    Speaker("Tolk", Role.OTHER),
    Speaker("Client", Role.CLIENT),
)
INTERPRETED = make_session(
    ("Therapist", "How have the evenings been?"),  # 0
    ("Tolk", "Wie waren die Abende?"),  # 1
    ("Client", "Schwer. Manchmal will ich nicht mehr aufwachen."),  # 2
    ("Tolk", "He says hard. Sometimes he does not want to wake up any more."),  # 3
    ("Therapist", "Thank you. Are you having any thoughts of killing yourself?"),  # 4
    ("Tolk", "Danke. Haben Sie Gedanken, sich das Leben zu nehmen?"),  # 5
    ("Client", "Nein. Meine Tochter braucht mich."),  # 6
    ("Tolk", "He says no. His daughter needs him."),  # 7
    ("Therapist", "Your daughter matters a great deal to you."),  # 8
    speakers=ROLES,
)
FLAG = {"index": 3, "kind": "passive_suicidal_ideation", "therapist_follow_up": True}


def _facts(session: Session, summary: dict[str, Any]) -> TranscriptFacts:
    result = AnalysisResult(session, FindingSet(()), RUNS)
    return TranscriptFacts(result, {u.index: {} for u in session.utterances}, summary)


def _screening(**extra: Any) -> dict[str, Any]:
    return {"screened": {"utterances": 6, "kinds": ["passive_suicidal_ideation"]}, **extra}


def test_denial_relayed_by_an_interpreter_is_kept_in_the_note() -> None:
    """The client's own answer and the interpreter's relay of it are quoted after the question."""
    facts = _facts(INTERPRETED, {"risk": [FLAG], "risk_screening": _screening()})
    texts = [s.text for s in risk_sentences(facts)]
    answer = next(t for t in texts if "screening question by the therapist at utterance 4" in t)
    assert "answer (utterance 6)" in answer
    assert "relayed by the tolk (utterance 7)" in answer
    assert "His daughter needs him" in answer


def test_flag_on_an_interpreter_turn_says_whose_turn_it_is() -> None:
    """A flag on a non-client turn names the speaker, and the screen count is not 'client'."""
    facts = _facts(INTERPRETED, {"risk": [FLAG], "risk_screening": _screening(flagged=1)})
    texts = [s.text for s in risk_sentences(facts)]
    assert any("utterance 3 (Tolk's turn)" in t for t in texts)
    assert not any("client utterance(s) flagged" in t for t in texts)


def test_past_attempt_set_aside_as_history_is_named_for_the_record() -> None:
    """A statement set aside as past and resolved appears as history, with its quote."""
    session = make_session(
        ("therapist", "Has anything like this happened before?"),
        ("client", "Ten years back I swallowed a bottle of tablets and spent a week on a ward."),
        ("therapist", "That must have been a frightening time."),
    )
    set_aside = [
        {
            "index": 1,
            "kind": "suicidal_ideation",
            "reason": "past and resolved (history; still clinically relevant)",
        },
        {"index": 1, "kind": "self_harm", "reason": "an idiom"},
    ]
    facts = _facts(session, {"risk": [], "risk_screening": _screening(set_aside=set_aside)})
    history = [s.text for s in risk_sentences(facts) if s.text.startswith("History")]
    assert len(history) == 1
    assert "utterance 1" in history[0] and "swallowed a bottle of tablets" in history[0]


MEANS = make_session(
    ("client", "The razor is still in my wash bag."),  # 0
    ("therapist", "Could you hand it in to reception before you leave today?"),  # 1
    ("client", "I'm not sure. It feels like my safety net."),  # 2
    ("therapist", "It makes sense that it feels that way. What would keeping it cost you?"),  # 3
    ("client", "Probably another night like last week."),  # 4
    ("therapist", "What would you like to do?"),  # 5
    ("client", "Alright. I'll leave it at reception on the way out."),  # 6
    ("therapist", "Let's get the practice nurse to look at that burn on your arm first."),  # 7
    ("client", "Fine."),  # 8
    ("therapist", "How did the week go otherwise?"),  # 9
)
RAZOR = {"index": 0, "kind": "self_harm", "therapist_follow_up": True}


def test_plan_gives_the_client_last_word_after_a_hesitant_reply() -> None:
    """After an unsure reply to a means-safety proposal, the client's later decision is quoted."""
    lines = [s.text for s in risk_review(_facts(MEANS, {"risk": [RAZOR]}))]
    means = next(t for t in lines if "therapist (utterance 1)" in t)
    assert "client's reply (utterance 2)" in means
    assert "later, the client (utterance 6)" in means and "leave it at reception" in means


BURN = make_session(
    ("client", "I burned my wrist with a lighter on Sunday."),  # 0
    ("therapist", "Thank you for telling me. Has it blistered?"),  # 1
    ("client", "A bit. It's weeping."),  # 2
    ("therapist", "Let's ask the practice nurse to dress it before you go home."),  # 3
    ("client", "Okay, if she's free."),  # 4
    ("therapist", "Did it need medical attention at the time?"),  # 5
    ("client", "No."),  # 6
)


def test_plan_lists_the_medical_follow_up_of_an_injury() -> None:
    """Arranging for a wound to be seen is a plan line; asking about medical care is not."""
    flag = {"index": 0, "kind": "self_harm", "therapist_follow_up": True}
    lines = [s.text for s in risk_review(_facts(BURN, {"risk": [flag]}))]
    medical = [t for t in lines if t.startswith("Medical follow-up")]
    assert len(medical) == 1
    assert "utterance 3" in medical[0] and "client's reply (utterance 4)" in medical[0]
    assert not any("Record the safety plan" in t for t in lines)


def test_agreed_reply_is_quoted_without_a_later_word() -> None:
    """A reply that agrees at once is the outcome: no 'later' quote is added."""
    session = make_session(
        ("client", "I kept some of the old pills in a shoebox."),
        ("therapist", "Would your partner lock them away for now?"),
        ("client", "Yes, she can keep them in her work bag."),
        ("therapist", "Good. What else is on your mind?"),
        ("client", "Work, mostly."),
    )
    flag = {"index": 0, "kind": "suicidal_ideation", "therapist_follow_up": True}
    lines = [s.text for s in risk_review(_facts(session, {"risk": [flag]}))]
    plan = next(t for t in lines if "therapist (utterance 1)" in t)
    assert "client's reply (utterance 2)" in plan and "later" not in plan


ECHOED = make_session(
    ("therapist", "What has been on your mind since Monday?"),
    ("client", "My landlord again. Some days I could strangle him, honestly."),
    ("therapist", "Landlords can wear anyone down. What did the landlord do this time?"),
    ("client", "Raised the rent without any notice."),
)


@pytest.mark.parametrize(
    ("recorded", "expected"),
    [
        (False, "The risk screen, which reads only the next therapist turn, found no follow-up"),
        (True, "The therapist followed it up at utterance(s) 2 (automated reading)."),
    ],
)
def test_follow_up_wording_never_contradicts_the_analysis(recorded: bool, expected: str) -> None:
    """When analyze recorded no follow-up but the note's reading finds one, both are named."""
    flag = {"index": 1, "kind": "harm_to_others", "therapist_follow_up": recorded}
    summary = {"risk": [flag], "risk_screening": _screening(flagged=1)}
    (line,) = [s.text for s in risk_sentences(_facts(ECHOED, summary)) if "REVIEW" in s.text]
    assert expected in line
    assert ("reads only the next therapist turn" in line) is not recorded
    assert "`" not in line and "therapist_follow_up" not in line  # plain words (QA35 #6)


SPANISH = make_session(
    ("therapist", "¿Cómo ha ido la semana?"),  # 0
    ("client", "Muy mal, la verdad. No tengo ganas de nada."),  # 1
    ("therapist", "Cuéntame más."),  # 2
    ("client", "Quiero desaparecer y ya he pensado cómo."),  # 3
)


@pytest.mark.parametrize(
    ("screened", "unread", "expected"),
    [
        (0, [1, 3], "NOT ANALYSED — none of the 2 client utterance(s) reads as English"),
        (1, [3], "1 more did not read as English and were not screened (utterance(s) 3)"),
    ],
    ids=["nothing-read", "partly-read"],
)
def test_lines_in_another_language_are_not_analysed_not_unflagged(
    screened: int, unread: list[int], expected: str
) -> None:
    """risk.language v25: the note never turns lines it could not read into '0 flagged'."""
    screening = {"screened": {"utterances": screened}, "not_english_indexes": unread}
    facts = _facts(SPANISH, {"risk": [], "risk_screening": screening})
    (text,) = [s.text for s in risk_sentences(facts) if "risk-language screen" in s.text]
    assert expected in text
    assert "0 of 0" not in text
