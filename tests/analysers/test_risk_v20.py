"""Version 20 of ``risk.language``: QA20/QA21 corrections (docs/analysers/risk.md, "Version 20").

All text is synthetic and worded differently from the testers' items.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from alliancelens.analysers._risk_content import about_attendance, has_risk_content
from alliancelens.analysers._risk_model_gate import model_flag
from alliancelens.analysers._risk_types import Cuts, Reading
from alliancelens.analysers.base import FindingSet
from alliancelens.analysers.risk import RiskLanguage, screen_text
from alliancelens.domain import ROLES_GUESSED, Role, Session, Speaker
from alliancelens.models.risk_model import RiskScore
from alliancelens.testing import make_session


def _values(session: Session, *, use_model: bool = True) -> dict[str, Any]:
    findings = RiskLanguage(use_model=use_model).analyse(session, upstream=FindingSet())
    return {f.kind: f.value for f in findings}


def _run(*turns: tuple[str, str], use_model: bool = True) -> dict[str, Any]:
    values = _values(make_session(*turns), use_model=use_model)
    screening = values["risk_screening.summary"]
    return {
        "flags": {item["index"]: item for item in values["risk.summary"]},
        "possible": {item["index"]: item for item in screening["possible"]},
        "aside": screening["set_aside"],
        "screening": screening,
    }


def _guessed(session: Session) -> Session:
    return dataclasses.replace(session, metadata={**session.metadata, ROLES_GUESSED: "yes"})


# A wrong guess: the real therapist ("Lee") was taken for the client.
_FLIPPED = (
    ("Kim", "hi there sorry the bus was late"),
    ("Lee", "no problem how have the nights been"),
    ("Kim", "bad i lie awake and think nobody would notice if i was gone"),
    ("Lee", "thank you for saying that have you had thoughts of taking your own life"),
    ("Kim", "not really not like that"),
    ("Lee", "and have you ever thought about how you would do it"),
)


def test_guessed_roles_never_make_a_risk_question_a_high_flag() -> None:
    """With guessed roles, a risk question said by the 'client' is possible, low, never a flag."""
    session = _guessed(make_session(*_FLIPPED, speakers=[Speaker("Lee", Role.CLIENT)]))
    values = _values(session)
    flags = {item["index"]: item for item in values["risk.summary"]}
    possible = {item["index"]: item for item in values["risk_screening.summary"]["possible"]}
    for index in (3, 5):
        assert index not in flags
        assert (possible[index]["basis"], possible[index]["severity"]) == ("roles_guessed", "low")
        assert "check who said it" in possible[index]["reason"]


def test_guessed_roles_open_the_screening_statement() -> None:
    """The screening summary says first, and as a field, that the roles were guessed."""
    screening = _values(_guessed(make_session(*_FLIPPED)))["risk_screening.summary"]
    assert screening["roles_guessed"] is True
    assert screening["statement"].startswith("Speaker roles were guessed")
    known = _run(("therapist", "How are you?"), ("client", "Fine."))["screening"]
    assert known["roles_guessed"] is False and "guessed" not in known["statement"]


def test_possible_entries_are_in_utterance_order() -> None:
    """Entries added after the main reading (roles guessed, group) are sorted by index."""
    possible = _values(_guessed(make_session(*_FLIPPED)))["risk_screening.summary"]["possible"]
    indexes = [entry["index"] for entry in possible]
    assert indexes == sorted(indexes)


def _score(p_risk: float) -> RiskScore:
    return RiskScore(p_risk, "passive_suicidal_ideation", 0.9, "moderate", "risk", 0.9, 0.9, ())


def test_model_reading_inside_a_thread_names_the_thread_it_joins() -> None:
    """A thread reason names the utterance that opened it, and context_indexes holds it."""
    u = make_session(("client", "then everything would fall apart")).utterances[0]
    reading = Reading(None, (), [], "then everything would fall apart")
    flag = model_flag(
        u,
        reading,
        _score(0.9),
        Cuts(0.8, 0.42, 0.42),
        set_aside=[],
        possible=[],
        thread=("passive_suicidal_ideation", "low", 7),
    )
    assert flag is not None and flag.context == [7]
    assert "thread opened at utterance 7" in flag.reason
    assert "probability" not in flag.reason and "score 0.90" in flag.reason


def test_ungrounded_model_reading_is_low() -> None:
    """A model reading with no risk words to rate is listed as possible with severity low."""
    u = make_session(("client", "the line keeps dropping out on my end")).utterances[0]
    reading = Reading(None, (), [], "the line keeps dropping out on my end")
    possible: list[dict[str, Any]] = []
    flag = model_flag(
        u, reading, _score(0.9), Cuts(0.8, 0.42, 0.42), set_aside=[], possible=possible,
        grounded=False,
    )  # fmt: skip
    assert flag is None and possible[0]["severity"] == "low"


@pytest.mark.parametrize(
    ("text", "attendance"),
    [
        ("once we finish today i won't be coming back here", True),
        ("honestly what's the point in coming to therapy", True),
        ("i won't be coming here next week and i won't be around at all", False),
        ("i don't see the point in going on", False),
    ],
)
def test_talk_about_attending_therapy_is_not_risk_content(text: str, attendance: bool) -> None:
    """'Coming here' is the sessions; a line with risk content besides it is not set aside."""
    assert about_attendance(text) is attendance


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("what happens if you're not here in august", False),
        ("some days i would rather not be here", True),
        ("it would be easier if i wasn't around", True),
        ("he keeps a handgun under the seat", True),
    ],
)
def test_risk_content_net(text: str, content: bool) -> None:
    """The therapist's absence is not the client's; a handgun is a weapon."""
    assert has_risk_content(text) is content


def test_acting_on_or_planning_question_is_a_follow_up() -> None:
    """'Have you thought about acting on them, or making plans?' follows the disclosure up."""
    found = _run(
        ("therapist", "What goes through your mind late at night?"),
        ("client", "Some nights I wish I could go to sleep and never wake up."),
        ("therapist", "Have you ever come close to acting on those, or making any plans?"),
        use_model=False,
    )
    assert found["flags"][1]["therapist_follow_up"] is True


def test_a_reframe_after_no_does_not_negate_the_wish() -> None:
    """'Not a plan, no, it's more like I wish ...': the 'no' negates the plan, not the wish."""
    found = _run(
        ("therapist", "When you say you want out, what do you mean?"),
        ("client", "not planning anything no its more like i wish i could just disappear"),
        use_model=False,
    )
    assert found["flags"][1]["basis"] == "wording"
    assert not [a for a in found["aside"] if a["index"] == 1]


