"""Normalisation for red flags: one spelling for speech-to-text, text-speak and curly quotes."""

from __future__ import annotations

import pytest

from alliancelens.analysers._red_flag_text import normalise, sentences


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Dont worry", "don't worry"),
        ("Youve done it", "you've done it"),
        ("Whats next", "what's next"),
        ("Theyre late", "they're late"),
        ("Ive been there", "i've been there"),
        ("Im  tired", "i'm tired"),
        ("You\u2019re right", "you're right"),
        ("I-I-I went", "i went"),
        ("ur just tired", "you're just tired"),
        ("is ur mum ok", "is your mum ok"),
        ("Let us begin", "let's begin"),
    ],
)
def test_normalise_spells_speech_the_usual_way(raw: str, expected: str) -> None:
    """Bare contractions, stutters, text-speak and curly apostrophes are written out."""
    assert normalise(raw) == expected


def test_sentences_keep_their_punctuation() -> None:
    """Sentences split at . ! ? and ; and keep the mark, so questions can be told apart."""
    assert sentences("ok. why not? go; now") == ["ok.", " why not?", " go;", " now"]
