"""risk.language version 27: a screening answer inside a thread, and lines not in English.

QA43 #2: a "not a denial" answer to "Are you having thoughts of killing yourself?" after an earlier
passive line took the thread's *passive* kind; it takes the question's kind, never a weaker one.
QA42 #12: a Spanish answer inside a thread was listed as a thread follow-up that is "not a
denial"; the English rules cannot read it, so it is reported as not screened. Every dialogue here
was written for these tests.
"""

from __future__ import annotations

import pytest
from risk_helpers import risk_readings

from alliancelens.analysers._risk_types import answer_kind
from alliancelens.analysers.risk import RiskLanguage
from alliancelens.domain import Role, Speaker
from alliancelens.testing import make_session

T, C = "therapist", "client"
PASSIVE_OPENER = "Lately I think my family would be better off if I wasn't around."
SI_OPENER = "Last week I kept thinking about killing myself."
ACTIVE_QUESTIONS = (
    "That sounds so heavy. Are you having thoughts of killing yourself?",
    "Thank you for saying it. Have you had thoughts of ending your life?",
)
ANSWER = "Mostly late at night. I haven't made a plan or anything."


@pytest.mark.parametrize("question", ACTIVE_QUESTIONS)
def test_answer_to_an_active_question_in_a_passive_thread_is_suicidal_ideation(
    question: str,
) -> None:
    """A not-denying answer to an active-ideation question keeps the question's kind in a thread."""
    found = risk_readings(
        (T, "How has the week been?"),
        (C, PASSIVE_OPENER),
        (T, question),
        (C, ANSWER),
    )
    assert found["flags"][1]["kind"] == "passive_suicidal_ideation"
    assert found["flags"][3]["kind"] == "suicidal_ideation"
    assert found["flags"][3]["basis"] == "disclosure_thread"


@pytest.mark.parametrize("question", ACTIVE_QUESTIONS)
def test_thread_answer_is_never_weaker_than_the_same_answer_without_the_thread(
    question: str,
) -> None:
    """With or without an earlier passive line: the same kind, and no lower severity."""
    order = ("low", "moderate", "high")
    alone = risk_readings(
        (T, "How has the week been?"), (C, "Not great."), (T, question), (C, ANSWER)
    )
    threaded = risk_readings(
        (T, "How has the week been?"), (C, PASSIVE_OPENER), (T, question), (C, ANSWER)
    )
    single, in_thread = alone["flags"][3], threaded["flags"][3]
    assert single["basis"] == "answer_to_screening"
    assert in_thread["kind"] == single["kind"]
    assert order.index(in_thread["severity"]) >= order.index(single["severity"])


def test_passive_question_inside_a_suicidal_ideation_thread_keeps_suicidal_ideation() -> None:
    """Suicidal ideation is the stronger form of passive ideation: the thread's kind is kept."""
    found = risk_readings(
        (C, SI_OPENER),
        (T, "Do you sometimes wish you could go to sleep and not wake up?"),
        (C, "Yes, most nights."),
    )
    assert found["flags"][2]["kind"] == "suicidal_ideation"


@pytest.mark.parametrize(
    ("thread", "asked", "expected"),
    [
        ("passive_suicidal_ideation", "suicidal_ideation", "suicidal_ideation"),
        ("suicidal_ideation", "passive_suicidal_ideation", "suicidal_ideation"),
        ("passive_suicidal_ideation", None, "passive_suicidal_ideation"),
        ("self_harm", "suicidal_ideation", "suicidal_ideation"),
        ("harm_to_others", "self_harm", "self_harm"),
    ],
)
def test_answer_kind_takes_the_question_kind_never_weaker(
    thread: str, asked: str | None, expected: str
) -> None:
    """The question's kind; SI kept over a passive question; no question: the thread's."""
    assert answer_kind(thread, asked) == expected


INTERPRETED = (
    ("therapist", "How have you been feeling this week?"),
    ("Interpreter", "¿Cómo se ha sentido esta semana?"),
    ("client", "Cansada. A veces pienso que sería mejor no despertar."),
    (
        "Interpreter",
        "She says she is tired. Sometimes she thinks it would be better not to wake up.",
    ),
    ("therapist", "Is she having thoughts of ending her life?"),
    ("Interpreter", "¿Tiene pensamientos de quitarse la vida?"),
    ("client", "No, nunca haría nada. Por mi hija."),
    ("Interpreter", "No, she would never do anything, because of her daughter."),
)


def test_answer_not_in_english_inside_a_thread_is_not_screened() -> None:
    """A Spanish answer in an open thread is reported as not screened, never as 'not a denial'."""
    session = make_session(*INTERPRETED, speakers=[Speaker("Interpreter", Role.OTHER)])
    values = {f.kind: f.value for f in RiskLanguage().analyse(session)}
    screening = values["risk_screening.summary"]
    assert 3 in {item["index"] for item in values["risk.summary"]}  # the relay is screened
    listed = {int(e["index"]) for e in (*values["risk.summary"], *screening["possible"])}
    assert 6 not in listed
    assert screening["not_english_indexes"] == [2, 6]


def test_version_is_27() -> None:
    """The output changed in version 27 (QA43 #2, QA42 #12), so the version says so."""
    assert RiskLanguage.version >= 27


def test_a_denied_active_question_in_a_self_harm_thread_keeps_the_self_harm_kind() -> None:
    """An answer the model reads as denying the question's kind keeps the thread's kind."""
    found = risk_readings(
        (T, "You said on the phone there had been a slip. Can we go through it?"),
        (C, "Yeah, on Saturday I cut my arm again with a blade, worse than before."),
        (T, "On Saturday, were you thinking about killing yourself, or was it the cutting itself?"),
        (C, "not dying no, i just needed to feel something other than the shouting in my head"),
    )
    entry = found["flags"].get(3) or found["possible"].get(3)
    assert entry is not None and entry["kind"] == "self_harm"
