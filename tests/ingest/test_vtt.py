"""WebVTT reader: Zoom/Teams/Otter exports, voice tags, merging, times, errors."""

from __future__ import annotations

import pytest

from alliancelens.domain import Role
from alliancelens.errors import EmptyFileError, ParseError, TimestampOrderError
from alliancelens.ingest import read_bytes, read_file
from alliancelens.ingest.vtt import WebVTTReader, parse_timestamp

ZOOM = """WEBVTT

1
00:00:01.234 --> 00:00:04.500
Dr. Lee: Hi Sam, how has the week been?

2
00:00:05.000 --> 00:00:07.250
Sam: Honestly, not great.

3
00:00:07.250 --> 00:00:09.999
Sam: I missed two days of work.

4
00:00:10.100 --> 00:00:12.000
Dr. Lee: What happened on those days?

5
00:00:12.500 --> 00:00:15.000
Sam: I just could not get up.
"""

TEAMS = """WEBVTT

0f1e2d3c-1/12-0
00:00:00.000 --> 00:00:02.000
<v Therapist>Shall we start with the diary?</v>

0f1e2d3c-1/13-0
00:00:02.500 --> 00:00:04.000
<v.loud Client>Yes &amp; no &lt;sigh&gt;.</v>

0f1e2d3c-1/14-0
00:00:04.500 --> 00:00:06.000
<v Therapist>Tell me about the <i>no</i>.</v>
"""


def read_vtt(text: str) -> list[tuple[str, Role, str, float | None, float | None]]:
    result = read_bytes(text.encode(), "session.vtt", format="vtt")
    return [(u.speaker, u.role, u.text, u.start, u.end) for u in result.sessions[0].utterances]


def test_zoom_export_merges_consecutive_cues_of_one_speaker(write) -> None:
    """Zoom 'Name:' cues are turns; one speaker's consecutive cues merge (first start, last end)."""
    result = read_file(write("zoom.vtt", ZOOM), therapists=["Dr. Lee"])
    session = result.sessions[0]
    assert result.format == "vtt"
    assert [(u.index, u.speaker, u.start, u.end) for u in session.utterances] == [
        (0, "Dr. Lee", 1.234, 4.5),
        (1, "Sam", 5.0, 9.999),
        (2, "Dr. Lee", 10.1, 12.0),
        (3, "Sam", 12.5, 15.0),
    ]
    assert session.utterances[1].text == "Honestly, not great. I missed two days of work."
    assert session.role_of("Dr. Lee") is Role.THERAPIST
    assert session.role_of("Sam") is Role.CLIENT
    assert result.all_warnings == ()


def test_teams_voice_tags_give_speakers_and_markup_is_removed() -> None:
    """<v Name> (with classes) names the speaker; tags are stripped and entities decoded."""
    assert read_vtt(TEAMS) == [
        ("Therapist", Role.THERAPIST, "Shall we start with the diary?", 0.0, 2.0),
        ("Client", Role.CLIENT, "Yes & no <sigh>.", 2.5, 4.0),
        ("Therapist", Role.THERAPIST, "Tell me about the no.", 4.5, 6.0),
    ]


def test_two_voices_in_one_cue_are_two_utterances() -> None:
    """A cue holding two voice spans yields one utterance per voice, sharing the cue's time."""
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v T>Ready?</v>\n<v C>Yes.</v>\n"
    assert read_vtt(text) == [
        ("T", Role.THERAPIST, "Ready?", 1.0, 2.0),
        ("C", Role.CLIENT, "Yes.", 2.0, 3.0),
    ]


def test_cue_without_speaker_continues_the_previous_speaker() -> None:
    """A cue with no speaker marker is added to the previous speaker's utterance."""
    text = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nTherapist: How are you?\n\n"
        "00:00:02.000 --> 00:00:03.000\nClient: Tired.\n\n"
        "00:00:03.000 --> 00:00:04.500\nand a bit low.\n"
    )
    assert read_vtt(text)[-1] == ("Client", Role.CLIENT, "Tired. and a bit low.", 2.0, 4.5)


@pytest.mark.parametrize(
    ("cue_text", "expected"),
    [
        ("honestly: I am fine.", "Tired. honestly: I am fine."),
        ("Note: I am fine.", "Tired. Note: I am fine."),
        ("[laughs] Fine.", "Tired. [laughs] Fine."),
        (
            "[Laughs softly] Fine.\n[Laughs softly] Yes.",
            "Tired. [Laughs softly] Fine. [Laughs softly] Yes.",
        ),
        ("So what I said to her was: no.", "Tired. So what I said to her was: no."),
    ],
)
def test_prefixes_that_are_not_speakers_stay_text(cue_text: str, expected: str) -> None:
    """A one-off lower-case or 'Note:' prefix, a sound note or a long prefix is text."""
    text = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nTherapist: How are you?\n\n"
        f"00:00:02.000 --> 00:00:03.000\nClient: Tired.\n{cue_text}\n"
    )
    assert read_vtt(text)[-1][2] == expected


