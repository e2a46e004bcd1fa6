"""relational.markers version 8: EPITOME estimates for defences, plain reflections, chair work.

Every line here was written for these tests.
"""

from __future__ import annotations

import pytest

from alliancelens.analysers._empathy import rate_empathy
from alliancelens.analysers.relational import RelationalMarkers
from alliancelens.testing import make_session

T, C = "therapist", "client"


def test_defending_oneself_is_not_a_similar_experience() -> None:
    """'That's hardly fair, I have other clients and I do my best' is no interpretation."""
    rated = rate_empathy("That's hardly fair. I have other clients and I do my best for them.")
    assert rated["interpretations"] == 0


def test_the_therapists_own_feeling_is_an_emotional_reaction_not_sharing() -> None:
    """'I'm so glad you said it; I feel touched' is ER 2 and not IP by first-person sharing."""
    rated = rate_empathy("I'm so glad you said it. I feel touched hearing that from you.")
    assert (rated["emotional_reactions"], rated["interpretations"]) == (2, 0)


@pytest.mark.parametrize(
    "text",
    [
        "You still carry that argument with you.",
        "Under all that frustration I heard a lot of grief.",
        "Being left out brings up that old feeling of not belonging.",
        "It makes sense that the worry came first.",
        "Fifteen years is a long time to carry that on your own.",
    ],
)
def test_plain_statement_reflections_are_interpretations(text: str) -> None:
    """A reflection of the client's experience without 'you feel' is strong interpretation."""
    assert rate_empathy(text)["interpretations"] == 2


def test_what_it_has_been_like_is_an_exploration() -> None:
    """'What's it been like without him?' asks about experience although it has no 'you'."""
    assert rate_empathy("What's it been like without him this month?")["explorations"] == 2


def test_directing_chair_work_is_not_exploration() -> None:
    """Inside chair work, 'what do you want to tell her?' directs the enactment (EX 0)."""
    line = "What else would you like to tell her?"
    assert rate_empathy(line, coaching=True)["explorations"] == 0
    assert rate_empathy(line)["explorations"] == 2


def test_coaching_turns_inside_an_empty_chair_span_are_rated_as_coaching() -> None:
    """The analyser passes the role-play span to the rater: the coaching prompt gets EX 0."""
    session = make_session(
        (T, "Would you be willing to try the empty chair today, with your sister in it?"),
        (C, "Alright, I'll give it a go."),
        (T, "Picture her in that chair. What do you see?"),
        (C, "She's got her arms folded."),
        (T, "What do you want to say to her?"),
        (C, "You left me with all of it."),
        (T, "Let's step out of the exercise now. How was that?"),
    )
    codes = {
        f.utterance_index: f.value["empathy"]
        for f in RelationalMarkers().analyse(session)
        if f.kind == "empathy.code"
    }
    assert codes[4]["explorations"] == 0
