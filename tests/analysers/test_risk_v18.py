"""Version 18 of ``risk.language``: QA16/QA15 corrections (docs/analysers/risk.md, "Version 18").

All text is synthetic and worded differently from the tester's items.
"""

from __future__ import annotations

import pytest
from risk_helpers import risk_readings

from alliancelens.analysers.base import FindingSet
from alliancelens.analysers.risk import RiskLanguage
from alliancelens.domain import Role, Speaker
from alliancelens.testing import make_session

_run = risk_readings


@pytest.mark.parametrize(
    ("question", "answer", "severity"),
    [
        ("Will you be safe over the weekend?", "Nope.", "high"),
        (
            "Do you think you can keep yourself safe until Friday?",
            "I couldn't promise you.",
            "high",
        ),
        ("Are you feeling safe tonight?", "I'm honestly not sure.", "moderate"),
        ("Could you stay safe till our next session?", "Maybe. Probably.", "moderate"),
    ],
)
def test_answer_to_a_standalone_safety_question_is_flagged(
    question: str, answer: str, severity: str
) -> None:
    """Anything but a clear yes to a safety question with no disclosure before it is a flag."""
    flag = _run(("therapist", question), ("client", answer))["flags"][1]
    assert (flag["kind"], flag["severity"], flag["basis"]) == (
        "suicidal_ideation",
        severity,
        "answer_to_screening",
    )


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Will you be safe over the weekend?", "Yes, I'll be fine, my partner is home."),
        ("Are you both safe now?", "Yeah, he's not allowed near the house any more."),
        ("Do you feel safe to talk about it here?", "Not really."),
        ("Who could help keep you safe this week?", "My neighbour, probably."),
    ],
)
def test_clear_yes_or_other_safety_is_not_flagged(question: str, answer: str) -> None:
    """A clear yes, or a question about others' or the room's safety, is not a flag."""
    assert 1 not in _run(("therapist", question), ("client", answer))["flags"]


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        ("Work is murdering me. Most evenings I think about ending it.", "suicidal_ideation"),
        ("My cousin took his own life in May. I reckon I'll go the same way.", "suicidal_ideation"),
        ("Her mum died last spring. I just want to go with her.", "passive_suicidal_ideation"),
        (
            "my sister said she wants to die over her exams haha but me i really want to die",
            "passive_suicidal_ideation",
        ),
    ],
)
def test_a_guard_sets_aside_only_the_part_it_matched(answer: str, kind: str) -> None:
    """An idiom or third party in one part of a turn leaves first-person risk elsewhere flagged."""
    flags = _run(("therapist", "How has the week gone?"), ("client", answer))["flags"]
    assert flags[1]["kind"] == kind


def test_fear_of_the_same_death_is_not_identification() -> None:
    """'I'm frightened I'll go the same way' after a relative's death is fear, not a wish."""
    out = _run(
        ("therapist", "What brought that up?"),
        ("client", "My uncle died of his heart at fifty. I'm frightened I'll go the same way."),
    )
    assert 1 not in out["flags"]


@pytest.mark.parametrize(
    "answer",
    [
        "the boys keep me going but i've got the tablets ready just in case",
        "A long time ago I planned to hang myself. Recently the thoughts have come back.",
        "Those thoughts about overdosing have returned.",
    ],
)
def test_readied_means_and_returning_thoughts_are_flagged(answer: str) -> None:
    """Means readied 'in case' and thoughts of a method that came back are suicidal ideation."""
    flag = _run(("therapist", "How are things?"), ("client", answer))["flags"][1]
    assert flag["kind"] == "suicidal_ideation"


@pytest.mark.parametrize(
    ("answer", "flagged"),
    [
        ("Not yet, they're in the bathroom cabinet.", True),
        ("No, I still have them.", True),
        ("Yes, my dad has them now.", False),
    ],
)
def test_saved_means_question(answer: str, flagged: bool) -> None:
    """A 'no' to 'did you hand over the pills you've been saving?' is high; a yes closes it."""
    question = "Did you hand in the pills you've been saving, like we said?"
    flags = _run(("therapist", question), ("client", answer))["flags"]
    assert (1 in flags) is flagged
    if flagged:
        assert flags[1]["severity"] == "high"


