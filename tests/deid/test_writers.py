"""De-identified sessions written back in their own format read back with the same reader."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from alliancelens.deid.writers import pseudonymise_labels, write_sessions
from alliancelens.domain import Role, Session, Speaker, Utterance
from alliancelens.ingest import read_bytes

SUFFIX = {"text": "txt", "vtt": "vtt", "srt": "srt", "json": "json", "csv": "csv", "docx": "docx"}


def _session() -> Session:
    utterances = (
        Utterance(0, "[NAME-1]", Role.THERAPIST, "Hello [NAME-2], how are things?", 1.5, 3.0),
        Utterance(1, "[NAME-2]", Role.CLIENT, "Not bad & fine, 5 < 6.", 3.25, 6.0),
        Utterance(2, "[NAME-1]", Role.THERAPIST, "Shall we start?", 7.0, 8.0),
    )
    return Session(
        id="s7",
        utterances=utterances,
        speakers=(Speaker("[NAME-1]", Role.THERAPIST), Speaker("[NAME-2]", Role.CLIENT)),
        date=dt.date(2024, 5, 6),
    )


@pytest.mark.parametrize("format", list(SUFFIX))
def test_written_sessions_read_back_with_roles_text_and_date(format: str) -> None:
    """Every format round-trips labels, roles and text; the header date survives where held."""
    written = write_sessions(pseudonymise_labels([_session()]), format)
    data = written if isinstance(written, bytes) else written.encode()
    session = read_bytes(data, f"out.{SUFFIX[format]}").sessions[0]
    got = [(u.speaker, u.role, u.text) for u in session.utterances]
    if format == "csv":  # AnnoMI rows hold the role, not the label
        got = [
            ("Therapist NAME-1" if r is Role.THERAPIST else "Client NAME-2", r, t)
            for _, r, t in got
        ]
    assert got == [
        ("Therapist NAME-1", Role.THERAPIST, "Hello [NAME-2], how are things?"),
        ("Client NAME-2", Role.CLIENT, "Not bad & fine, 5 < 6."),
        ("Therapist NAME-1", Role.THERAPIST, "Shall we start?"),
    ]
    if format in ("text", "json", "docx"):
        assert session.date == dt.date(2024, 5, 6)


def test_role_labels_are_kept_and_only_placeholder_labels_change() -> None:
    """'Client 2' stays; '[NAME-3]' with the other role becomes 'Observer NAME-3'."""
    base = _session()
    session = dataclasses.replace(
        base,
        speakers=(Speaker("Client 2", Role.CLIENT), Speaker("[NAME-3]", Role.OTHER)),
        utterances=(
            Utterance(0, "Client 2", Role.CLIENT, "Hi."),
            Utterance(1, "[NAME-3]", Role.OTHER, "I translate."),
        ),
    )
    (out,) = pseudonymise_labels([session])
    assert [s.label for s in out.speakers] == ["Client 2", "Observer NAME-3"]
    assert [u.speaker for u in out.utterances] == ["Client 2", "Observer NAME-3"]
