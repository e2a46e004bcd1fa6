"""assemble(): raw transcripts become validated sessions, the same way for every format."""

from __future__ import annotations

import datetime as dt

import pytest

from alliancelens.domain import Role
from alliancelens.errors import EmptyFileError, ParseError, SpeakerError, TimestampOrderError
from alliancelens.ingest.assemble import assemble
from alliancelens.ingest.base import RawTranscript, RawTurn


def raw(*turns: RawTurn, **fields: object) -> RawTranscript:
    return RawTranscript(turns=list(turns), **fields)  # type: ignore[arg-type]


def test_builds_a_session_with_indexes_roles_and_metadata() -> None:
    """Turns become utterances 0..n with resolved roles, stripped text, times and metadata."""
    session, warnings, unmatched = assemble(
        raw(
            RawTurn("Therapist", "  Hi?  ", line=1, start=0.5, end=1.0),
            RawTurn("Client", "Hello.", line=2, start=1.5, end=2.0),
            date=dt.date(2024, 1, 2),
            modality="video",
            notes="n",
        ),
        session_id="s1",
        metadata={"source_format": "text"},
    )
    assert [(u.index, u.speaker, u.role, u.text, u.start, u.end) for u in session.utterances] == [
        (0, "Therapist", Role.THERAPIST, "Hi?", 0.5, 1.0),
        (1, "Client", Role.CLIENT, "Hello.", 1.5, 2.0),
    ]
    assert (session.id, session.date, session.modality, session.notes) == (
        "s1",
        dt.date(2024, 1, 2),
        "video",
        "n",
    )
    assert dict(session.metadata) == {"source_format": "text"}
    assert (warnings, unmatched) == ([], ())


def test_empty_turns_are_dropped() -> None:
    """Turns with blank text are left out; the rest keep consecutive indexes."""
    session, _, _ = assemble(
        raw(RawTurn("T", "Hi?"), RawTurn("C", "   "), RawTurn("C", "Hello.")), session_id="s"
    )
    assert [(u.index, u.text) for u in session.utterances] == [(0, "Hi?"), (1, "Hello.")]


def test_no_text_at_all_is_empty() -> None:
    """A transcript whose turns are all blank raises EmptyFileError."""
    with pytest.raises(EmptyFileError):
        assemble(raw(RawTurn("T", " "), RawTurn("C", "")), session_id="s")


def test_single_speaker_is_a_speaker_error_at_the_first_turn() -> None:
    """Fewer than two speakers raises SpeakerError with the first turn's line."""
    with pytest.raises(SpeakerError) as caught:
        assemble(raw(RawTurn("T", "Hi?", line=3), RawTurn("T", "Anyone?", line=4)), session_id="s")
    assert caught.value.line == 3


@pytest.mark.parametrize(
    ("turns", "line"),
    [
        ((RawTurn("T", "a", line=1, start=5.0), RawTurn("C", "b", line=2, start=4.0)), 2),
        ((RawTurn("T", "a", line=1, start=5.0, end=4.0), RawTurn("C", "b", line=2)), 1),
        (
            (
                RawTurn("T", "a", line=1, start=5.0),
                RawTurn("C", "b", line=2),
                RawTurn("T", "c", line=3, start=1.0),
            ),
            3,
        ),
    ],
    ids=["backwards", "ends-before-start", "backwards-across-untimed-turn"],
)
def test_time_order_is_checked(turns: tuple[RawTurn, ...], line: int) -> None:
    """Start times must not go backwards and a turn must not end before it starts."""
    with pytest.raises(TimestampOrderError) as caught:
        assemble(raw(*turns), session_id="s")
    assert caught.value.line == line


def test_given_indexes_are_kept_and_must_increase() -> None:
    """Indexes stated by the file are used; a non-increasing index is a ParseError at its line."""
    session, _, _ = assemble(
        raw(RawTurn("T", "a", index=3), RawTurn("C", "b", index=9)), session_id="s"
    )
    assert session.indexes == {3, 9}
    with pytest.raises(ParseError) as caught:
        assemble(
            raw(RawTurn("T", "a", line=1, index=3), RawTurn("C", "b", line=2, index=3)),
            session_id="s",
        )
    assert caught.value.line == 2


def test_stated_roles_and_overrides_are_applied_and_unmatched_names_returned() -> None:
    """RawTranscript.roles and override names feed role resolution; unknown names come back."""
    session, warnings, unmatched = assemble(
        raw(RawTurn("Ann", "a"), RawTurn("Bo", "b"), roles={"Bo": Role.THERAPIST}),
        session_id="s",
        clients=["ann", "Nobody"],
    )
    assert (session.role_of("Ann"), session.role_of("Bo")) == (Role.CLIENT, Role.THERAPIST)
    assert (warnings, unmatched) == ([], ("Nobody",))


def test_guessed_roles_are_warned_without_names() -> None:
    """A heuristic guess adds a warning that names the session by its label, not its id."""
    turns = raw(RawTurn("Zebedee", "Why?"), RawTurn("Yolanda", "Because."))
    _, warnings, _ = assemble(
        turns, session_id="zebedee-2031-04-05", label="session 2 of 3 in f.txt"
    )
    assert len(warnings) == 1
    assert warnings[0].startswith("session 2 of 3 in f.txt: ")
    assert "zebedee" not in warnings[0].casefold()
