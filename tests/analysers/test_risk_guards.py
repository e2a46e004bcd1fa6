"""risk.language version 5 guard categories and rule families, on our own sentences.

Version 5 widened the guards by category (hyperbole of strain, habits "to death", sport and salon
wording, catastrophe fears, grief, resolved past, denials in answers, someone else's act in a
disclosure thread) and added rule families (indifference to dying, others "less stressed if I
wasn't around" or "fine without me", plain acts on one's own body). Every sentence here is our
own synthetic wording, written for this file; none comes from an evaluation set. Rules only
(``use_model=False``).
"""

from __future__ import annotations

import pytest

from alliancelens.analysers import _risk_lexicon as lex
from alliancelens.analysers.risk import RiskLanguage, screen_text
from alliancelens.testing import make_session

#: Wording that uses risk words without risk meaning (our own sentences).
SET_ASIDE = [
    "The lecture hall was boiling, I almost died in there.",
    "I revised all night and was literally dying before the maths test.",
    "I'm dead in second lesson every Monday, I can't keep my eyes open.",
    "My brother says I look half dead in the mornings.",
    "He reckons I'll smoke myself to death at this rate.",
    "Deadlines all week, I'll drown myself in coffee until Friday.",
    "We thrashed them in the final, it was brilliant.",
    "I was cutting hair from nine till six, my feet are sore.",
    "I keep picturing that the plane will crash and I will die, my heart races.",
    "Part of me died when she died, the old me was buried with her.",
    "Two years ago I didn't want to be here, but that's sorted now and I'm doing well.",
]


@pytest.mark.parametrize("text", SET_ASIDE)
def test_guard_categories_set_wording_aside(text: str) -> None:
    """Hyperbole, habits, sport, fear of dying, grief and resolved past are not flagged."""
    assert screen_text(text).hits == ()


#: The same families when they carry risk (our own sentences).
STILL_FLAGGED = [
    ("I went out on the bike with no helmet, didn't care if the lorry hit me.", lex.PASSIVE),
    ("I wouldn't mind if I died in my sleep tonight.", lex.PASSIVE),
    ("My dad would be less stressed if I wasn't around.", lex.PASSIVE),
    ("Honestly my mates would be fine without me.", lex.PASSIVE),
    ("I punched my legs till they went purple after the match.", lex.SELF_HARM),
    ("I held the lighter against my forearm until it blistered.", lex.SELF_HARM),
    ("Last night I did it again on my hip with a pencil sharpener.", lex.SELF_HARM),
    ("I've thought about how I'd kill myself, I want to die.", lex.SI),
    ("I cut my arms again last night.", lex.SELF_HARM),
]


@pytest.mark.parametrize(("text", "kind"), STILL_FLAGGED)
def test_risk_wording_still_flags(text: str, kind: str) -> None:
    """The v5 families flag their kind, and the widened guards leave plain risk alone."""
    assert kind in {h.rule.kind for h in screen_text(text).hits}


def test_third_party_report_of_no_one_noticing_is_set_aside() -> None:
    """'Nobody would notice' reported about someone else is about a third party."""
    text = "A pupil of mine wrote that he wanted to die and nobody would notice."
    assert screen_text(text).hits == ()


def test_first_person_no_one_would_notice_still_flags() -> None:
    """'Nobody would notice' said of oneself keeps its passive-ideation flag."""
    assert lex.PASSIVE in {h.rule.kind for h in screen_text("I think nobody would notice.").hits}


def _flags(*turns: tuple[str, str]) -> list[int]:
    session = make_session(*turns)
    findings = {f.kind: f.value for f in RiskLanguage(use_model=False).analyse(session)}
    return [item["index"] for item in findings["risk.summary"]]


@pytest.mark.parametrize(
    ("answer", "flagged"),
    [
        ("Ay, no, I will not do that. My kids need me.", False),
        ("Oh no! The opposite, I want to live.", False),
        ("No, none. I'm eating and sleeping fine.", False),
        ("Sometimes, yes. Mostly at night.", True),
    ],
)
def test_denials_close_a_screening_question(answer: str, *, flagged: bool) -> None:
    """Interjection-led and emphatic denials close the question; a yes does not."""
    turns = (("therapist", "Have you had thoughts of ending your life?"), ("client", answer))
    assert (1 in _flags(*turns)) is flagged


@pytest.mark.parametrize(
    ("answer", "flagged"),
    [
        ("My neighbour's son did it two years back. That's why it scares me.", False),
        ("My cousin did it last spring, and I think I could too.", True),
        ("Most nights, and it's getting louder.", True),
    ],
)
def test_someone_elses_act_closes_a_thread(answer: str, *, flagged: bool) -> None:
    """An answer about another person's suicide closes the thread unless tied to the speaker."""
    turns = (
        ("therapist", "How has the week been?"),
        ("client", "I keep thinking about killing myself."),
        ("therapist", "Tell me more about those thoughts."),
        ("client", answer),
    )
    assert (3 in _flags(*turns)) is flagged


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Nothing matters and I want to kill myself.", lex.SI),
        ("I can't sleep and I want to die.", lex.PASSIVE),
        ("I can't eat and just want to die.", lex.PASSIVE),
    ],
)
def test_a_negator_in_an_earlier_coordinated_clause_does_not_negate(text: str, kind: str) -> None:
    """'and' ends a negator's scope: "Nothing matters and I want to kill myself" is flagged."""
    assert kind in {h.rule.kind for h in screen_text(text).hits}


@pytest.mark.parametrize(
    "text",
    [
        "I'm not suicidal and I wouldn't kill myself.",
        "I have no plan and no intention of killing myself.",
        "I'd never hurt myself.",
    ],
)
def test_a_negator_inside_the_clause_still_negates(text: str) -> None:
    """A clause with its own negator stays set aside after the 'and' scope fix."""
    assert screen_text(text).hits == ()
