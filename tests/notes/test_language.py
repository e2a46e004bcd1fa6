"""The note's English check: other languages are not read as MI talk.

Every sentence here was written for these tests.
"""

from __future__ import annotations

import pytest

from alliancelens.notes._language import looks_english


@pytest.mark.parametrize(
    "text",
    [
        "Quiero volver a trabajar, pero tengo miedo.",
        "¿Y ahora qué?",
        "Je ne sais pas si je peux le faire.",
        "Ich weiß nicht, ob das hilft.",
    ],
)
def test_other_languages_are_not_english(text: str) -> None:
    """Spanish, French and German sentences are read as not English."""
    assert not looks_english(text)


@pytest.mark.parametrize(
    "text", ["No.", "Okay.", "I want to die sometimes.", "My son is the reason I keep going."]
)
def test_english_and_short_answers_are_english(text: str) -> None:
    """English sentences and bare short answers count as English."""
    assert looks_english(text)
