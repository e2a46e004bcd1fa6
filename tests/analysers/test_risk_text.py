"""Text normalisation for the risk rules (:mod:`alliancelens.analysers._risk_text`)."""

from __future__ import annotations

import pytest

from alliancelens.analysers._risk_text import normalise


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I DONT want to be here", "i don't want to be here"),
        ("better off if i wasnt around", "better off if i wasn't around"),
        ("im tired, ive had enough", "i'm tired, i've had enough"),
        ("hopin' nothin happens", "hoping nothing happens"),
        ("I’d hurt mesel", "i'd hurt myself"),
        ("scratching me arms", "scratching my arms"),
        ("  spaced   out  ", "spaced out"),
    ],
)
def test_regular_spellings_are_restored(text: str, expected: str) -> None:
    """Missing apostrophes, dropped g's and dialect 'myself' read as standard English."""
    assert normalise(text) == expected


@pytest.mark.parametrize(
    "text",
    ["begin again within the cabin", "my cousin can't win", "give 'im a ring", "it's ill"],
)
def test_ordinary_words_are_left_alone(text: str) -> None:
    """Words that only look like a clipped form ('begin', 'cousin', 'ill') stay as they are."""
    assert normalise(text) == text
