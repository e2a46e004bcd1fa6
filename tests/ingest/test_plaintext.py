"""Plain-text reader: speaker lines, time stamps, continuation lines, header lines."""

from __future__ import annotations

import datetime as dt

import pytest

from alliancelens.domain import Role
from alliancelens.errors import ParseError
from alliancelens.ingest import read_bytes, read_file
from alliancelens.ingest.plaintext import PlainTextReader, parse_speaker_lines

SESSION = """# id: alex-01
# date: 2024-02-01
# modality: individual, in person
# notes: intake
# exported from the practice system (a comment)

Therapist: What brings you here today?
[00:00:12] Client: My GP suggested it.
I have not been sleeping.
Therapist [00:00:31]: How long has that been going on?
Client: (00:40) About three months.
"""


def test_realistic_session_reads_header_turns_times_and_continuations(write) -> None:
    """Header lines fill id/date/modality/notes; stamps in any position; lines continue turns."""
    session = read_file(write("s.txt", SESSION)).sessions[0]
    assert (session.id, session.date, session.modality, session.notes) == (
        "alex-01",
        dt.date(2024, 2, 1),
        "individual, in person",
        "intake",
    )
    assert [(u.speaker, u.role, u.text, u.start) for u in session.utterances] == [
        ("Therapist", Role.THERAPIST, "What brings you here today?", None),
        ("Client", Role.CLIENT, "My GP suggested it. I have not been sleeping.", 12.0),
        ("Therapist", Role.THERAPIST, "How long has that been going on?", 31.0),
        ("Client", Role.CLIENT, "About three months.", 40.0),
    ]


def test_turn_lines_are_recorded() -> None:
    """Each turn keeps the line it started on."""
    raw = parse_speaker_lines(list(enumerate(SESSION.split("\n"), start=1)))
    assert [t.line for t in raw.turns] == [7, 8, 10, 11]


def test_real_names_used_twice_are_speakers_and_one_off_prefixes_are_text() -> None:
    """'Dr. Lee:' counts as a speaker when it starts two turns; a one-off 'Note:' is text."""
    text = (
        "Dr. Lee: How are you?\nSam: Fine.\nNote: this is what she said.\n"
        "Dr. Lee: Fine?\nSam: Yes.\n"
    )
    session = read_bytes(text.encode(), "x.txt").sessions[0]
    assert [u.speaker for u in session.utterances] == ["Dr. Lee", "Sam", "Dr. Lee", "Sam"]
    assert session.utterances[1].text == "Fine. Note: this is what she said."


@pytest.mark.parametrize(
    ("text", "line", "field"),
    [
        ("# date: March\nTherapist: Hi?\nClient: Hi.\n", 1, "date"),
        ("Zebedee was here.\nTherapist: Hi?\nClient: Hi.\n", 1, None),
        ("\n\nJust prose about Zebedee.\n", 3, None),
    ],
    ids=["bad-header-date", "text-before-first-label", "no-labels"],
)
def test_unparseable_text_raises_parse_error(text: str, line: int, field: str | None) -> None:
    """Bad header dates, text before the first label and label-less text are ParseErrors."""
    with pytest.raises(ParseError) as caught:
        read_bytes(text.encode(), "x.txt", format="text")
    assert (caught.value.line, caught.value.field) == (line, field)
    assert "Zebedee" not in str(caught.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Therapist: Hi?\nClient: Hi.\n", True),
        ("T: Hi?\nC: Hi.\n", True),
        ("Dr. Lee: Hi?\nSam: Hi.\nDr. Lee: Well?\nSam: Well.\n", True),
        ("Dear diary: today was long.\nIt rained.\n", False),
        ("Just some prose.\n", False),
        (None, False),
    ],
)
def test_sniff(text: str | None, expected: bool) -> None:
    """Text is a transcript when at least two lines start with speaker labels."""
    assert PlainTextReader().sniff(b"", text) is expected


@pytest.mark.parametrize(
    ("text", "layout"),
    [
        ("Speaker 1  0:02\nHow are you?\n\nSpeaker 2  0:07\nTired.\n", "Otter/Teams"),
        ("Dr. Vale   0:02\nHow are you?\nAsha Iyer   0:07\nTired.\n", "Otter/Teams"),
        ("00:00:02 Dr. Vale: How are you?\n00:00:07 Asha Iyer: Tired.\n", "Zoom"),
    ],
)
def test_otter_teams_and_zoom_text_exports_are_read(text: str, layout: str) -> None:
    """Speaker-and-time heading lines and bare-time prefixes become timed turns, with a warning."""
    result = read_bytes(text.encode(), "export.txt")
    utterances = result.sessions[0].utterances
    assert [(u.text, u.start) for u in utterances] == [("How are you?", 2.0), ("Tired.", 7.0)]
    assert any(layout in w for w in result.all_warnings)