def test_reported_threat_is_set_aside_as_danger_from_another_person() -> None:
    """'My partner told me he'll stab him' is danger to the client, not their own violence."""
    out = _run(
        ("therapist", "How are things at home?"),
        ("client", "My boyfriend told me if I talk to another man he'll stab him."),
    )
    assert 1 not in out["flags"]
    assert any("danger to the client" in entry["reason"] for entry in out["aside"])


@pytest.mark.parametrize(
    ("answer", "flagged_kind"),
    [
        ("I'd never end my life, but most weeks are a struggle.", None),
        (
            "I'd never kill myself, not with the grandkids. But I do wish I'd get knocked down.",
            "passive_suicidal_ideation",
        ),
    ],
)
def test_denial_keeps_its_own_clause(answer: str, flagged_kind: str | None) -> None:
    """A 'but' clause after a denial is judged on its own: nothing, or its own passive wish."""
    flags = _run(("therapist", "How have you been feeling?"), ("client", answer))["flags"]
    assert (flags[1]["kind"] if 1 in flags else None) == flagged_kind


def test_carrying_a_weapon_is_screened() -> None:
    """Going round with a blade is harm-to-others language for review."""
    flags = _run(
        ("therapist", "What's different since the break-in?"),
        ("client", "I've started carrying a blade in my jacket when I go out."),
    )["flags"]
    assert flags[1]["kind"] == "harm_to_others"


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Where are the razors now?", "I handed them to my mum on Saturday, she has them."),
        ("What keeps you from acting on it?", "My nan. And my two dogs."),
    ],
)
def test_protective_answers_in_a_thread_are_not_flags(question: str, answer: str) -> None:
    """Giving up the means or naming reasons for living is protective, never a flag."""
    out = _run(
        ("client", "I keep thinking about cutting myself again."),
        ("therapist", question),
        ("client", answer),
    )
    assert 0 in out["flags"]
    assert 2 not in out["flags"]


def test_nothing_stops_me_stays_a_flag() -> None:
    """'Not much' to 'what stops you' is not a reason for living."""
    out = _run(
        ("client", "I think about killing myself most evenings."),
        ("therapist", "What stops you from acting on it?"),
        ("client", "Honestly? Not much any more."),
    )
    assert 2 in out["flags"]


def test_plan_answer_in_a_passive_thread_is_active_ideation() -> None:
    """A method answer inside a passive thread is suicidal ideation, never 'passive ... high'."""
    out = _run(
        ("client", "Some evenings I just want everything to be over."),
        ("therapist", "Do you have a plan?"),
        ("client", "Kind of. I know which car park."),
    )
    assert (out["flags"][2]["kind"], out["flags"][2]["severity"]) == ("suicidal_ideation", "high")


def test_an_interpreters_rendering_of_the_therapist_is_not_screened() -> None:
    """Version 19: the interpreter putting the therapist's question to the client is not client
    speech; the interpreter relaying the client is still screened."""
    session = make_session(
        ("therapist", "Have you thought about how you might end your life?"),
        ("Interpreter", "¿Ha pensado en cómo podría quitarse la vida?"),
        ("client", "No."),
        ("Interpreter", "He says no, he has never thought about how."),
        ("therapist", "Thank you. What helps on the hard evenings?"),
        ("Interpreter", "Gracias. ¿Qué le ayuda en las noches difíciles?"),
        ("client", "Mi perro."),
        ("Interpreter", "He says he wants to die some nights, but his dog helps."),
        speakers=[Speaker("Interpreter", Role.OTHER)],
    )
    findings = RiskLanguage().analyse(session, upstream=FindingSet())
    values = {f.kind: f.value for f in findings}
    screening = values["risk_screening.summary"]
    listed = [e["index"] for e in values["risk.summary"] + screening["possible"]]
    assert 1 not in listed and 5 not in listed
    assert [f["index"] for f in values["risk.summary"]] == [7]
    assert screening["screened"]["interpreter_renderings_not_screened"] == 2
