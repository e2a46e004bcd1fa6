"""Context cues for names NER misses: possessive sentence starts and social-media handles."""

from __future__ import annotations

from alliancelens.deid.names import contextual_names


def _found(text: str) -> list[str]:
    return [text[start:end] for start, end in contextual_names(text)]


def test_a_possessive_name_opening_a_sentence_is_found() -> None:
    """ "Marisol's" at a sentence start is a name, though no verb or second name follows."""
    text = "It was hard. Marisol's nine now and asks about her dad."
    assert "Marisol" in _found(text)


def test_possessive_words_that_are_not_names_stay() -> None:
    """ "Everyone's", "Today's", "It's" and "Mum's" open sentences without being names."""
    text = "Everyone's tired. Today's hard. It's fine. Mum's coming over. That's all."
    assert _found(text) == []


def test_handles_are_found_whole() -> None:
    """An @handle and a dotted user name ending in digits are found as one span each."""
    text = "Message me at @tomas_ferreira_07 or tomas.ferreira07 if you like."
    found = _found(text)
    assert "@tomas_ferreira_07" in found
    assert "tomas.ferreira07" in found


def test_an_email_address_is_not_cut_into_a_handle() -> None:
    """The part after "@" in an email address is left to the email recogniser."""
    assert _found("Write to tomas.ferreira@example.org today.") == []
