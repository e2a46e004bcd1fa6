"""Reader registry and format detection: content first, then suffix, then plain text."""

from __future__ import annotations

from pathlib import PurePath

import pytest

from alliancelens.errors import (
    BinaryFileError,
    EmptyFileError,
    EncodingError,
    UnknownFormatError,
    UsageError,
)
from alliancelens.ingest import detect, formats, get

VTT = b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nT: Hi?\n"
SRT = b"1\n00:00:01,000 --> 00:00:02,000\nT: Hi?\n"
JSON = b'{"utterances": [{"speaker": "T", "text": "Hi?"}]}'
CSV = b"transcript_id,utterance_id,interlocutor,utterance_text\na,0,therapist,Hi?\n"
TEXT = b"Therapist: Hi?\nClient: Hi.\n"


def test_every_builtin_format_is_registered_and_described() -> None:
    """The six formats are registered, each with suffixes and a description."""
    readers = formats()
    assert set(readers) == {"csv", "docx", "json", "srt", "text", "vtt"}
    for name, reader in readers.items():
        assert reader.name == name
        assert reader.suffixes
        assert all(s.startswith(".") and s == s.lower() for s in reader.suffixes)
        assert reader.description


def test_unknown_format_name_is_a_usage_error_listing_formats() -> None:
    """get() of an unknown name raises UsageError naming the known formats."""
    with pytest.raises(UsageError, match="vtt"):
        get("pdf")


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (VTT, "session.txt", "vtt"),
        (SRT, "session.txt", "srt"),
        (JSON, "session.txt", "json"),
        (CSV, "session.txt", "csv"),
        (TEXT, "session.vtt", "vtt"),
        (TEXT, "session", "text"),
        (TEXT, "session.xyz", "text"),
        (b"just prose", "session.srt", "srt"),
        (b"just prose", "session.JSON", "json"),
        (b"id,turn\n1,2\n", "session.csv", "csv"),
        (b"just prose", "session.md", "text"),
    ],
    ids=[
        "vtt-content", "srt-content", "json-content", "csv-content", "suffix-beats-text",
        "text-no-suffix", "text-unknown-suffix", "srt-suffix", "json-suffix-any-case",
        "csv-suffix", "md-suffix",
    ],
)  # fmt: skip
def test_detection_order(data: bytes, name: str, expected: str) -> None:
    """Clear content wins over the suffix; then the suffix; then text with speaker labels."""
    assert detect(data, PurePath(name)).name == expected


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"Some notes about the week, nothing else.", UnknownFormatError),
        (b"\x00\x01\x02\x03binary", BinaryFileError),
        (b"Notes: \x81\x8d", EncodingError),
        (b"\xef\xbb\xbf   ", EmptyFileError),
    ],
    ids=["prose", "binary", "undecodable", "bom-only"],
)
def test_undetectable_content_raises_the_right_error(data: bytes, error: type) -> None:
    """Without a matching suffix: prose is unknown; binary/undecodable/blank say so."""
    with pytest.raises(error):
        detect(data, PurePath("notes.xyz"))
