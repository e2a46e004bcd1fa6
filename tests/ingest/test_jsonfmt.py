"""JSON reader: the documented schema, one or several sessions, errors with JSON paths."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from alliancelens.domain import Role
from alliancelens.errors import ParseError, TimestampOrderError
from alliancelens.ingest import read_bytes, read_file
from alliancelens.ingest._jsonpath import format_path, value_lines
from alliancelens.ingest.jsonfmt import SCHEMA_TAG, JSONReader, schema

SESSION: dict[str, Any] = {
    "schema": SCHEMA_TAG,
    "id": "alex-03",
    "date": "2024-03-05",
    "modality": "individual, video",
    "notes": "third session",
    "speakers": [
        {"label": "Dr. Lee", "role": "therapist"},
        {"label": "Alex", "role": "client"},
    ],
    "utterances": [
        {"speaker": "Dr. Lee", "text": "How was the week?", "start": 0.5, "end": 2.25},
        {"speaker": "Alex", "text": "Long.", "start": 3, "end": 3.9999, "x-confidence": 0.9},
        {"speaker": "Interpreter", "text": "He says long.", "role": "other"},
    ],
}


def dumps(document: Any) -> bytes:
    return json.dumps(document, indent=2).encode()


def test_single_session_reads_every_field(write) -> None:
    """Id, date, modality, notes, speaker roles, utterance roles and times are all read."""
    result = read_file(write("s.json", dumps(SESSION)))
    session = result.sessions[0]
    assert (result.format, session.id, session.date) == ("json", "alex-03", dt.date(2024, 3, 5))
    assert (session.modality, session.notes) == ("individual, video", "third session")
    assert [(u.speaker, u.role, u.start, u.end) for u in session.utterances] == [
        ("Dr. Lee", Role.THERAPIST, 0.5, 2.25),
        ("Alex", Role.CLIENT, 3.0, 4.0),
        ("Interpreter", Role.OTHER, None, None),
    ]
    assert result.all_warnings == ()


def test_sessions_collection_gives_sessions_in_order() -> None:
    """{"sessions": [...]} yields one session per entry; missing ids become <stem>-<n>."""
    turns = [{"speaker": "T", "text": "Hi?"}, {"speaker": "C", "text": "Hi."}]
    document = {"sessions": [{"id": "a", "utterances": turns}, {"utterances": turns}]}
    result = read_bytes(dumps(document), "batch.json")
    assert [s.id for s in result.sessions] == ["a", "batch-2"]


def test_duplicate_session_ids_are_refused() -> None:
    """Two sessions with one id in a file raise ParseError at the second id."""
    turns = [{"speaker": "T", "text": "Hi?"}, {"speaker": "C", "text": "Hi."}]
    document = {"sessions": [{"id": "a", "utterances": turns}, {"id": "a", "utterances": turns}]}
    with pytest.raises(ParseError) as caught:
        read_bytes(json.dumps(document).encode(), "x.json")
    assert (caught.value.field, caught.value.line) == ("sessions[1].id", 1)


def test_explicit_indexes_are_kept() -> None:
    """Utterance 'index' values become the utterance indexes."""
    document = {
        "utterances": [
            {"speaker": "T", "text": "Hi?", "index": 4},
            {"speaker": "C", "text": "Hi.", "index": 7},
        ]
    }
    assert read_bytes(dumps(document), "x.json").sessions[0].indexes == {4, 7}


def test_schema_file_is_a_valid_json_schema() -> None:
    """schemas/transcript-1.json is a valid Draft 2020-12 schema and accepts the example."""
    Draft202012Validator.check_schema(schema())
    assert Draft202012Validator(schema()).is_valid(SESSION)


def with_utterance(**changes: Any) -> dict[str, Any]:
    first = {"speaker": "T", "text": "Zebedee?", **changes}
    return {"utterances": [{k: v for k, v in first.items() if v is not None}, SECOND]}


SECOND = {"speaker": "C", "text": "Zebedee."}


@pytest.mark.parametrize(
    ("document", "field", "line"),
    [
        ({"utterances": []}, "utterances", 2),
        ({"id": "x"}, "utterances", 1),
        ([SECOND], "(top level)", 1),
        (with_utterance(speaker=3), "utterances[0].speaker", 4),
        (with_utterance(text=None), "utterances[0].text", 3),
        (with_utterance(role="boss"), "utterances[0].role", 6),
        (with_utterance(start=-1), "utterances[0].start", 6),
        (with_utterance(index=1.5), "utterances[0].index", 6),
        (with_utterance(colour="red"), "utterances[0].colour", 6),
        ({**with_utterance(), "date": "5 March"}, "date", 12),
        ({**with_utterance(), "date": "2024-02-30"}, "date", 12),
        ({**with_utterance(), "schema": "other/2"}, "schema", 12),
        ({"sessions": [with_utterance(speaker="")]}, "sessions[0].utterances[0].speaker", 6),
        ({"sessions": []}, "sessions", 2),
    ],
)
def test_schema_errors_name_the_json_path_and_line(document: Any, field: str, line: int) -> None:
    """Schema violations raise ParseError with the JSON path, its line, and no transcript text."""
    with pytest.raises(ParseError) as caught:
        read_bytes(dumps(document), "x.json", format="json")
    assert (caught.value.field, caught.value.line) == (field, line)
    assert "Zebedee" not in str(caught.value)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('{\n  "utterances": [\n    {"speaker": "T", "text": "Zebedee"},,\n  ]\n}', 3),
        ('{"utterances": [{"speaker": "T", "text": "a", "start": NaN}]}', None),
        ('{"utterances": [{"speaker": "T", "text": "a", "start": 1e400}]}', 1),
        ("[" * 50_000, None),
    ],
    ids=["syntax", "nan", "infinite", "deeply-nested"],
)
def test_invalid_json_raises_parse_error(text: str, line: int | None) -> None:
    """Syntax errors carry the decoder's line; NaN, infinities and deep nesting are refused."""
    with pytest.raises(ParseError) as caught:
        read_bytes(text.encode(), "x.json", format="json")
    assert caught.value.line == line
    assert "Zebedee" not in str(caught.value)


