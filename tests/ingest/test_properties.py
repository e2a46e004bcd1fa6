"""Property-based tests: readers never fail with anything but IngestError, and round-trip."""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import json

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliancelens.errors import IngestError
from alliancelens.ingest import read_bytes

FORMATS = [None, "text", "vtt", "srt", "json", "csv", "docx"]
SUFFIX = {None: ".xyz", "text": ".txt", "vtt": ".vtt", "srt": ".srt", "json": ".json",
          "csv": ".csv", "docx": ".docx"}  # fmt: skip
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ROUND_TRIP = settings(max_examples=60, deadline=None)

#: Pieces of every format, so generated text reaches past the first line of each parser.
FRAGMENTS = [
    "WEBVTT\n", "\n\n", "\n", "1\n", "00:00:01.000 --> 00:00:02.000\n", "00:00:01,000 --> ",
    "99:99:99,999", "-->", "<v Therapist>", "</v>", "<v.x >", "NOTE ", "Therapist: ",
    "Client: ", "T:", "[Client] ", "[00:01:02] ", "# date: ", "2024-02-30", "# id: x\n",
    "{", "}", "[", "]", '"utterances"', '"sessions"', '"speaker"', '"text"', '"start"', ":",
    ",", "1e400", "NaN", "null", '"x"', "transcript_id,utterance_id,interlocutor,utterance_text\n",
    "a,0,therapist,hi\n", "a,0,client,ho\n", '"', "timestamp", "\ufeff", "\r\n", "&amp;", "PK",
]  # fmt: skip
SOUP = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=8), max_size=40).map("".join)


def read_or_ingest_error(data: bytes, fmt: str | None) -> None:
    with contextlib.suppress(IngestError):
        read_bytes(data, f"x{SUFFIX[fmt]}", format=fmt)


@pytest.mark.parametrize("fmt", FORMATS)
@FUZZ
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes_raise_only_ingest_errors(fmt: str | None, data: bytes) -> None:
    """Any bytes, read as any format (or detected), give sessions or an IngestError."""
    read_or_ingest_error(data, fmt)


@pytest.mark.parametrize("fmt", FORMATS)
@FUZZ
@given(text=st.text(max_size=1000), encoding=st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_arbitrary_text_raises_only_ingest_errors(
    fmt: str | None, text: str, encoding: str
) -> None:
    """Any text in any supported encoding gives sessions or an IngestError."""
    read_or_ingest_error(text.encode(encoding, errors="replace"), fmt)


@pytest.mark.parametrize("fmt", FORMATS)
@FUZZ
@given(text=SOUP)
def test_format_like_text_raises_only_ingest_errors(fmt: str | None, text: str) -> None:
    """Text stitched from pieces of every format gives sessions or an IngestError."""
    read_or_ingest_error(text.encode("utf-8"), fmt)


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJ", min_size=1, max_size=8)
UTTERANCE = st.lists(WORD, min_size=1, max_size=6).map(" ".join)
TURNS = st.lists(
    st.tuples(st.sampled_from(["Therapist", "Client"]), UTTERANCE), min_size=2, max_size=12
).filter(lambda turns: len({speaker for speaker, _ in turns}) == 2)


def merged(turns: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Consecutive turns of one speaker joined, as readers of timed cues merge them."""
    out: list[tuple[str, str]] = []
    for speaker, text in turns:
        if out and out[-1][0] == speaker:
            out[-1] = (speaker, f"{out[-1][1]} {text}")
        else:
            out.append((speaker, text))
    return out


def clock(seconds: int, separator: str) -> str:
    return f"00:{seconds // 60:02d}:{seconds % 60:02d}{separator}500"


def render(fmt: str, turns: list[tuple[str, str]]) -> str:
    if fmt == "text":
        return "".join(f"{speaker}: {text}\n" for speaker, text in turns)
    if fmt in {"vtt", "srt"}:
        sep = "." if fmt == "vtt" else ","
        cues = [
            f"{n + 1}\n{clock(n, sep)} --> {clock(n + 1, sep)}\n{speaker}: {text}\n"
            for n, (speaker, text) in enumerate(turns)
        ]
        return ("WEBVTT\n\n" if fmt == "vtt" else "") + "\n".join(cues)
    if fmt == "json":
        return json.dumps({"utterances": [{"speaker": s, "text": t} for s, t in turns]})
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["transcript_id", "utterance_id", "interlocutor", "utterance_text"])
    writer.writerows(["t", n, speaker.lower(), text] for n, (speaker, text) in enumerate(turns))
    return buffer.getvalue()


@pytest.mark.parametrize("fmt", ["text", "vtt", "srt", "json", "csv"])
@ROUND_TRIP
@given(turns=TURNS, bom=st.booleans())
def test_well_formed_transcripts_round_trip(
    fmt: str, turns: list[tuple[str, str]], bom: bool
) -> None:
    """A transcript written in a format reads back to the same speakers and text."""
    data = render(fmt, turns).encode("utf-8")
    result = read_bytes(codecs.BOM_UTF8 + data if bom else data, f"x.{fmt}")
    assert result.format == fmt
    got = [(u.speaker.capitalize(), u.text) for u in result.sessions[0].utterances]
    assert got == (merged(turns) if fmt in {"vtt", "srt"} else turns)


def _docx_bytes() -> bytes:
    document = docx.Document()
    for line in ("Therapist: How are you?", "Client: Fine.", "Therapist: Fine?"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


DOCX = _docx_bytes()


@FUZZ
@given(
    edits=st.lists(
        st.tuples(st.integers(0, len(DOCX) - 1), st.integers(0, 255)), min_size=1, max_size=8
    ),
    cut=st.integers(30, len(DOCX)),
)
def test_damaged_word_documents_raise_only_ingest_errors(
    edits: list[tuple[int, int]], cut: int
) -> None:
    """A real .docx with flipped bytes or cut short gives a session or an IngestError."""
    data = bytearray(DOCX)
    for position, value in edits:
        data[position] = value
    read_or_ingest_error(bytes(data[:cut]), "docx")
