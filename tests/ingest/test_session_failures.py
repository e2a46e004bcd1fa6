"""A bad session of a multi-session file: named by position; alone left out with per_session."""

from __future__ import annotations

import json

import pytest

from alliancelens.errors import IngestError, ParseError, SpeakerError
from alliancelens.ingest import read_bytes

HEADER = "transcript_id,utterance_id,interlocutor,utterance_text\n"
CSV = HEADER + (
    "k1,0,therapist,What brought you here today?\n"
    "k1,1,client,The drinking mostly.\n"
    "k2,0,client,I will start then.\n"
    "k2,1,client,And carry on talking.\n"
    "k3,0,therapist,Where are we at?\n"
    "k3,1,client,Roughly halfway.\n"
)


def _json(dates: list[str | None]) -> bytes:
    sessions = []
    for number, date in enumerate(dates):
        session: dict[str, object] = {
            "id": f"j{number}",
            "speakers": [{"label": "Ana", "role": "therapist"}, {"label": "Bo", "role": "client"}],
            "utterances": [
                {"speaker": "Ana", "text": "How has the week gone?"},
                {"speaker": "Bo", "text": "Slowly, but fine."},
            ],
        }
        if date is not None:
            session["date"] = date
        sessions.append(session)
    return json.dumps({"sessions": sessions}, indent=1).encode()


def test_csv_transcript_with_one_speaker_fails_the_file_by_default() -> None:
    """analyze/import: the file is refused; the message names the session position and line."""
    with pytest.raises(SpeakerError) as caught:
        read_bytes(CSV.encode(), "study.csv")
    message = caught.value.message
    assert message.startswith("study.csv, session 2 of 3, line 4: only one speaker")
    assert "k2" not in message


def test_csv_one_speaker_advice_names_the_interlocutor_column() -> None:
    """The CSV's own advice (its interlocutor column), not 'start each turn with a label'."""
    with pytest.raises(SpeakerError, match="interlocutor column") as caught:
        read_bytes(CSV.encode(), "study.csv")
    assert "speaker label" not in caught.value.message


def test_per_session_leaves_out_only_the_bad_csv_transcript() -> None:
    """batch mode: the other transcripts are read; the failure gives position, code, line."""
    result = read_bytes(CSV.encode(), "study.csv", per_session=True)
    assert [s.id for s in result.sessions] == ["k1", "k3"]
    (failure,) = result.session_failures
    assert (failure.position, failure.total, failure.code) == (2, 3, SpeakerError.code)
    assert failure.message.startswith("study.csv, session 2 of 3, line 4:")


def test_per_session_bad_csv_row_fails_only_its_transcript() -> None:
    """An unknown interlocutor in one transcript's row is that transcript's error."""
    text = CSV.replace("k3,1,client,", "k3,1,counsellor,")
    result = read_bytes(text.encode(), "study.csv", per_session=True)
    assert [s.id for s in result.sessions] == ["k1"]
    codes = {(f.position, f.code) for f in result.session_failures}
    assert codes == {(2, SpeakerError.code), (3, ParseError.code)}
    assert any("line 7, interlocutor" in f.message for f in result.session_failures)


def test_per_session_invalid_json_date_fails_only_that_session() -> None:
    """A date that does not exist fails its session; the others are read."""
    result = read_bytes(_json([None, "2025-04-31", "2025-05-02"]), "s.json", per_session=True)
    assert [s.id for s in result.sessions] == ["j0", "j2"]
    (failure,) = result.session_failures
    assert failure.position == 2
    assert "session 2 of 3" in failure.message
    assert "sessions[1].date: not a valid date" in failure.message


def test_invalid_json_date_without_per_session_refuses_the_file() -> None:
    """Import and analyze stay all-or-nothing per file."""
    with pytest.raises(ParseError, match=r"session 2 of 3, line \d+, sessions\[1\]\.date"):
        read_bytes(_json([None, "2025-04-31", "2025-05-02"]), "s.json")


def test_when_every_session_fails_the_file_fails() -> None:
    """per_session never returns an empty result: with no good session the file fails."""
    with pytest.raises(IngestError):
        read_bytes(_json(["2025-02-30", "2025-13-01"]), "s.json", per_session=True)


def test_single_session_error_is_not_given_a_position() -> None:
    """A one-session file keeps its plain message (no 'session 1 of 1')."""
    text = HEADER + "solo,0,client,Just me.\nsolo,1,client,Still me.\n"
    with pytest.raises(SpeakerError) as caught:
        read_bytes(text.encode(), "one.csv", per_session=True)
    assert "session 1" not in caught.value.message
