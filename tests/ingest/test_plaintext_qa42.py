"""QA42: plain-text time stamps in parentheses after the label, Otter exports with quoted speech."""

from __future__ import annotations

import pytest

from alliancelens.domain import Role
from alliancelens.errors import ParseError
from alliancelens.ingest import read_bytes

NAMES_PAREN = (
    "Mira: Welcome back. How was the week?\n"
    "Tomas (00:00:12): Some nights I just lie awake.\n"
    "Mira (00:31): How often does that happen?\n"
    "Tomas (1:02:05.5): Most nights this week.\n"
)


def test_name_with_parenthesised_time_starts_its_own_turn() -> None:
    """`Name (hh:mm:ss):` is a turn of `Name` at that time, not text of the turn before (#1)."""
    session = read_bytes(NAMES_PAREN.encode(), "x.txt", therapists=["Mira"]).sessions[0]
    assert [(u.speaker, u.start) for u in session.utterances] == [
        ("Mira", None),
        ("Tomas", 12.0),
        ("Mira", 31.0),
        ("Tomas", 3725.5),
    ]
    assert session.utterances[1].text == "Some nights I just lie awake."


def test_role_words_with_parenthesised_time_keep_one_label_per_speaker() -> None:
    """`Therapist (00:00:05):` gives speaker `Therapist` at 5 s; the time is not in the label."""
    text = (
        "Therapist (00:00:05): How has the week been?\n"
        "Client (00:00:12): Long.\n"
        "Therapist (00:00:30): Long how?\n"
    )
    session = read_bytes(text.encode(), "x.txt").sessions[0]
    assert [s.label for s in session.speakers] == ["Therapist", "Client"]
    assert [u.start for u in session.utterances] == [5.0, 12.0, 30.0]


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("Client (Dana): I slept.", "Client (Dana)"),
        ("Therapist (Dr Lee): Good.", "Therapist (Dr Lee)"),
        ("Client (2): Me too.", "Client (2)"),
    ],
)
def test_parenthesised_notes_that_are_not_times_stay_in_the_label(line: str, label: str) -> None:
    """A note in parentheses that is not a clock time stays part of the speaker label."""
    text = f"Therapist: How was it?\n{line}\nTherapist: Tell me more.\n{line}\n"
    session = read_bytes(text.encode(), "x.txt").sessions[0]
    assert label in [s.label for s in session.speakers]


OTTER = (
    "Mira  0:02\n"
    "Hi Tomas, how has the week been?\n"
    "\n"
    "Tomas  0:09\n"
    "Not great. My sister keeps texting me.\n"
    "Anna: are you okay? That is all she ever writes.\n"
    "\n"
    "Mira  0:21\n"
    "How does that feel?\n"
    "\n"
    "Tomas  0:30\n"
    "Heavy.\n"
)


def test_otter_export_reads_a_quoted_name_line_as_text_of_the_turn() -> None:
    """One `Name:` line of reported speech in an Otter export is text of the turn, warned (#5)."""
    result = read_bytes(OTTER.encode(), "otter.txt")
    session = result.sessions[0]
    assert [(u.speaker, u.start) for u in session.utterances] == [
        ("Mira", 2.0),
        ("Tomas", 9.0),
        ("Mira", 21.0),
        ("Tomas", 30.0),
    ]
    assert session.utterances[1].text.endswith("That is all she ever writes.")
    warning = " ".join(result.all_warnings)
    assert "line(s) 6" in warning and "Anna" not in warning


def test_mostly_ordinary_turns_with_otter_headings_say_what_looks_wrong() -> None:
    """Otter headings mixed with many `Name:` turns fail with an error naming both layouts."""
    text = "Mira  0:02\nHi.\nTomas  0:09\nHey.\nA: one\nB: two\nA: three\nB: four\n"
    with pytest.raises(ParseError) as caught:
        read_bytes(text.encode(), "otter.txt")
    message = str(caught.value)
    assert "Otter" in message and "line 5" in message and "Tomas" not in message


def test_ordinary_transcript_is_not_taken_for_an_otter_export() -> None:
    """A `Speaker:` transcript with one `Name  0:02`-like line is read the ordinary way."""
    text = "Therapist: Hi.\nClient: Hello.\nMonday 10:30\nTherapist: So.\n"
    session = read_bytes(text.encode(), "x.txt").sessions[0]
    assert [u.role for u in session.utterances] == [Role.THERAPIST, Role.CLIENT, Role.THERAPIST]


@pytest.mark.parametrize(
    ("data", "name"),
    [
        ("Therapist: And then?\nClient: (laughs)\nTherapist: Go on.\nClient: Fine.\n", "x.txt"),
        (
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nTherapist: And then?\n\n"
            "00:00:02.000 --> 00:00:03.000\nClient: [laughs]\n\n"
            "00:00:03.000 --> 00:00:04.000\nTherapist: Go on.\n\n"
            "00:00:04.000 --> 00:00:05.000\nClient: Fine.\n",
            "x.vtt",
        ),
    ],
)
def test_annotation_only_turns_are_kept_in_text_and_in_cues(data: str, name: str) -> None:
    """`Client: (laughs)` is its own utterance in plain text and in WebVTT (index = turn order)."""
    session = read_bytes(data.encode(), name).sessions[0]
    assert [u.speaker for u in session.utterances] == ["Therapist", "Client"] * 2
    assert session.utterances[1].text in ("(laughs)", "[laughs]")


def test_stand_alone_annotation_line_joins_the_turn_before() -> None:
    """A `(long pause)` line without a label continues the turn before it, as documented."""
    text = "Therapist: And then?\nClient: I left.\n(long pause)\nTherapist: Go on.\n"
    session = read_bytes(text.encode(), "x.txt").sessions[0]
    assert session.utterances[1].text == "I left. (long pause)"
