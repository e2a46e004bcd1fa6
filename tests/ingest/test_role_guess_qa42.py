"""QA42 item 2: an anxious, questioning client and a therapist who speaks in "I" statements."""

from __future__ import annotations

import pytest

from alliancelens.domain import Role
from alliancelens.ingest import read_bytes
from alliancelens.ingest._role_guess import asks_or_reflects, guess_therapist
from alliancelens.ingest.base import RawTurn

# Synthetic: the client asks reassurance questions, the therapist answers with "I" stems.
ANXIOUS_CLIENT = [
    ("Jonas", "Before we start, can I ask something? Am I getting worse?"),
    ("Rhea", "I've noticed you've had a rough stretch. I think we can look at it together."),
    ("Jonas", "Why does nothing help? What am I doing wrong?"),
    ("Rhea", "I don't think you're doing anything wrong. I wonder about the plan I gave."),
    ("Jonas", "Is it normal to be this tired? Do other people get this?"),
    ("Rhea", "I hear that a lot. I'd like us to understand the tiredness better."),
    ("Jonas", "Honestly, is there a point? Does that sound silly?"),
    ("Rhea", "I'm really glad you said it. I want to ask about that more."),
    ("Jonas", "Fine. What do you want to know?"),
    ("Rhea", "I'd like to know when the tiredness is worst."),
]


def _text(pairs: list[tuple[str, str]]) -> bytes:
    return "".join(f"{who}: {said}\n" for who, said in pairs).encode()


@pytest.mark.parametrize(
    "text",
    [
        "I wonder about the plan I gave.",
        "I'd like us to understand the tiredness better.",
        "I want to ask about that more.",
        "i'd like to know when it is worst",
        "I've noticed you seem quieter today.",
    ],
)
def test_therapist_i_stems_count_as_asking_or_reflecting(text: str) -> None:
    """'I wonder', 'I'd like us to', 'I want to ask', 'I've noticed you' ask or reflect."""
    assert asks_or_reflects(text)


def test_anxious_questioning_client_is_not_a_clear_therapist() -> None:
    """A client who only asks questions is not taken as therapist on 'clear evidence'."""
    guess = guess_therapist([RawTurn(who, said) for who, said in ANXIOUS_CLIENT], ["Jonas", "Rhea"])
    assert guess.therapist == "Rhea" or guess.weak


def test_first_person_death_wish_of_the_guessed_therapist_makes_the_guess_weak() -> None:
    """A guessed therapist voicing a first-person death wish is WEAK; the warning says why."""
    pairs = [
        ("Jonas", "Can I ask you something? Do you think I'm getting worse?"),
        ("Rhea", "I think we should look at it together."),
        ("Jonas", "Why does nothing work? What am I doing wrong?"),
        ("Rhea", "I don't think you're doing anything wrong."),
        ("Jonas", "Some nights I wish I could just not wake up. Is that crazy?"),
        ("Rhea", "That makes sense to me."),
        ("Jonas", "What do you want to know? Where do we start?"),
        ("Rhea", "I'd rather we take it slowly."),
    ]
    result = read_bytes(_text(pairs), "x.txt")
    session = result.sessions[0]
    warning = " ".join(result.all_warnings)
    assert session.utterances[0].role is Role.THERAPIST  # still the questioning speaker
    assert "WEAK evidence" in warning and "clear evidence" not in warning
    assert "wish to die or to harm themselves" in warning
    assert "wake up" not in warning  # never quotes the text


@pytest.mark.parametrize(
    "text",
    [
        "Do you ever wish you could not wake up?",
        "Have you had thoughts of killing yourself?",
        "When you said you wanted to die, what was happening?",
    ],
)
def test_therapist_screening_questions_do_not_weaken_the_guess(text: str) -> None:
    """A therapist asking about the client's death wish ('you') is not first-person risk."""
    turns = [
        RawTurn("A", "How have things been? What was hardest?"),
        RawTurn("B", "I have been low all week."),
        RawTurn("A", text),
        RawTurn("B", "Sometimes, yes."),
        RawTurn("A", "It sounds like it has been heavy. What helps you?"),
        RawTurn("B", "My dog, I guess."),
        RawTurn("A", "So you feel some comfort there. Tell me about the dog?"),
        RawTurn("B", "He waits for me."),
    ]
    guess = guess_therapist(turns, ["A", "B"])
    assert (guess.therapist, guess.weak, guess.self_risk) == ("A", False, False)
