"""AnnoMI-layout CSV reader: several transcripts, ordering, duplicates, columns, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliancelens.domain import Role
from alliancelens.errors import MissingColumnsError, ParseError
from alliancelens.ingest import read_bytes, read_file
from alliancelens.ingest.annomi_csv import AnnoMICSVReader

HEADER = "mi_quality,transcript_id,Utterance_ID,interlocutor,timestamp,utterance_text,topic\n"
ROWS = (
    'high,7,1,client,00:00:05,"Fine, I guess.",smoking\n'
    "high,7,0,therapist,00:00:01,How are you?,smoking\n"
    "low,3,0,therapist,00:01:00,What brings you here?,alcohol\n"
    'high,7,2,therapist,00:00:09,"You guess\nso?",smoking\n'
    "low,3,1,client,00:01:04,My wife.,alcohol\n"
)


def read_csv(text: str) -> tuple[list[list[tuple[int, str, str, float | None]]], tuple[str, ...]]:
    result = read_bytes(text.encode(), "annomi.csv", format="csv")
    sessions = [
        [(u.index, u.speaker, u.text, u.start) for u in session.utterances]
        for session in result.sessions
    ]
    return sessions, result.warnings


def test_transcripts_in_file_order_with_rows_sorted_by_utterance_id(write) -> None:
    """Each transcript_id is a session (first-appearance order); rows sort by utterance_id."""
    result = read_file(write("annomi.csv", HEADER + ROWS))
    assert result.format == "csv"
    assert [s.id for s in result.sessions] == ["7", "3"]
    first = result.sessions[0]
    assert [(u.index, u.speaker, u.role, u.text, u.start) for u in first.utterances] == [
        (0, "therapist", Role.THERAPIST, "How are you?", 1.0),
        (1, "client", Role.CLIENT, "Fine, I guess.", 5.0),
        (2, "therapist", Role.THERAPIST, "You guess\nso?", 9.0),
    ]
    assert result.all_warnings == ()


def test_timestamp_column_is_optional() -> None:
    """Without a timestamp column, utterances have no times."""
    text = (
        "transcript_id,utterance_id,interlocutor,utterance_text\n"
        "a,0,therapist,Hi?\na,1,client,Hi.\n"
    )
    sessions, _ = read_csv(text)
    assert sessions == [[(0, "therapist", "Hi?", None), (1, "client", "Hi.", None)]]


def test_identical_duplicate_rows_collapse_with_one_warning() -> None:
    """Repeated (transcript_id, utterance_id) rows with the same text are read once; one warning."""
    rows = "x,a,0,therapist,,Hi?,t\nx,a,1,client,,Hi.,t\n" * 3
    sessions, warnings = read_csv(HEADER + rows)
    assert len(sessions[0]) == 2
    assert len(warnings) == 1
    assert "4 repeated row(s)" in warnings[0]


def test_duplicate_rows_with_different_text_raise() -> None:
    """A repeated utterance_id with different text is a ParseError naming the line and field."""
    rows = "x,a,0,therapist,,Hi?,t\nx,a,1,client,,Zebedee,t\nx,a,1,client,,Other,t\n"
    with pytest.raises(ParseError) as caught:
        read_csv(HEADER + rows)
    assert (caught.value.line, caught.value.field) == (4, "utterance_id")
    assert "Zebedee" not in str(caught.value)


@pytest.mark.parametrize(
    ("header", "missing"),
    [
        ("transcript_id,utterance_id,interlocutor,text\n", "utterance_text"),
        ("id,turn,speaker,utterance_text\n", "transcript_id, utterance_id, interlocutor"),
    ],
)
def test_missing_required_columns_are_named(header: str, missing: str) -> None:
    """A header without the required columns raises MissingColumnsError listing them."""
    with pytest.raises(MissingColumnsError) as caught:
        read_bytes((header + "a,0,therapist,Hi\n").encode(), "x.csv")
    assert caught.value.line == 1
    assert missing in caught.value.message
    assert caught.value.hint is not None


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ("x,a,zero,therapist,,Zebedee,t", "utterance_id"),
        ("x,a,-1,therapist,,Zebedee,t", "utterance_id"),
        ("x,a,1,coach,,Zebedee,t", "interlocutor"),
        ("x, ,1,client,,Zebedee,t", "transcript_id"),
        ("x,a,1,client,,Zebedee", None),
    ],
    ids=["not-integer", "negative", "bad-interlocutor", "empty-transcript-id", "short-row"],
)
def test_bad_rows_raise_parse_error_with_line_and_field(row: str, field: str | None) -> None:
    """A bad value raises ParseError naming its line and column, without the row's text."""
    with pytest.raises(ParseError) as caught:
        read_csv(HEADER + "x,a,0,therapist,,Hi?,t\n" + row + "\n")
    assert (caught.value.line, caught.value.field) == (3, field)
    assert "Zebedee" not in str(caught.value)


def test_unreadable_and_backward_timestamps_are_dropped_with_warnings() -> None:
    """Order comes from utterance_id: bad or backward time stamps become None, with warnings."""
    rows = (
        "x,a,0,therapist,00:00:10,One?,t\n"
        "x,a,1,client,00:09:025,Two.,t\n"
        "x,a,2,therapist,00:00:08,Three?,t\n"
        "x,a,3,client,n/a,Four.,t\n"
    )
    sessions, warnings = read_csv(HEADER + rows)
    assert [start for *_, start in sessions[0]] == [10.0, None, None, None]
    assert len(warnings) == 2
    assert "line(s) 3" in warnings[0]
    assert "line(s) 4" in warnings[1]


def test_line_numbers_count_multi_line_fields() -> None:
    """Line numbers point at the row's first line even after quoted multi-line text."""
    rows = 'x,a,0,therapist,,"Two\nlines?",t\nx,a,one,client,,Hi.,t\n'
    with pytest.raises(ParseError) as caught:
        read_csv(HEADER + rows)
    assert caught.value.line == 4


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("transcript_id,utterance_id,interlocutor,utterance_text\n", True),
        (HEADER, True),
        ("transcript_id,utterance_id,speaker,utterance_text\n", False),
        ("Therapist: transcript_id, utterance_id, interlocutor, utterance_text\n", False),
        (None, False),
    ],
)
def test_sniff(text: str | None, expected: bool) -> None:
    """Content is AnnoMI CSV when its first line is a header with the required columns."""
    assert AnnoMICSVReader().sniff(b"", text) is expected


@pytest.mark.shared_data
def test_reads_annomi_simple(shared_data: Path) -> None:
    """AnnoMI-simple.csv reads as 106 two-speaker transcripts (7,686 utterances)."""
    result = read_file(shared_data / "annomi" / "AnnoMI-simple.csv")
    assert len(result.sessions) == 106
    assert sum(len(s.utterances) for s in result.sessions) == 7686
    assert all({sp.role for sp in s.speakers} == {Role.THERAPIST, Role.CLIENT}
               for s in result.sessions)  # fmt: skip


@pytest.mark.shared_data
def test_reads_annomi_full_collapsing_annotator_duplicates(shared_data: Path) -> None:
    """AnnoMI-full.csv gives the same 7,686 utterances; per-annotator repeats are collapsed."""
    result = read_file(shared_data / "annomi" / "AnnoMI-full.csv")
    assert len(result.sessions) == 106
    assert sum(len(s.utterances) for s in result.sessions) == 7686
    assert any("3258 repeated row(s)" in w for w in result.warnings)
