"""Every kind of bad input raises the right IngestError, naming file and line, never the text.

The transcripts below mention "Zebedee" (as text and as a client's name); no message may.
"""

from __future__ import annotations

import json
import re

import pytest

from alliancelens.errors import (
    BinaryFileError,
    EmptyFileError,
    EncodingError,
    IngestError,
    MissingColumnsError,
    ParseError,
    SpeakerError,
    TimestampOrderError,
    UnknownFormatError,
)
from alliancelens.ingest import check_names, read_file

SECRET = "Zebedee"  # noqa: S105 - a name in the transcripts, not a password
BACKWARDS_JSON = json.dumps(
    {
        "utterances": [
            {"speaker": "Therapist", "text": "Hi Zebedee?", "start": 9.0},
            {"speaker": "Zebedee", "text": "Hi.", "start": 2.0},
        ]
    },
    indent=1,
)

CASES = [
    ("empty.txt", b"", EmptyFileError, None),
    ("blank.vtt", b"  \n\n\t\n", EmptyFileError, None),
    ("utf16-blank.txt", "\ufeff   \n".encode("utf-16-le"), EmptyFileError, None),
    ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), BinaryFileError, None),
    ("binary.txt", b"Zebedee\x00\x01\x02\x03", BinaryFileError, None),
    ("notes.xyz", b"Zebedee had a long week and we talked about it.", UnknownFormatError, None),
    ("latin.txt", b"Therapist: Hi?\nZebedee: \x81\x8d\n", EncodingError, 2),
    ("alone.txt", b"Therapist: Hi Zebedee?\nTherapist: Anyone?\n", SpeakerError, 1),
    ("prose.txt", b"Zebedee's session.\nTherapist: Hi?\nClient: Hi.\n", ParseError, 1),
    ("labels.txt", b"Zebedee said nothing at all.\n", ParseError, 1),
    ("cue.vtt", b"WEBVTT\n\n00:00:01.000 -> 00:00:02.000\nZebedee: hi\n", ParseError, 3),
    ("cue.srt", b"Zebedee\n\n1\n00:00:01,000 --> 00:00:02,000\nT: hi\n", ParseError, 1),
    ("broken.json", b'{"utterances": [\n{"speaker": "Zebedee"\n}', ParseError, 3),
    (
        "schema.json",
        b'{"utterances": [\n{"speaker": "Zebedee", "text": 5}]}',
        ParseError,
        2,
    ),
    (
        "columns.csv",
        b"transcript_id,speaker,utterance_text\n1,Zebedee,hi\n",
        MissingColumnsError,
        1,
    ),
    (
        "rows.csv",
        b"transcript_id,utterance_id,interlocutor,utterance_text\n1,0,therapist,Hi?\n1,x,client,"
        b"Zebedee\n",
        ParseError,
        3,
    ),
    ("broken.docx", b"PK\x03\x04Zebedee" + bytes(40), ParseError, None),
    ("back.txt", b"[00:05] Therapist: Hi?\n[00:01] Client: Zebedee.\n", TimestampOrderError, 2),
    (
        "back.vtt",
        b"WEBVTT\n\n00:00:05.000 --> 00:00:06.000\nT: Hi?\n\n"
        b"00:00:01.000 --> 00:00:02.000\nZebedee: Hi.\n",
        TimestampOrderError,
        6,
    ),
    (
        "back.srt",
        b"1\n00:00:05,000 --> 00:00:06,000\nT: Hi?\n\n2\n00:00:01,000 --> 00:00:02,000\nC: Hi.\n",
        TimestampOrderError,
        6,
    ),
    ("back.json", BACKWARDS_JSON.encode(), TimestampOrderError, 8),
]