def test_denial_is_set_aside_under_the_kind_the_question_asked() -> None:
    """A 'no' to a self-harm question inside a passive thread is set aside as self-harm."""
    found = _run(
        ("therapist", "How have things been?"),
        ("client", "Honestly they'd all be better off without me."),
        ("therapist", "Have you ever hurt yourself on purpose?"),
        ("client", "No. Never."),
        use_model=False,
    )
    denial = [a for a in found["aside"] if a["index"] == 3]
    assert denial and denial[0]["kind"] == "self_harm"


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("My brother borrows everything. I could throttle him at times.", False),
        ("My flatmate never cleans up. I could honestly strangle her some days.", False),
        ("I could kill him. I know where he parks and I've got the bat.", True),
    ],
)
def test_habitual_exasperation_is_an_idiom(text: str, flagged: bool) -> None:
    """'I could throttle him at times' is exasperation; without the habitual marker it is not."""
    assert bool(screen_text(text).hits) is flagged


def test_group_member_joining_a_passive_wish_is_possible() -> None:
    """Another member's 'I feel that way too' after a passive wish is listed as possible."""
    found = _run(
        ("therapist", "Jo, how has the week been?"),
        ("Jo", "Flat. Some nights I'd rather just not wake up."),
        ("therapist", "Thank you for trusting the group with that, Jo."),
        ("Max", "I've felt that way as well, Jo. More than I say."),
        use_model=False,
    )
    entry = found["possible"][3]
    assert (entry["basis"], entry["kind"], entry["context_indexes"]) == (
        "shared_disclosure",
        "passive_suicidal_ideation",
        [1],
    )


def test_me_too_to_ones_own_words_is_not_a_group_entry() -> None:
    """In a dyad there is no other member to join: no shared-disclosure entry."""
    found = _run(
        ("client", "Some nights I'd rather just not wake up."),
        ("therapist", "Thank you for telling me."),
        ("client", "Same here with the sleep, I know that feeling too."),
        use_model=False,
    )
    assert all(e["basis"] != "shared_disclosure" for e in found["possible"].values())


def test_identifying_with_someones_overdose_is_possible() -> None:
    """'I'm heading the same way' after telling of a cousin's overdose is listed as possible."""
    found = _run(
        ("therapist", "What's been on your mind?"),
        ("client", "My cousin overdosed at Easter. She's in a bad way."),
        ("therapist", "That's a lot. How are you doing with it?"),
        ("client", "Badly. Honestly I worry I'm heading the same way."),
        use_model=False,
    )
    entry = found["possible"][3]
    assert (entry["basis"], entry["kind"], entry["context_indexes"]) == (
        "identification",
        "suicidal_ideation",
        [1],
    )


def test_complaint_about_therapy_is_not_more_of_the_disclosure() -> None:
    """'This isn't working, you keep asking me that' after a follow-up ends the disclosure."""
    found = _run(
        ("therapist", "How has the week been?"),
        ("client", "I've been thinking about ending my life."),
        ("therapist", "Thank you for telling me. Can we look at keeping you safe?"),
        ("client", "This isn't working. You keep asking me the same things."),
    )
    assert 3 not in found["flags"] and 3 not in found["possible"]


@pytest.mark.parametrize(
    ("text", "severity"),
    [
        ("I think about ending my life, but there's no plan.", "moderate"),
        ("I think about ending my life and I have a plan.", "high"),
    ],
)
def test_a_negated_plan_does_not_raise_severity(text: str, severity: str) -> None:
    """'No plan' names no plan: the statement is not rated high for it."""
    assert screen_text(text).hits[0].severity == severity
