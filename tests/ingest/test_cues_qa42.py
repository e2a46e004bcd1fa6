"""QA42 items 7 and 8: two speakers in one cue, and cues slightly out of time order."""

from __future__ import annotations

import pytest

from alliancelens.errors import TimestampOrderError
from alliancelens.ingest import read_bytes

SHARED_CUE = """WEBVTT

1
00:00:01.000 --> 00:00:04.000
Rhea: How was the week?

2
00:00:05.000 --> 00:00:09.000
- Jonas: It was long and hard, honestly.
- Rhea: Mm.

3
00:00:09.500 --> 00:00:11.000
Jonas: Very long.
"""


def test_two_speakers_in_one_cue_share_its_time_by_words() -> None:
    """A cue holding two speakers gives each a part of its time, in proportion to words (#7)."""
    session = read_bytes(SHARED_CUE.encode(), "x.vtt").sessions[0]
    assert [(u.start, u.end) for u in session.utterances] == [
        (1.0, 4.0),
        (5.0, 8.429),
        (8.429, 9.0),
        (9.5, 11.0),
    ]


def test_second_speaker_of_a_shared_cue_does_not_overlap_the_first() -> None:
    """The second line of a two-speaker cue starts where the first ends: no made-up overlap."""
    session = read_bytes(SHARED_CUE.encode(), "x.vtt").sessions[0]
    first, second = session.utterances[1], session.utterances[2]
    assert first.end is not None and second.start is not None
    assert second.start >= first.end


def test_srt_cue_continuing_a_turn_then_a_new_speaker_keeps_the_turn_start() -> None:
    """A turn carried into a shared cue keeps its start; only its end moves to the split."""
    text = (
        "1\n00:00:01,000 --> 00:00:03,000\nTherapist: And then?\n\n"
        "2\n00:00:03,000 --> 00:00:07,000\nwhat happened next\n- Client: Nothing.\n"
    )
    session = read_bytes(text.encode(), "x.srt").sessions[0]
    assert [(u.start, u.end) for u in session.utterances] == [(1.0, 6.0), (6.0, 7.0)]


UNORDERED = """WEBVTT

1
00:00:01.000 --> 00:00:05.500
Rhea: How was the week?

2
00:00:05.500 --> 00:00:07.000
Jonas: Long.

3
00:00:05.200 --> 00:00:06.000
Rhea: Long how?

4
00:00:07.500 --> 00:00:09.000
Jonas: Just long.
"""


def test_cue_starting_slightly_before_the_cue_before_is_read_with_a_warning() -> None:
    """A back-step of at most 2 s (crosstalk) is read, clamped to the cue before, with a warning."""
    result = read_bytes(UNORDERED.encode(), "x.vtt")
    session = result.sessions[0]
    assert [u.start for u in session.utterances] == [1.0, 5.5, 5.5, 7.5]
    warning = " ".join(result.all_warnings)
    assert "line(s) 12" in warning and "out of time order" in warning


def test_large_back_step_is_refused_with_what_to_do() -> None:
    """A cue more than 2 s earlier than the one before is refused, and the error says what to do."""
    text = UNORDERED.replace("00:00:05.200 --> 00:00:06.000", "00:00:02.000 --> 00:00:03.000")
    with pytest.raises(TimestampOrderError) as caught:
        read_bytes(text.encode(), "x.vtt")
    assert caught.value.line == 12
    assert "sort the cues by start time" in str(caught.value)
