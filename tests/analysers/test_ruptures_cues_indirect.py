"""Indirect, polite, dialect and transcribed rupture wording (text written for these tests)."""

from __future__ import annotations

import pytest

from alliancelens.analysers.ruptures._cues_indirect import INDIRECT_CUES
from alliancelens.analysers.ruptures._markers import pair_markers

FEELING = "What was that like for you?"
OFFER = "Shall we try the sleep plan this week?"
ADVICE = "I'd like you to try the walk every morning before work."


def test_indirect_cue_ids_are_marked_as_their_family() -> None:
    """Each cue id starts with the code family of its marker (w1, c3 ...)."""
    families = {"w": "withdrawal", "c": "confrontation"}
    for cue in INDIRECT_CUES:
        assert cue.id[0] in families and cue.id[1].isdigit()


@pytest.mark.parametrize(
    ("previous", "client", "marker"),
    [
        (FEELING, "Ach, no use dwelling on it. That's all done with now.", "denial"),
        (FEELING, "You're reading too much into it, honestly.", "denial"),
        ("How was the rest of the visit?", "Oh, did you see the storm on the news?", None),
        ("And how did you feel then?", "Is that the time? I'd better make a move.", "avoidant"),
        (
            "I'm sorry, I've been full of cold all week.",
            "Oh, don't you go worrying about me, you should be taking it easy.",
            "deferential_appeasing",
        ),
        (ADVICE, "Yes. Yes, okay. I'll try. Thank you.", "deferential_appeasing"),
        (
            "What gets in the way, do you think?",
            "me probably im just useless at this",
            "self_criticism_or_hopelessness",
        ),
        (
            "It sounds like the letter shook you.",
            "theres no point talkin about it anyway",
            "self_criticism_or_hopelessness",
        ),
        ("Let's go over the plan again.", "There you go again with the plan.", "therapist"),
        ("Let's look at the record sheet.", "Great, another worksheet. Lovely.", "activities"),
        ("Maybe try the app again?", "Yeah, because that worked so well last time.", "rejecting"),
        ("Let's do the next step.", "Don't go there. I mean it.", "rejecting_intervention"),
        (
            "We can only meet fortnightly.",
            "My appointment got cancelled again, the third time now.",
            "complaint_about_parameters",
        ),
        (
            "How have things been since we started?",
            "Honestly? I'm sleeping worse now than when I started coming.",
            "complaint_about_progress",
        ),
        (
            "I wonder if anger plays a part.",
            "I don't have an anger problem. He started it.",
            "defending_against_therapist",
        ),
        ("Let's finish the plan.", "Just tick the box and let me get off.", "controlling"),
        (
            "How are the sessions going for you?",
            "I'm not sure this is really working, to be honest.",
            "complaint_about_progress",
        ),
        (
            "I suggested the book last week.",
            "I don't mean to be rude, but it felt a bit dismissive.",
            "complaint_about_therapist",
        ),
    ],
)
def test_indirect_wording_is_a_marker(previous: str, client: str, marker: str | None) -> None:
    """Each row's client reply carries a marker whose id contains ``marker`` (any, for None)."""
    found = pair_markers(previous, client)
    assert found
    if marker is not None:
        assert any(marker.replace(" ", "_") in m for m in found)


@pytest.mark.parametrize(
    ("previous", "client"),
    [
        ("How was the funeral?", "Sad. I'll never forget it, the whole village came out."),
        ("What did he say?", "He said you must think I'm useless, which hurt."),
        ("How are you feeling about the test?", "Good. Can I grab some water before we start?"),
        ("Would you like to try the exercise?", "Right you are, I'll give it a go."),
        ("What happened at work?", "My manager kept me late again, third time this week."),
        ("How's your dad?", "Still in hospital. They sent him home once and he fell."),
        ("Did the letter come?", "Yes, thank you. It's all sorted now."),
        ("How did the talk go?", "Better than I thought. We've put it behind us."),
    ],
)
def test_look_alikes_are_not_markers(previous: str, client: str) -> None:
    """Third-party complaints, quoted words and genuine agreement carry no marker."""
    assert pair_markers(previous, client) == set()


def test_dismissive_reply_to_an_offer_is_minimal() -> None:
    """ "Sure, whatever." to a proposal is a (weak) minimal response; "Sure, let's." is not."""
    assert pair_markers(OFFER, "Sure, whatever.") == {"minimal_response"}
    assert pair_markers(OFFER, "Sure, let's.") == set()


def test_silence_after_advice_is_minimal() -> None:
    """A transcribed silence in place of a reply to advice counts as a minimal response."""
    assert pair_markers(ADVICE, "(long silence)") == {"minimal_response"}
