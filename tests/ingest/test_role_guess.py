"""Guessing the therapist among unlabelled speakers, with and without punctuation."""

from __future__ import annotations

import pytest

from alliancelens.domain import Role
from alliancelens.ingest import read_bytes
from alliancelens.ingest._role_guess import asks_or_reflects, guess_therapist
from alliancelens.ingest.base import RawTurn

# Lower-case, no punctuation (as ASR gives it); the client speaks first with a greeting.
ASR_CLIENT_FIRST = [
    ("SPK_7", "morning sorry the bus was slow"),
    ("SPK_3", "no problem at all whats been on your mind this week"),
    ("SPK_7", "mostly the new job i keep doubting myself"),
    ("SPK_3", "doubting yourself in what way"),
    ("SPK_7", "i think everyone there is smarter than me"),
    ("SPK_3", "so you feel like you dont quite belong there yet"),
    ("SPK_7", "yeah pretty much i just keep my head down"),
    ("SPK_3", "have you noticed any moments when you did feel capable"),
    ("SPK_7", "maybe on friday when i fixed the report"),
    ("SPK_3", "it sounds like that mattered to you"),
]


def raw(pairs: list[tuple[str, str]]) -> list[RawTurn]:
    """Raw turns from (label, text) pairs."""
    return [RawTurn(label, text) for label, text in pairs]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("how did the week go", True),
        ("okay so what happened next", True),
        ("do you want to start there", True),
        ("have you tried writing it down", True),
        ("can you say more", True),
        ("um it sounds like you were exhausted", True),
        ("so you decided to stay", True),
        ("Anything else?", True),
        ("i went home early", False),
        ("yeah it was fine", False),
        ("", False),
    ],
)
def test_asks_or_reflects_without_punctuation(text: str, expected: bool) -> None:
    """Question openers (after fillers), reflection stems or a '?' mark an asking turn."""
    assert asks_or_reflects(text) is expected


def test_unpunctuated_session_with_client_speaking_first() -> None:
    """One client greeting first does not flip the roles: the asking speaker is the therapist."""
    guess = guess_therapist(raw(ASR_CLIENT_FIRST), ["SPK_7", "SPK_3"])
    assert guess.therapist == "SPK_3"
    assert not guess.weak


def test_close_scores_are_weak() -> None:
    """A guess from two speakers who both ask now and then is marked weak."""
    pairs = [
        ("N1", "what time is it"),
        ("N2", "nearly four"),
        ("N1", "the bus is late"),
        ("N2", "where to after this"),
        ("N1", "how far is the station"),
        ("N2", "ten minutes on foot"),
        ("N1", "too far in this rain"),
        ("N2", "probably"),
        ("N1", "fine then"),
    ]
    guess = guess_therapist(raw(pairs), ["N1", "N2"])
    assert guess.weak


def test_too_few_turns_is_weak() -> None:
    """A clear pick resting on only a couple of turns is still weak."""
    pairs = [("Q", "how are you feeling"), ("R", "i am fine"), ("Q", "what brings you")]
    guess = guess_therapist(raw(pairs), ["Q", "R"])
    assert guess.therapist == "Q"
    assert guess.weak


def test_warning_names_placeholder_label_and_strength() -> None:
    """The guessed-roles warning names a numbered placeholder label and says the evidence."""
    text = "".join(f"{label}: {said}\n" for label, said in ASR_CLIENT_FIRST).encode()
    result = read_bytes(text, "asr.txt")
    session = result.sessions[0]
    assert session.role_of("SPK_3") is Role.THERAPIST
    (warning,) = result.all_warnings
    assert "therapist = SPK_3 (speaker 2 of 2" in warning
    assert "clear evidence" in warning


def test_warning_hides_a_label_that_may_be_a_name() -> None:
    """A label that is not a numbered placeholder is named by position only (privacy)."""
    names = {"SPK_7": "Marguerite", "SPK_3": "Olu"}
    pairs = [(names[label], said) for label, said in ASR_CLIENT_FIRST]
    text = "".join(f"{label}: {said}\n" for label, said in pairs).encode()
    (warning,) = read_bytes(text, "named.txt").all_warnings
    assert "Olu" not in warning and "Marguerite" not in warning
    assert "speaker 2 of 2 in order of first turn" in warning


def test_weak_guess_is_flagged_in_the_warning() -> None:
    """A weak guess says WEAK in the warning so that it stands out."""
    text = b"S1: what now\nS2: no idea\nS1: fine\nS2: and then what\nS1: how so\n"
    (warning,) = read_bytes(text, "weak.txt").all_warnings
    assert "WEAK evidence" in warning