def test_times_going_backwards_name_the_utterance_line() -> None:
    """A start time earlier than the previous one raises TimestampOrderError at its line."""
    document = with_utterance(start=5.0)
    document["utterances"][1]["start"] = 1.0
    with pytest.raises(TimestampOrderError) as caught:
        read_bytes(dumps(document), "x.json")
    assert caught.value.line == 8


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ((), "(top level)"),
        (("utterances",), "utterances"),
        (("sessions", 0, "utterances", 3, "speaker"), "sessions[0].utterances[3].speaker"),
    ],
)
def test_format_path(path: tuple[str | int, ...], text: str) -> None:
    """JSON paths are written the way users read them."""
    assert format_path(path) == text


def test_value_lines_follow_nesting_escapes_and_empty_containers() -> None:
    """value_lines maps each value's path to the line it starts on."""
    text = '{"a": [],\n "b\\"": {},\n "c": [1,\n  {"d": "x:,{"}]}'
    lines = value_lines(text)
    assert lines[()] == 1
    assert (lines[("a",)], lines[('b"',)], lines[("c",)]) == (1, 2, 3)
    assert (lines[("c", 0)], lines[("c", 1)], lines[("c", 1, "d")]) == (3, 4, 4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"utterances": []}', True),
        ('  {"sessions": []}', True),
        ('{"turns": []}', False),
        ('["utterances"]', False),
        ('{"utterances": ', False),
        ("Therapist: {", False),
        (None, False),
    ],
)
def test_sniff(text: str | None, expected: bool) -> None:
    """Content is our JSON when it is an object with 'utterances' or 'sessions'."""
    assert JSONReader().sniff(b"", text) is expected
