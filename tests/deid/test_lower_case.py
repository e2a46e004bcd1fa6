"""Lower-case PHI as speech-to-text writes it (QA39 #8): addresses, greeted names, repeats."""

from __future__ import annotations

import pytest

from alliancelens.deid import deidentify_lines, deidentify_sessions, deidentify_text, detector
from alliancelens.deid.evaluate import evaluate, load_examples, shipped_test_set
from alliancelens.domain import Role, Speaker
from alliancelens.testing import make_session

pytest.importorskip("presidio_analyzer")
LOWER_SET = shipped_test_set().with_name("synthetic-phi-lower.txt")


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("we live at 14 heathcote road now.", "14 heathcote road"),
        ("post goes to 31 kestrel mews these days.", "31 kestrel mews"),
        ("the flat is flat 2, 9 alder grove above the bakery.", "flat 2, 9 alder grove"),
        ("his office is at 120 canal street by the lock.", "120 canal street"),
        ("We live at 22 Larkspur Mews now.", "22 Larkspur Mews"),
    ],
)
def test_street_addresses_in_any_case_are_replaced_whole(text: str, gone: str) -> None:
    """A house number, street words and a street type are one address, in lower case too."""
    cleaned = deidentify_text(text)
    assert "[ADDRESS-1]" in cleaned and gone not in cleaned
    assert not any(word in cleaned for word in gone.split()[-2:])


@pytest.mark.parametrize(
    "text",
    [
        "it is 5 miles down the road from us.",
        "we took the 3 lane road home.",
        "the 2 main roads were closed all week.",
        "i walked 3 doors up the street.",
    ],
)
def test_distances_and_kinds_of_road_are_no_address(text: str) -> None:
    """Numbers before ordinary road words ("5 miles down the road") stay."""
    assert deidentify_text(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hi marisol, come in.", "hi [NAME-1], come in."),
        ("thanks ezekiel.", "thanks [NAME-1]."),
        ("hi everyone, thanks again.", "hi everyone, thanks again."),
        ("hey bro, bye now.", "hey bro, bye now."),
        ("could try three in the evening plus, you know.", None),
    ],
)
def test_lower_case_name_after_a_greeting(text: str, expected: str | None) -> None:
    """A lower-case word greeted and followed by a pause is a name, unless an ordinary word."""
    assert deidentify_text(text) == (text if expected is None else expected)


@pytest.mark.parametrize(
    ("text", "leak"),
    [
        ("Perpetua rang again and perpetua never gives up.", "perpetua"),
        ("I told Oisin about it and OISIN just laughed.", "OISIN"),
        ("My brother Cassius says cassius is fine.", "cassius"),
    ],
)
def test_repeat_of_a_name_in_another_case_is_replaced(text: str, leak: str) -> None:
    """A name found once is replaced wherever it comes back, whatever its case."""
    cleaned = deidentify_text(text)
    assert leak not in cleaned and cleaned.count("[NAME-1]") == 2


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Hi Hope, will you hope for the best?", " hope for"),  # common word, also a name
        ("I saw Will and it will be fine.", "it will be"),
        ("School was hard and school still is.", "and school still"),  # sentence start
        ("Dr. Fields said the fields were wet.", "the fields were"),  # surname after a title
    ],
)
def test_ordinary_words_that_are_names_stay_in_lower_case(text: str, kept: str) -> None:
    """Lower-case ordinary words are kept even when the capitalised word was replaced."""
    assert kept in deidentify_text(text)


def test_speaker_label_comes_back_in_lower_case_in_another_session() -> None:
    """A client's name as a speaker label is replaced in lower case in any session's text."""
    first = make_session(
        ("Therapist", "How was the week?"),
        ("Zenobia", "Long."),
        speakers=[Speaker("Therapist", Role.THERAPIST), Speaker("Zenobia", Role.CLIENT)],
    )
    second = make_session(
        ("Therapist", "so zenobia, where were we?"),
        ("Client", "at the start."),
        speakers=[Speaker("Therapist", Role.THERAPIST), Speaker("Client", Role.CLIENT)],
    )
    _, two = deidentify_sessions([first, second])
    assert two.utterances[0].text == "so [NAME-1], where were we?"


def test_name_found_in_one_line_is_replaced_in_another() -> None:
    """deidentify_lines shares found names between lines (a file read line by line)."""
    lines = ["Then Tobiah walked in.\n", "tobiah is what my gran calls me.\n"]
    assert deidentify_lines(lines) == [
        "Then [NAME-1] walked in.\n",
        "[NAME-1] is what my gran calls me.\n",
    ]


def test_lower_case_set_is_fully_removed() -> None:
    """The lower-case test set (docs/security.md) is removed in full with one false detection."""
    score = evaluate(load_examples(LOWER_SET), detector())
    assert score.recall() == 1.0, score.missed
    assert score.false_detections <= 1
