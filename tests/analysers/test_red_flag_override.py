"""red_flags.therapist version 4: overriding feedback as a structure, advice offered as options."""

from __future__ import annotations

import pytest

from alliancelens.analysers._red_flag_override import overrides_feedback
from alliancelens.analysers.red_flags import red_flags_in
from alliancelens.testing import make_session

T, C = "therapist", "client"


def _kinds(*turns: tuple[str, str]) -> set[str]:
    items, _ = red_flags_in(make_session(*turns).utterances)
    return {i["kind"] for i in items if i["index"] == len(turns) - 1}


@pytest.mark.parametrize(
    ("client", "reply"),
    [
        (
            "Nah. Weekdays I'll cut down, fine, but Sundays are for my mates. Not quitting.",
            "A full month off really is the best way to see clearly. Let's put that down as "
            "the goal.",
        ),
        (
            "With respect, you don't know my family. It isn't stubbornness.",
            "I hear you, but the research is clear that carers need breaks. So this week I'd "
            "like you to phone the respite service.",
        ),
        (
            "My problem is not the diet. It's that I can't get out of the flat.",
            "I know you said the flat is the main thing, but honestly you'll feel better once "
            "you're eating properly. Here's a food diary.",
        ),
        (
            "I just told you Tuesdays are impossible. Are you even listening?",
            "Okay. We'll put the walk on Wednesday at six instead.",
        ),
    ],
)
def test_carrying_on_after_disagreement_is_flagged(client: str, reply: str) -> None:
    """A reply that presses the same plan after the client disagrees is ignoring feedback."""
    turns = [(T, "Maybe we could set a goal."), (C, client), (T, reply)]
    assert "ignoring_client_feedback" in _kinds(*turns)


@pytest.mark.parametrize(
    ("client", "reply"),
    [
        (
            "Nah. Not quitting, Sundays are for my mates.",
            "Okay, so quitting is off the table. What would feel doable to you?",
        ),
        (
            "You don't know my family.",
            "You're right, I don't, and I think I pushed too fast. Let's go with what you know.",
        ),
        (
            "No, they don't, do they. The forms never end.",
            "Anyway, let's put that down as the goal.",
        ),
        (
            "No, no, it's a good idea, thank you.",
            "Let's put that down as the goal for this week.",
        ),
        (
            "I'd rather not do the worksheet today.",
            "That's up to you. We could talk instead, or do half of it.",
        ),
    ],
)
def test_taking_the_objection_on_board_is_not_flagged(client: str, reply: str) -> None:
    """A question, a strategy, a choice or an agreeing client turn clears the structural reading."""
    turns = [(T, "Maybe we could set a goal."), (C, client), (T, reply)]
    assert "ignoring_client_feedback" not in _kinds(*turns)


def test_no_answering_a_question_is_not_an_objection() -> None:
    """A "No" that answers the therapist's question ("Anything else?") is not disagreement."""
    turns = [
        (T, "Sleep and your brother's visit. Anything else?"),
        (C, "No, that's plenty."),
        (T, "Let's start with the sleep diary, then. You slept five hours on average."),
    ]
    assert "ignoring_client_feedback" not in _kinds(*turns)


def test_override_needs_a_disagreement() -> None:
    """Without a disagreeing client turn the structural reading finds nothing."""
    assert (
        overrides_feedback("let's put that down as the goal.", "that sounds good.", advice=None)
        is None
    )


@pytest.mark.parametrize(
    ("client", "reply", "flagged"),
    [
        (
            "My landlord never fixes anything.",
            "You could always write to the council, or maybe keep a log first.",
            False,
        ),
        (
            "My landlord never fixes anything.",
            "I'd get in touch with the council, or you could keep a log first.",
            False,
        ),
        (
            "My landlord never fixes anything.",
            "There are a few options: ring the council, keep a log, or move out.",
            False,
        ),
        (
            "I gotta make the delivery window or I don't get paid.",
            "Both things are true: you care about your lungs and you need to stay awake.",
            False,
        ),
        ("My landlord never fixes anything.", "You need to write to the council today.", True),
    ],
)
def test_advice_offered_as_options_or_echoing_the_client(
    client: str, reply: str, *, flagged: bool
) -> None:
    """Options among several and a reflected obligation are not unsolicited advice (MITI 4.2.1)."""
    found = "unsolicited_advice" in _kinds((T, "Go on."), (C, client), (T, reply))
    assert found is flagged
