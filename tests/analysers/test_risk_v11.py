"""risk.language versions 11 and 12: endorsed reflections, safety planning, plain statements.

Each dialogue is our own. The QA pass of the eighth session found safety-planning answers flagged
as ideation ("Maybe my sister." to "Who could be with you tonight?"), goodbye letters set aside as
"about a third party" and "dying to tell her" flagged; the development sets' misses included a
client's "Yes. That is it exactly." to a reflection of not minding whether they live or die.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from alliancelens.analysers.base import FindingSet
from alliancelens.analysers.risk import RiskLanguage
from alliancelens.domain import ROLES_GUESSED
from alliancelens.ingest import read_file
from alliancelens.testing import make_session

OPENING = (("therapist", "How has the week been?"), ("client", "Hard, to be honest."))


def _risk(*turns: tuple[str, str]) -> tuple[dict[int, dict[str, Any]], set[int]]:
    session = make_session(*OPENING, *turns)
    found = {f.kind: f.value for f in RiskLanguage().analyse(session, upstream=FindingSet())}
    flags = {int(item["index"]): item for item in found["risk.summary"]}
    possible = {int(item["index"]) for item in found["risk_screening.summary"]["possible"]}
    return flags, possible


@pytest.mark.parametrize(
    ("reflection", "answer", "kind"),
    [
        (
            "That sounds dangerous, and like you don't mind whether you live or die.",
            "Yes. That is it exactly.",
            "passive_suicidal_ideation",
        ),
        (
            "It sounds like in that moment it didn't matter to you whether you lived or died.",
            "Something like that.",
            "passive_suicidal_ideation",
        ),
        ("You've been thinking about ending your life.", "Yeah.", "suicidal_ideation"),
        ("Part of you has been hurting yourself to get through.", "Pretty much.", "self_harm"),
    ],
)
def test_an_endorsed_reflection_of_risk_is_flagged(reflection: str, answer: str, kind: str) -> None:
    """A client endorsing a therapist reflection that names their risk is flagged, saying so."""
    flags, _ = _risk(("therapist", reflection), ("client", answer))
    assert flags[3]["kind"] == kind
    assert "endorses the therapist's reflection" in flags[3]["reason"]


@pytest.mark.parametrize(
    ("reflection", "answer"),
    [
        ("So you're not thinking of killing yourself.", "Exactly."),
        ("You've been thinking about ending your life.", "Yeah, nah, not like that."),
        ("You've been thinking about ending your life.", "No."),
        ("Your brother has talked about killing himself.", "Yeah."),
        ("You've been so tired you could sleep for a week.", "Yes, exactly."),
        ("So there's still a lot you want to be here for.", "Oh yes. Plenty."),
    ],
)
def test_a_reflection_not_endorsed_or_not_about_the_client_is_not_flagged(
    reflection: str, answer: str
) -> None:
    """A negated reflection, a denial, someone else's risk or no risk topic: no flag."""
    flags, _ = _risk(("therapist", reflection), ("client", answer))
    assert 3 not in flags


def test_safety_planning_answers_are_not_ideation() -> None:
    """Answers about company and handing over the pills are not flagged; the disclosure is."""
    flags, possible = _risk(
        ("therapist", "When you say that, are you having thoughts of ending your life?"),
        ("client", "Yeah. I've thought about taking all the pills in the cabinet."),
        (
            "therapist",
            "Thank you for telling me. I want us to make a safety plan. Who could be "
            "with you tonight?",
        ),
        ("client", "Maybe my sister. She lives nearby."),
        ("therapist", "Would you be willing to ask her to hold onto the pills for now?"),
        ("client", "I could do that, I suppose."),
        ("therapist", "We'll also write down the crisis line number together before you leave."),
        ("client", "Okay."),
    )
    assert flags[3]["kind"] == "suicidal_ideation"
    assert flags[3]["therapist_follow_up"] is True
    assert not {5, 7, 9} & (set(flags) | possible)


def test_a_risk_statement_answering_a_safety_question_is_still_flagged() -> None:
    """Safety planning does not hide risk wording of the answer's own."""
    flags, _ = _risk(
        ("therapist", "I've been thinking about killing myself."),
        ("client", "I've been thinking about killing myself."),
        ("therapist", "Who could be with you tonight?"),
        ("client", "Nobody. I want to die tonight."),
    )
    assert 5 in flags


def test_goodbye_letters_to_family_are_the_speakers_act() -> None:
    """'Wrote letters to my kids' after 'to my nephew' is flagged, not set aside as third party."""
    flags, _ = _risk(
        ("therapist", "What have you been doing with your days?"),
        ("client", "I gave my guitar to my nephew and wrote letters to my kids, just in case."),
    )
    assert flags[3]["kind"] == "suicidal_ideation"