@pytest.mark.parametrize(("name", "data", "error", "line"), CASES, ids=[case[0] for case in CASES])
def test_bad_input_raises_located_ingest_error(
    write, name: str, data: bytes, error: type[IngestError], line: int | None
) -> None:
    """read_file raises the specific IngestError with file and line set and no transcript text."""
    path = write(name, data)
    with pytest.raises(IngestError) as caught:
        read_file(path)
    exc = caught.value
    assert type(exc) is error
    assert exc.file == str(path)
    assert exc.line == line
    assert str(exc).startswith(str(path))
    assert exc.code.startswith("AL2")
    assert exc.hint
    assert SECRET not in str(exc)
    assert SECRET.lower() not in str(exc).lower()


def test_unmatched_override_is_a_speaker_error_with_the_file(write) -> None:
    """An override naming no speaker where roles need it raises SpeakerError, not the name."""
    path = write("s.txt", b"Morgan: Hi?\nSam: Hi.\nMorgan: And?\nSam: Fine.\n")
    with pytest.raises(SpeakerError) as caught:
        read_file(path, clients=[SECRET])
    assert caught.value.file == str(path)
    assert SECRET not in str(caught.value)


def test_unmatched_override_in_a_file_with_role_labels_is_a_warning(write) -> None:
    """With 'Therapist:'/'Client:' labels an unused name only warns and is recorded."""
    path = write("s.txt", b"Therapist: Hi?\nClient: Hi.\n")
    result = read_file(path, therapists=[SECRET])
    assert result.unmatched_names == (SECRET,)
    assert len(result.warnings) == 1 and SECRET not in result.warnings[0]


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            [b"Therapist: Hi?\nClient: Hi.\n", b"Morgan: Hi?\nSam: Hi.\nMorgan: And?\nSam: Ok.\n"],
            None,
        ),
        ([b"Therapist: Hi?\nClient: Hi.\n"] * 2, "--therapist: 1 name(s) match no speaker label"
         " in any of the 2 files"),
    ],
    ids=["used-in-one-file", "used-in-none"],
)  # fmt: skip
def test_check_names_fails_only_when_no_file_uses_a_name(
    write, files: list[bytes], message: str | None
) -> None:
    """A --therapist name is an error only when it matches a speaker in none of the files."""
    results = [
        read_file(write(f"s{i}.txt", data), therapists=["Morgan"]) for i, data in enumerate(files)
    ]
    if message is None:
        check_names(results, therapists=["Morgan"], clients=[])
        return
    with pytest.raises(SpeakerError, match=re.escape(message)):
        check_names(results, therapists=["Morgan"], clients=[])


def test_unmatched_override_counts_labels_and_says_how_to_see_them(write) -> None:
    """An unmatched name: the labels are counted, never printed, and `analyze` is suggested."""
    path = write("s.txt", b"Morgan: Hi?\nSam: Hi.\nMorgan: And?\nSam: Fine.\n")
    with pytest.raises(SpeakerError) as caught:
        read_file(path, clients=[SECRET])
    message = str(caught.value)
    assert "none of the file's 2 speaker label(s)" in message
    assert "alliancelens analyze FILE" in message and "in Python" not in message
    assert "Morgan" not in message and "Sam" not in message


def test_a_name_spelt_with_a_space_suggests_the_speaker_by_number(write) -> None:
    """A name that differs from a label only in spacing is suggested by number, not by label."""
    path = write("s.txt", b"SPEAKER_7: Hello?\nSPEAKER_8: Hi there.\nSPEAKER_7: Okay?\n")
    with pytest.raises(SpeakerError, match=r"did you mean speaker 1 of 2 \(use --therapist 1\)"):
        read_file(path, therapists=["Speaker 7"])


def test_a_near_miss_of_a_name_label_never_prints_the_label(write) -> None:
    """A real name re-spelt with underscores is suggested by number; the label is not shown."""
    path = write("n.txt", b"Dr. Imre Vasko: Hello?\nOdile Brandt: Hi.\nDr. Imre Vasko: Yes?\n")
    with pytest.raises(SpeakerError) as caught:
        read_file(path, clients=["odile_brandt"], client_option="--client-speaker")
    assert "did you mean speaker 2 of 2 (use --client-speaker 2)" in str(caught.value)
    assert "odile" not in str(caught.value).replace("odile_brandt", "").casefold()
