"""SRT reader: speaker markers in cue text, merging, times, srt library errors."""

from __future__ import annotations

import pytest

from alliancelens.domain import Role
from alliancelens.errors import EmptyFileError, ParseError, TimestampOrderError
from alliancelens.ingest import read_bytes, read_file
from alliancelens.ingest.srtfmt import SRTReader

SESSION = """1
00:00:01,250 --> 00:00:04,000
Therapist: Did you manage the walk
we talked about?

2
00:00:04,500 --> 00:00:06,000
[Riley] Once.

3
00:00:06,000 --> 00:00:08,125
Only once, on Sunday.

4
00:00:09,000 --> 00:00:11,000
<v Therapist>Once is a start.</v>

5
00:00:11,500 --> 00:00:13,000
- Therapist: How did it feel?
- [Riley] Good, actually.
"""


def test_realistic_session_reads_speakers_roles_times_and_merges(write) -> None:
    """Name:, [Name] and <v Name> name speakers; same-speaker cues merge; times keep ms."""
    result = read_file(write("riley.srt", SESSION))
    session = result.sessions[0]
    assert result.format == "srt"
    assert [(u.speaker, u.role, u.text, u.start, u.end) for u in session.utterances] == [
        ("Therapist", Role.THERAPIST, "Did you manage the walk we talked about?", 1.25, 4.0),
        ("Riley", Role.CLIENT, "Once. Only once, on Sunday.", 4.5, 8.125),
        # cue 5 holds two speakers: its 1.5 s are shared by words, 4 to 2 (QA42 item 7)
        ("Therapist", Role.THERAPIST, "Once is a start. How did it feel?", 9.0, 12.5),
        ("Riley", Role.CLIENT, "Good, actually.", 12.5, 13.0),
    ]


def test_dot_as_millisecond_separator_is_accepted() -> None:
    """Times written 00:00:01.500 (a common editor quirk) read like 00:00:01,500."""
    text = "1\n00:00:01.500 --> 00:00:02.000\nT: Hi?\n\n2\n00:00:02.000 --> 00:00:03.000\nC: Hi.\n"
    session = read_bytes(text.encode(), "x.srt").sessions[0]
    assert session.utterances[0].start == 1.5


def test_positioning_codes_and_italics_are_removed() -> None:
    """SSA positioning codes such as {\\an8} and <i> tags are not part of the text."""
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\n{\\an8}T: <i>Ready?</i>\n\n"
        "2\n00:00:02,000 --> 00:00:03,000\nC: Yes.\n"
    )
    session = read_bytes(text.encode(), "x.srt").sessions[0]
    assert [(u.speaker, u.text) for u in session.utterances] == [("T", "Ready?"), ("C", "Yes.")]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("Zebedee said hello\n\n1\n00:00:01,000 --> 00:00:02,000\nT: Hi?\n", 1),
        ("\n\n  \nZebedee\n1\n00:00:01,000 --> 00:00:02,000\nT: Hi?\n", 4),
        ("1\n00:00:01,000 --> 00:00:02,000\nZebedee speaks\n", 3),
    ],
    ids=["text-before-first-cue", "text-after-blank-lines", "first-cue-without-speaker"],
)
def test_unparseable_srt_raises_parse_error_with_line(text: str, line: int) -> None:
    """srt's parse errors become ParseError with the line of the offending text."""
    with pytest.raises(ParseError) as caught:
        read_bytes(text.encode(), "x.srt", format="srt")
    assert caught.value.line == line
    assert "Zebedee" not in str(caught.value)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("1\n00:00:01,000 --> 00:00:02,000\nT: hi Zebedee\n\n2\nnot a time\nC: Zebedee\n", 6),
        ("1\n00:00:01,000 --> 00:00:02,000\nT: hi\n\n2\n00:00:xx,000 --> 00:00:03,000\nC: ok\n", 6),
        ("1\n00:00:01,000 --> 00:00:02,000\nT: hi\n\n2\n", 5),
    ],
    ids=["text-instead-of-time", "unreadable-time", "number-at-end"],
)
def test_cue_number_without_time_line_raises_parse_error(text: str, line: int) -> None:
    """A cue number without a time line after it is an error, not text of the cue before."""
    with pytest.raises(ParseError) as caught:
        read_bytes(text.encode(), "x.srt", format="srt")
    assert (caught.value.line, caught.value.field) == (line, "cue time")
    assert "Zebedee" not in str(caught.value)


def test_time_too_large_for_the_srt_library_is_a_parse_error() -> None:
    """An absurd hour count is reported as an unreadable cue time, not an OverflowError."""
    text = "1\n99999999999999999999:00:01,000 --> 00:00:02,000\nT: hi\n"
    with pytest.raises(ParseError) as caught:
        read_bytes(text.encode(), "x.srt", format="srt")
    assert (caught.value.line, caught.value.field) == (2, "cue time")


def test_cues_going_backwards_raise_timestamp_order_error() -> None:
    """A cue that starts before the previous cue raises TimestampOrderError at its time line."""
    text = "1\n00:00:05,000 --> 00:00:06,000\nT: a?\n\n2\n00:00:01,000 --> 00:00:02,000\nC: b\n"
    with pytest.raises(TimestampOrderError) as caught:
        read_bytes(text.encode(), "x.srt")
    assert caught.value.line == 6


def test_file_without_cues_is_empty() -> None:
    """Blank content read as SRT raises EmptyFileError."""
    with pytest.raises(EmptyFileError):
        read_bytes(b"\n \n", "x.srt", format="srt")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1\n00:00:01,000 --> 00:00:02,000\nT: hi\n", True),
        ("\n\n12\n01:02:03.400 --> 01:02:05.000\n", True),
        ("1\nTherapist: hi\n", False),
        ("WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\n", False),
        ("Therapist: hi\n", False),
        (None, False),
    ],
)
def test_sniff(text: str | None, expected: bool) -> None:
    """Content is SRT when the first non-blank line is a number followed by a time line."""
    assert SRTReader().sniff(b"", text) is expected


def test_a_repeated_cue_is_read_once_with_a_warning() -> None:
    """A cue doubled by the export (same times and text) is read once; a warning names its line."""
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\nTherapist: Hello?\n\n"
        "2\n00:00:02,500 --> 00:00:04,000\nClient: Fine.\n\n"
        "2\n00:00:02,500 --> 00:00:04,000\nClient: Fine.\n"
    )
    result = read_bytes(text.encode(), "s.srt")
    assert result.sessions[0].utterances[1].text == "Fine."
    assert any("repeat the cue before them" in w and "line(s) 10" in w for w in result.all_warnings)


def test_a_cue_of_only_sound_notes_is_not_credited_to_the_speaker_before() -> None:
    """'[crying]' on its own after the therapist's cue is left out of the therapist's text."""
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\n[Therapist] Take your time.\n\n"
        "2\n00:00:02,500 --> 00:00:04,000\n[crying]\n\n"
        "3\n00:00:04,500 --> 00:00:06,000\n[Client] It is hard. [sighs] Sorry.\n"
    )
    result = read_bytes(text.encode(), "s.srt")
    texts = [u.text for u in result.sessions[0].utterances]
    assert texts == ["Take your time.", "It is hard. [sighs] Sorry."]
    assert any("only sound notes" in w for w in result.all_warnings)