def test_dying_to_tell_someone_is_an_idiom() -> None:
    """'I was dying to tell her what I really thought' is not flagged."""
    flags, _ = _risk(
        ("therapist", "What did you do when she said that?"),
        ("client", "I just laughed it off. I was dying to tell her what I really thought, though."),
    )
    assert 3 not in flags


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        ("I took a load of my mum's sleeping tablets, about a dozen.", "suicidal_ideation"),
        ("Lately I keep seeing myself smashing his face into that van of his.", "harm_to_others"),
        ("Part of me, yes. The other part wants to put him through a wall.", "harm_to_others"),
    ],
)
def test_version_12_plain_statements_are_flagged(answer: str, kind: str) -> None:
    """Version 12: a named kind of tablets, 'seeing myself' harm imagery, a part that wants harm."""
    flags, _ = _risk(("therapist", "What went through your mind?"), ("client", answer))
    assert flags[3]["kind"] == kind


def test_a_part_that_wants_to_hurt_oneself_is_not_harm_to_others() -> None:
    """'Part of me wants to hurt myself' is self-harm, never harm to others."""
    flags, _ = _risk(
        ("therapist", "What went through your mind?"),
        ("client", "Part of me wants to hurt myself."),
    )
    assert flags[3]["kind"] == "self_harm"


@pytest.mark.parametrize(
    "question",
    [
        "thank you for telling me that how often is it happening",
        "And how many times would you say, over the last month?",
    ],
)
def test_version_13_a_frequency_answer_continues_the_disclosure(question: str) -> None:
    """Version 13: any frequency question after a disclosure makes the answer a follow-up flag."""
    flags, _ = _risk(
        ("therapist", "What do you do with the anger when it comes?"),
        ("client", "I hit myself in the head, or punch the wall until my knuckles bleed."),
        ("therapist", question),
        ("client", "Couple of times a week, maybe more since Christmas."),
    )
    assert flags[3]["kind"] == "self_harm"
    assert flags[5]["kind"] == "self_harm" and flags[5]["basis"] == "disclosure_thread"


@pytest.mark.parametrize(
    ("answer", "flagged"),
    [
        ("I don't really want to be here. My doctor made me come.", False),
        ("I don't want to be here anymore. My doctor made me come because I told her.", True),
        ("I don't want to be here.", True),
    ],
)
def test_not_wanting_to_attend_a_mandated_session_is_not_ideation(
    answer: str, flagged: bool
) -> None:
    """Version 13: 'don't want to be here' is the session when someone made them come."""
    flags, _ = _risk(("therapist", "What brings you in today?"), ("client", answer))
    assert (3 in flags) is flagged


@pytest.mark.parametrize(
    ("question", "answer", "flagged"),
    [
        ("When you stood at the rail, were you thinking of jumping?", "Yeah. That is why.", True),
        (
            "People this low sometimes have thoughts about ending their life. Has anything "
            "like that been going on for you?",
            "Sometimes. Not really properly.",
            True,
        ),
        ("Were you thinking of jumping ship to the other company?", "Yeah, maybe.", False),
        ("Have you been thinking about jumping back into running?", "Yes, actually.", False),
    ],
)
def test_version_14_method_questions_are_screening_questions(
    question: str, answer: str, flagged: bool
) -> None:
    """Version 14: a question about jumping, hanging or an overdose screens; 'jumping ship' not."""
    flags, _ = _risk(("therapist", question), ("client", answer))
    assert (3 in flags) is flagged


def test_version_14_breaking_someones_knees_is_violent_imagery() -> None:
    """'thinking about breaking both his knees' is harm to others; 'breaking the habit' is not."""
    flags, _ = _risk(
        ("therapist", "What went through your mind?"),
        ("client", "I was thinking about breaking both his knees."),
    )
    assert flags[3]["kind"] == "harm_to_others"
    habit, _ = _risk(
        ("therapist", "What went through your mind?"),
        ("client", "I keep thinking about breaking the habit for good."),
    )
    assert 3 not in habit


GUESSED = """Alex: Good to see you. How has the week been?
Sam: Why does it matter? Is any of this going to help? What am I even doing here?
Alex: It sounds like you're not sure this is worth it.
Sam: Would you be sure? Honestly, I've been thinking about killing myself. Does that shock you?
Alex: Thank you for telling me. I'm glad you said it.
Sam: Are you going to call someone now? Is that what happens?
"""


def test_risk_said_by_a_guessed_therapist_is_listed_for_review(tmp_path: Path) -> None:
    """Version 15: with guessed roles, the guessed therapist's risk wording is listed for review."""
    path = tmp_path / "no-role-labels.txt"
    path.write_text(GUESSED, encoding="utf-8")
    # the trap: a wrong guess, pinned here whatever the role guesser now makes of this text
    read = read_file(path, therapists=["Sam"]).sessions[0]
    session = dataclasses.replace(read, metadata={**read.metadata, ROLES_GUESSED: "yes"})
    found = {f.kind: f.value for f in RiskLanguage().analyse(session, upstream=FindingSet())}
    possible = {p["index"]: p for p in found["risk_screening.summary"]["possible"]}
    assert possible[3]["basis"] == "roles_guessed"
    assert "check who said it" in possible[3]["reason"]


def test_stated_roles_keep_the_therapists_words_unscreened() -> None:
    """With the roles known, a therapist's words are never listed (rule 4 of §10.3)."""
    flags, possible = _risk(
        ("therapist", "Some people tell me 'I've been thinking about killing myself'."),
        ("client", "Not me."),
    )
    assert 2 not in flags and 2 not in possible
