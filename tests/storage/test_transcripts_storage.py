"""The stored-session repository: the query behind the supervisors' list of shared sessions."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from sqlalchemy import text

from alliancelens import services
from alliancelens.domain import AnalyserRun, Evidence, Finding, Provenance, RunStatus, Scope
from alliancelens.security.policy import Actor, Role
from alliancelens.storage import ConsentKind, Database, transcripts

GRANTED = dt.date(2026, 3, 1)
WITHDRAWN = dt.date(2026, 6, 1)
PASSWORD = "a long enough passphrase"  # noqa: S105 - a test password
TEXT = "Therapist: How are things?\nClient: A little better this week.\n"  # synthetic


def _shared_session(store: Database, tmp_path: Path) -> tuple[Actor, int]:
    """A therapist's session, shared, whose supervision consent runs GRANTED..WITHDRAWN."""
    admin = services.local_admin()
    user = services.create_user(
        store, admin, username="dr-lee", password=PASSWORD, role=Role.THERAPIST
    )
    lee = services.actor_for(store, user)
    client = services.create_client(store, lee, name="Synthetic Client").id
    services.grant_consent(store, lee, client_id=client, kind=ConsentKind.RECORDING)
    services.grant_consent(
        store, lee, client_id=client, kind=ConsentKind.SUPERVISION_SHARING, on=GRANTED
    )
    path = tmp_path / "s.txt"
    path.write_text(TEXT, encoding="utf-8")
    (session,) = services.import_transcript(
        store, lee, client_id=client, path=path, analyse=False
    ).session_ids
    services.share_session(store, lee, session_id=session)
    services.withdraw_consent(
        store, lee, client_id=client, kind=ConsentKind.SUPERVISION_SHARING, on=WITHDRAWN
    )
    return lee, session


@pytest.mark.parametrize(
    ("day", "listed"),
    [
        (GRANTED - dt.timedelta(days=1), False),
        (GRANTED, True),
        (WITHDRAWN - dt.timedelta(days=1), True),
        (WITHDRAWN, False),
    ],
)
def test_shared_sessions_follow_the_consent_dates(
    store: Database, tmp_path: Path, day: dt.date, listed: bool
) -> None:
    """A shared session is listed only on days the supervision-sharing consent covers."""
    lee, session = _shared_session(store, tmp_path)
    with store.transaction() as db:
        found = transcripts.shared_sessions(db, therapist_ids=None, on=day)
    assert [s.summary.id for s in found] == ([session] if listed else [])
    if listed:
        assert found[0].therapist == "dr-lee" and found[0].therapist_id == lee.user_id


@pytest.mark.parametrize(("mine", "listed"), [(True, True), (False, False)])
def test_shared_sessions_only_of_the_given_therapists(
    store: Database, tmp_path: Path, mine: bool, listed: bool
) -> None:
    """Only sessions of clients of the therapists asked for are listed."""
    lee, session = _shared_session(store, tmp_path)
    assert lee.user_id is not None
    ids = {lee.user_id} if mine else {lee.user_id + 100}
    with store.transaction() as db:
        found = transcripts.shared_sessions(db, therapist_ids=ids, on=GRANTED)
    assert [s.summary.id for s in found] == ([session] if listed else [])


def test_imported_with_content_matches_the_files_sha256(store: Database, tmp_path: Path) -> None:
    """The stored hash is the SHA-256 of the file's bytes, looked up per client, by id."""
    _, session = _shared_session(store, tmp_path)
    digest = hashlib.sha256((tmp_path / "s.txt").read_bytes()).hexdigest()
    with store.transaction() as db:
        client = transcripts.session_summary(db, session_id=session).client_id
        assert transcripts.imported_with_content(db, client_id=client, content_sha256=digest) == [
            session
        ]
        assert (
            transcripts.imported_with_content(db, client_id=client + 1, content_sha256=digest) == []
        )
        other = hashlib.sha256(b"other").hexdigest()
        assert transcripts.imported_with_content(db, client_id=client, content_sha256=other) == []


def test_stored_fingerprint_is_keyed_not_the_plain_hash(store: Database, tmp_path: Path) -> None:
    """Only a keyed fingerprint is stored: the database alone cannot confirm a known file."""
    _, session = _shared_session(store, tmp_path)
    digest = hashlib.sha256((tmp_path / "s.txt").read_bytes()).hexdigest()
    with store.transaction() as db:
        stored = db.execute(
            text("SELECT content_sha256 FROM sessions WHERE id = :i"), {"i": session}
        ).scalar()
    assert stored is not None and len(stored) == 64 and stored != digest


def test_finding_evidence_is_stored_encrypted(store: Database, tmp_path: Path) -> None:
    """Scores and evidence indexes are ciphertext in the database and read back unchanged."""
    _, session = _shared_session(store, tmp_path)
    finding = Finding(
        kind="risk_screening.summary",
        value={"note": "for clinician review"},
        provenance=Provenance("risk.language", 1),
        evidence=Evidence((0, 1), {"flagged": 2.0, "screened": 5.0}),
        scope=Scope.SESSION,
    )
    run = AnalyserRun("risk.language", 1, RunStatus.OK, findings=1)
    with store.transaction() as db:
        transcripts.save_analysis(
            db, session_id=session, pipeline="p", job_id=None, runs=[run], findings=[finding]
        )
        raw = db.execute(text("SELECT evidence FROM findings")).scalar()
        (stored,) = transcripts.load_analyses(db, session_id=session)
    assert isinstance(raw, bytes) and b"flagged" not in raw and b"screened" not in raw
    assert stored.findings[0].evidence == finding.evidence
