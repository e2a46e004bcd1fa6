"""QA42 item 14: error wording for a speaker number out of range and for foreign JSON."""

from __future__ import annotations

import pytest

from alliancelens.errors import ParseError, SpeakerError
from alliancelens.ingest import read_bytes

TWO_SPEAKERS = b"Rhea: How are you?\nJonas: Fine.\nRhea: Fine?\nJonas: Yes.\n"


@pytest.mark.parametrize(
    ("option", "kwargs"), [("--therapist", "therapists"), ("--client", "clients")]
)
def test_speaker_number_beyond_the_speakers_says_how_many_there_are(
    option: str, kwargs: str
) -> None:
    """`--therapist 3` on a two-speaker file says there are only 2 speakers (numbers 1 to 2)."""
    with pytest.raises(SpeakerError) as caught:
        read_bytes(TWO_SPEAKERS, "x.txt", **{kwargs: ["3"]})
    message = str(caught.value)
    assert f"{option} 3" in message and "only 2 speakers" in message
    assert "Rhea" not in message and "Jonas" not in message


@pytest.mark.parametrize(
    "document",
    [
        b'{"title": "Session", "transcript": [{"speaker": "A", "text": "Hi."}]}',
        b'[{"speaker": "A", "text": "Hi."}]',
    ],
)
def test_foreign_json_is_named_as_not_an_alliancelens_transcript(document: bytes) -> None:
    """A JSON export of another tool says it is not an AllianceLens transcript and what to use."""
    with pytest.raises(ParseError) as caught:
        read_bytes(document, "export.json")
    message = str(caught.value)
    assert "not an AllianceLens JSON transcript" in message
    assert "WebVTT" in message and "SRT" in message