def test_notes_styles_identifiers_and_settings_are_skipped() -> None:
    """NOTE/STYLE blocks, header metadata, cue identifiers and cue settings are ignored."""
    text = (
        "WEBVTT - exported\nKind: captions\nLanguage: en\n\n"
        "STYLE\n::cue { color: red }\n\nNOTE\nexported by Otter\n\n"
        "intro\n00:01.000 --> 00:02.000 align:start position:10%\nT: Hello?\n\n"
        "00:02.000 --> 00:03.000\nC: Hi.\n"
    )
    assert read_vtt(text) == [
        ("T", Role.THERAPIST, "Hello?", 1.0, 2.0),
        ("C", Role.CLIENT, "Hi.", 2.0, 3.0),
    ]


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("00:00:01.234", 1.234),
        ("01:02:03.004", 3723.004),
        ("02:03.5", 123.5),
        ("00:00:01,250", 1.25),
        ("100:00:00.000", 360000.0),
        ("00:61:00.000", None),
        ("00:00:01", None),
        ("abc", None),
    ],
)
def test_parse_timestamp(value: str, seconds: float | None) -> None:
    """Cue times are seconds with millisecond precision; malformed times are None."""
    assert parse_timestamp(value) == seconds


@pytest.mark.parametrize(
    ("text", "line", "field"),
    [
        ("WEBVTT\n\n1\n00:00:01.000 --> soon\nT: hi\n", 4, "cue time"),
        ("WEBVTT\n\n00:00:01.000 --> 00:70:02.000\nT: hi\n", 3, "cue time"),
        ("WEBVTT\n\nT: hi\nC: hello\n", 3, None),
        ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nT: hi\n00:00:02.000 --> 00:00:03.000\n", 5,
         "cue time"),
        ("WEBVTT\n00:00:01.000 --> 00:00:02.000\nT: hi\n", 2, None),
        ("Therapist: hi\nClient: hello\n", 1, None),
        ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nno speaker here\n", 4, None),
        ("WEBVTT\n\n1\n00:00:01.000 -> 00:00:03.000\nT: hi\n", 4, "cue time"),
    ],
    ids=["bad-time", "minutes-over-59", "no-time-line", "two-time-lines", "header-cue",
         "no-header", "first-cue-no-speaker", "broken-arrow-after-identifier"],
)  # fmt: skip
def test_unreadable_cues_raise_parse_error_with_line(text: str, line: int, field: str) -> None:
    """Malformed files raise ParseError naming the line (and the field for cue times)."""
    with pytest.raises(ParseError) as caught:
        read_bytes(text.encode(), "x.vtt", format="vtt")
    assert (caught.value.line, caught.value.field) == (line, field)


def test_header_only_file_is_empty() -> None:
    """A WEBVTT header without cues raises EmptyFileError."""
    with pytest.raises(EmptyFileError):
        read_bytes(b"WEBVTT\n\nNOTE nothing yet\n", "x.vtt")


@pytest.mark.parametrize(
    ("cues", "line"),
    [
        ("00:00:05.000 --> 00:00:06.000\nT: a?\n\n00:00:01.000 --> 00:00:02.000\nT: b\n", 6),
        ("00:00:05.000 --> 00:00:04.000\nT: a?\n", 3),
    ],
    ids=["backwards", "ends-before-start"],
)
def test_cue_times_out_of_order_raise(cues: str, line: int) -> None:
    """A cue starting before the previous one, or ending before it starts, is refused."""
    text = f"WEBVTT\n\n{cues}\n00:00:09.000 --> 00:00:10.000\nC: c\n"
    with pytest.raises(TimestampOrderError) as caught:
        read_bytes(text.encode(), "x.vtt")
    assert caught.value.line == line


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("WEBVTT\n\n", True),
        ("WEBVTT - Zoom export\n", True),
        ("\n\nWEBVTT\n", True),
        ("WEBVTTX\n", False),
        ("Therapist: WEBVTT\n", False),
        (None, False),
    ],
)
def test_sniff(text: str | None, expected: bool) -> None:
    """Content is WebVTT when its first line is the WEBVTT header."""
    assert WebVTTReader().sniff(b"", text) is expected
