"""docs/formats.md stays true: every example reads, every format and schema field is documented."""

from __future__ import annotations

import re
from pathlib import Path, PurePath

import pytest

from alliancelens.ingest import detect, formats, read_bytes
from alliancelens.ingest.annomi_csv import REQUIRED_COLUMNS
from alliancelens.ingest.jsonfmt import schema

PAGE = Path(__file__).resolve().parents[1] / "docs" / "formats.md"
TEXT = PAGE.read_text("utf-8")
#: Fenced blocks whose info string is ``transcript-<format>`` (anything after it is ignored).
BLOCK = re.compile(r"^```transcript-(?P<format>[a-z]+)[^\n]*\n(?P<body>.*?)^```\s*$", re.M | re.S)
EXAMPLES = [(m.group("format"), m.group("body")) for m in BLOCK.finditer(TEXT)]
SUFFIX = {"text": ".txt", "vtt": ".vtt", "srt": ".srt", "json": ".json", "csv": ".csv"}


def test_page_has_an_example_of_every_text_format() -> None:
    """Every registered format except docx (binary) has at least one example block."""
    shown = {fmt for fmt, _ in EXAMPLES}
    assert shown == {name for name, reader in formats().items() if not reader.binary}


@pytest.mark.parametrize(("fmt", "body"), EXAMPLES, ids=[fmt for fmt, _ in EXAMPLES])
def test_example_reads_with_its_format(fmt: str, body: str) -> None:
    """Each example reads as its format, with two or more speakers in every session."""
    result = read_bytes(body.encode("utf-8"), f"example{SUFFIX[fmt]}", format=fmt)
    for session in result.sessions:
        assert len(session.speakers) >= 2


@pytest.mark.parametrize(("fmt", "body"), EXAMPLES, ids=[fmt for fmt, _ in EXAMPLES])
def test_example_is_detected_from_its_content(fmt: str, body: str) -> None:
    """Without a suffix or --format, detection picks the example's format from its content."""
    assert detect(body.encode("utf-8"), PurePath("example")).name == fmt


@pytest.mark.parametrize("name", sorted(formats()))
def test_every_format_is_in_the_table(name: str) -> None:
    """The format table lists every registered format with its suffixes."""
    row = next((line for line in TEXT.splitlines() if line.startswith(f"| `{name}` |")), "")
    assert row, name
    for suffix in formats()[name].suffixes:
        assert f"`{suffix}`" in row


def schema_fields() -> list[str]:
    definitions = schema()["$defs"]
    session = definitions["session"]["properties"]
    utterance = definitions["utterance"]["properties"]
    return [*session, *(f"utterances[].{name}" for name in utterance)]


@pytest.mark.parametrize("field", schema_fields())
def test_every_json_schema_field_is_documented(field: str) -> None:
    """The JSON field table names every property of the session and utterance schemas."""
    assert f"`{field}`" in TEXT or f"`.{field.rsplit('.', 1)[-1]}`" in TEXT


@pytest.mark.parametrize("column", REQUIRED_COLUMNS)
def test_every_required_csv_column_is_documented(column: str) -> None:
    """The CSV section names every required column."""
    assert f"`{column}`" in TEXT
