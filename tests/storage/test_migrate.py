"""Alembic migrations: from an empty database and from every earlier revision, with data."""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, text
from sqlalchemy.orm import Session as DbSession

from alliancelens.config import Settings
from alliancelens.errors import SchemaError
from alliancelens.storage import (
    administrations,
    initialise,
    jobrows,
    migrate,
    people,
    transcripts,
)
from alliancelens.storage.crypto import load_keyring
from alliancelens.storage.database import Database
from alliancelens.storage.engine import make_engine
from alliancelens.storage.fingerprints import keyed_digest
from alliancelens.storage.tables import Base, SessionRow
from alliancelens.storage.testing import temporary_database_url

NOW = dt.datetime(2026, 1, 5, 9, 30)
FILE_SHA256 = hashlib.sha256(b"a transcript file").hexdigest()
PLAIN_EVIDENCE = '{"utterance_indexes": [0], "scores": {"flagged": 2.0, "screened": 5.0}}'
PREVIOUS = migrate.revisions()[:-1]


def _settings(home: Path, url: str) -> Settings:
    return Settings(home=home, database_url=url)


def test_revisions_form_one_line() -> None:
    """Revisions are a single chain ending at the head."""
    assert migrate.revisions()[-1] == migrate.head_revision()
    assert len(set(migrate.revisions())) == len(migrate.revisions()) >= 3


def test_upgrade_from_empty_matches_the_tables(backend: str, tmp_path: Path) -> None:
    """An empty database upgraded to head has exactly the schema the ORM tables declare."""
    with temporary_database_url(backend, tmp_path) as url:
        engine = make_engine(_settings(tmp_path, url))
        try:
            assert migrate.current_revision(engine) is None
            migrate.upgrade(engine)
            assert migrate.current_revision(engine) == migrate.head_revision()
            with engine.connect() as connection:
                context = MigrationContext.configure(connection, opts={"compare_type": True})
                diff = compare_metadata(context, Base.metadata)
            assert _meaningful(diff, backend) == []
        finally:
            engine.dispose()


def _meaningful(diff: list[object], backend: str) -> list[object]:
    """Drop the one known reflection gap: SQLite does not report names of column-level FKs."""
    if backend != "sqlite":
        return diff
    return [
        d
        for d in diff
        if not (
            isinstance(d, tuple)
            and d[0] in ("remove_fk", "add_fk")
            and d[1].table.name == "users"
            and [c.name for c in d[1].columns] == ["client_id"]
        )
    ]


def _seed(connection: Connection, database_keyring: object, revision: str) -> None:
    """Insert one row in each table that exists at ``revision`` (encrypted where needed)."""
    keyring = database_keyring
    enc = keyring.encrypt  # type: ignore[attr-defined]
    connection.execute(
        text(
            "INSERT INTO users (id, username, password_hash, role, active, created_at) "
            "VALUES (1, 'dr-lee', 'x', 'therapist', :t, :now)"
        ),
        {"t": True, "now": NOW},
    )
    connection.execute(
        text("INSERT INTO clients (id, therapist_id, name, created_at) VALUES (1, 1, :n, :now)"),
        {"n": enc(b"Test Client", aad=b"clients.name"), "now": NOW},
    )
    connection.execute(
        text(
            "INSERT INTO sessions (id, client_id, source_key, source_format, deidentified, "
            "shared_for_supervision, imported_at, speakers) "
            "VALUES (1, 1, :k, 'text', :f, :f, :now, :sp)"
        ),
        {
            "k": enc(b"s-1", aad=b"sessions.source_key"),
            "f": False,
            "now": NOW,
            "sp": enc(b'[{"label":"T","role":"therapist"}]', aad=b"sessions.speakers"),
        },
    )
    connection.execute(
        text(
            "INSERT INTO utterances (id, session_id, position, speaker, role, text) "
            "VALUES (1, 1, 0, :s, 'therapist', :t)"
        ),
        {"s": enc(b"T", aad=b"utterances.speaker"), "t": enc(b"Hello", aad=b"utterances.text")},
    )
    if revision >= "0002":
        connection.execute(
            text(
                "INSERT INTO jobs (id, kind, idempotency_key, client_id, session_id, status, "
                "attempts, max_attempts, queued_at) "
                "VALUES (1, 'analyse', 'k1', 1, 1, 'done', 1, 3, :now)"
            ),
            {"now": NOW},
        )
        _seed_finding(connection, enc, revision)
    if revision >= "0003":
        _seed_administration(connection, enc)
    if revision >= "0007":
        connection.execute(
            text("UPDATE sessions SET content_sha256 = :h WHERE id = 1"),
            {"h": _stored_fingerprint(connection, enc, revision)},
        )


def _stored_fingerprint(connection: Connection, enc: Any, revision: str) -> str:
    """The file's SHA-256 as ``revision`` stores it: plain before 0009, keyed (HMAC) from it."""
    if revision < "0009":
        return FILE_SHA256
    secret = "5e" * 32
    connection.execute(
        text("INSERT INTO key_check (id, token) VALUES (2, :t)"),
        {"t": enc(secret.encode("ascii"), aad=b"key_check.token")},
    )
    return keyed_digest(bytes.fromhex(secret), FILE_SHA256)


def _seed_finding(connection: Connection, enc: Any, revision: str) -> None:
    """One analysis with a session finding whose evidence (scores) is plain JSON before 0009."""
    evidence: object = PLAIN_EVIDENCE
    if revision >= "0009":  # sealed like findings.value since 0009
        evidence = enc(PLAIN_EVIDENCE.encode("utf-8"), aad=b"findings.evidence")
    connection.execute(
        text(
            "INSERT INTO analyses (id, session_id, job_id, pipeline, finished_at) "
            "VALUES (1, 1, 1, 'default', :now)"
        ),
        {"now": NOW},
    )
    connection.execute(
        text(
            "INSERT INTO findings (id, analysis_id, kind, scope, value, evidence, analyser, "
            "analyser_version, params) VALUES (1, 1, 'risk_screening.summary', 'session', :v, "
            ":e, 'risk.language', 3, '{}')"
        ),
        {"v": enc(b'"for clinician review"', aad=b"findings.value"), "e": evidence},
    )


def _seed_administration(connection: Connection, enc: Any) -> None:
    """One measure administration (the 0004 batch copy of its table must keep it)."""
    connection.execute(
        text(
            "INSERT INTO measure_administrations (id, client_id, session_id, measure, "
            "administered_on, responses, version, population, completed_by, mode, recorded_at) "
            "VALUES (1, 1, 1, 'phq-9', :d, :r, '1', 'adult', 'client', 'paper', :now)"
        ),
        {
            "d": enc(b"2026-01-05", aad=b"measure_administrations.administered_on"),
            "r": enc(b"[0, 1, 2, 3, 0, 1, 2, 3, 0]", aad=b"measure_administrations.responses"),
            "now": NOW,
        },
    )


@pytest.mark.parametrize("revision", PREVIOUS)
def test_upgrade_from_every_previous_revision_keeps_data(
    backend: str, tmp_path: Path, revision: str
) -> None:
    """A database at an older revision, holding data, upgrades to head with nothing lost."""
    with temporary_database_url(backend, tmp_path) as url:
        settings = _settings(tmp_path, url)
        keyring = load_keyring(settings, create=True)
        engine = make_engine(settings, keyring=keyring)
        migrate.upgrade(engine, revision)
        assert migrate.current_revision(engine) == revision
        with engine.begin() as connection:
            _seed(connection, keyring, revision)
        engine.dispose()
        database, was_new = initialise(settings)  # what `alliancelens init` does
        try:
            assert not was_new
            assert migrate.current_revision(database.engine) == migrate.head_revision()
            _check_seeded(database, revision)
        finally:
            database.close()


def _check_seeded(database: Database, revision: str) -> None:
    with database.transaction() as db:
        assert people.get_client(db, client_id=1).name == "Test Client"
        assert [u.username for u in people.list_users(db)] == ["dr-lee"]
        assert people.get_user(db, user_id=1).client_id is None
        stored = transcripts.get_session(db, session_id=1)
        assert [u.text for u in stored.session.utterances] == ["Hello"]
        row = db.get(SessionRow, 1)  # 0007: a session from before has no content hash
        assert row is not None and (row.content_sha256 is None) == (revision < "0007")
        assert len(jobrows.list_jobs(db)) == (1 if revision >= "0002" else 0)
        _check_sealed(db, revision)
        forms = administrations.list_administrations(db, client_id=1)
        assert [(f.session_id, f.administration.responses[3]) for f in forms] == (
            [(1, 3.0)] if revision >= "0003" else []
        )


def _check_sealed(db: DbSession, revision: str) -> None:
    """0009: evidence is ciphertext that still reads back; fingerprints are keyed, still match."""
    raw = db.execute(text("SELECT evidence FROM findings")).scalars().all()
    assert all(isinstance(v, bytes) and b"flagged" not in v for v in raw)
    if revision >= "0002":
        (finding,) = transcripts.load_analyses(db, session_id=1)[0].findings
        assert finding.evidence.utterance_indexes == (0,)
        assert dict(finding.evidence.scores) == {"flagged": 2.0, "screened": 5.0}
    stored = db.execute(text("SELECT content_sha256 FROM sessions")).scalar()
    assert stored != FILE_SHA256
    duplicates = transcripts.imported_with_content(db, client_id=1, content_sha256=FILE_SHA256)
    assert duplicates == ([1] if revision >= "0007" else [])


def test_check_revision_on_an_empty_database(backend: str, tmp_path: Path) -> None:
    """An uninitialised database is refused with the command to run."""
    with temporary_database_url(backend, tmp_path) as url:
        engine = make_engine(_settings(tmp_path, url))
        try:
            with pytest.raises(SchemaError, match="alliancelens init"):
                migrate.check_revision(engine)
        finally:
            engine.dispose()


def test_check_revision_on_an_old_database(backend: str, tmp_path: Path) -> None:
    """A database at an older revision is refused, naming both revisions."""
    with temporary_database_url(backend, tmp_path) as url:
        engine = make_engine(_settings(tmp_path, url))
        try:
            migrate.upgrade(engine, PREVIOUS[0])
            with pytest.raises(SchemaError, match=f"{PREVIOUS[0]}.*{migrate.head_revision()}"):
                migrate.check_revision(engine)
        finally:
            engine.dispose()


#: Versions stored by older releases, and what 0010 must leave: (measure, stored, expected).
OLD_FORM_VERSIONS = [
    ("phq-9", "PHQ-9 (Kroenke, Spitzer & Williams 2001)", "2001"),
    ("gad-7", "GAD-7 (Spitzer, Kroenke, Williams & Löwe 2006)", "2006"),
    (
        "gad-7",
        unicodedata.normalize("NFD", "GAD-7 (Spitzer, Kroenke, Williams & Löwe 2006)"),
        "2006",
    ),
    ("wai-sr", "Hatcher & Gillaspy 2006", "2006"),
    ("phq-9", "PHQ-9_(Kroenke,_Spitzer_&_Williams_2001)", "2001"),
    ("phq-9", "2001", "2001"),
    ("ors", "2000", "2000"),
    ("phq-9", "a version typed by hand", "a version typed by hand"),
    (
        "wai-sr",
        "PHQ-9 (Kroenke, Spitzer & Williams 2001)",
        "PHQ-9 (Kroenke, Spitzer & Williams 2001)",
    ),
]


@pytest.mark.parametrize("revision", [r for r in PREVIOUS if "0004" <= r < "0010"])
def test_upgrade_turns_old_free_text_measure_versions_into_tokens(
    backend: str, tmp_path: Path, revision: str
) -> None:
    """0010: a shipped measure's old free-text version becomes its token; other values stay."""
    with temporary_database_url(backend, tmp_path) as url:
        settings = _settings(tmp_path, url)
        keyring = load_keyring(settings, create=True)
        engine = make_engine(settings, keyring=keyring)
        migrate.upgrade(engine, revision)
        with engine.begin() as connection:
            _seed(connection, keyring, revision)
            for form_id, (measure, version, _) in enumerate(OLD_FORM_VERSIONS, start=10):
                _seed_form_version(connection, keyring, form_id, measure, version)
        engine.dispose()
        database, _ = initialise(settings)
        try:
            with database.transaction() as db:
                rows = db.execute(
                    text("SELECT id, version FROM measure_administrations WHERE id >= 10")
                )
                stored = dict(rows.tuples().all())
        finally:
            database.close()
    expected = {i: want for i, (_, _, want) in enumerate(OLD_FORM_VERSIONS, start=10)}
    assert stored == expected


def _seed_form_version(
    connection: Connection, keyring: Any, form_id: int, measure: str, version: str
) -> None:
    """One measure form of client 1 stored with ``version`` as an older release wrote it."""
    connection.execute(
        text(
            "INSERT INTO measure_administrations (id, client_id, measure, administered_on, "
            "responses, version, population, completed_by, mode, recorded_at) "
            "VALUES (:id, 1, :m, :d, :r, :v, 'adult', 'client', 'paper', :now)"
        ),
        {
            "id": form_id,
            "m": measure,
            "d": keyring.encrypt(b"2026-01-05", aad=b"measure_administrations.administered_on"),
            "r": keyring.encrypt(
                b"[0, 1, 0, 1, 0, 1, 0]", aad=b"measure_administrations.responses"
            ),
            "v": version,
            "now": NOW,
        },
    )


#: Ids the audit log names but no row holds any more (deleted before the upgrade to 0011).
AUDITED_GONE = {"users": 9, "clients": 7, "sessions": 12, "jobs": 5, "journal_entries": 4}
#: Every reference column, read before and after the upgrade: none may change.
REFERENCES = {
    "users": "id, client_id",
    "clients": "id, therapist_id",
    "consents": "id, client_id",
    "sessions": "id, client_id",
    "utterances": "id, session_id",
    "jobs": "id, client_id, session_id",
    "analyses": "id, session_id, job_id",
    "findings": "id, analysis_id",
    "measure_administrations": "id, client_id, session_id",
    "journal_entries": "id, therapist_id, session_id",
}


def _seed_second_client(connection: Connection, keyring: Any) -> None:
    """Client 2 (with a client login, a consent and the same file as session 1) and a journal
    entry on session 1; audit entries that name records deleted earlier (AUDITED_GONE)."""
    enc = keyring.encrypt
    connection.execute(
        text("INSERT INTO clients (id, therapist_id, name, created_at) VALUES (2, 1, :n, :now)"),
        {"n": enc(b"Second Client", aad=b"clients.name"), "now": NOW},
    )
    connection.execute(
        text(
            "INSERT INTO users (id, username, password_hash, role, active, created_at, client_id)"
            " VALUES (2, 'portal-2', 'x', 'client', :t, :now, 2)"
        ),
        {"t": True, "now": NOW},
    )
    connection.execute(
        text(
            "INSERT INTO consents (id, client_id, kind, granted_on, recorded_by, recorded_at) "
            "VALUES (1, 2, 'recording', :d, 'user:1', :now)"
        ),
        {"d": NOW.date(), "now": NOW},
    )
    connection.execute(
        text(
            "INSERT INTO sessions (id, client_id, source_key, source_format, deidentified, "
            "shared_for_supervision, imported_at, content_sha256) "
            "SELECT 2, 2, source_key, source_format, deidentified, shared_for_supervision, "
            "imported_at, content_sha256 FROM sessions WHERE id = 1"
        )
    )
    connection.execute(
        text(
            "INSERT INTO journal_entries (id, therapist_id, session_id, text, shared, created_at)"
            " VALUES (1, 1, 1, :t, :f, :now)"
        ),
        {"t": enc(b"A reflection.", aad=b"journal_entries.text"), "f": False, "now": NOW},
    )
    entries = [
        ("user:9", "login", "user", "9", "{}"),
        ("user:1", "delete", "client", "7", '{"client": 7}'),
        ("user:1", "delete", "session", "12", '{"client": 1}'),
        ("user:1", "create", "job", "5", '{"session": 12, "client": 1}'),
        ("user:1", "create", "journal", "4", '{"session": 1, "client": 1}'),
    ]
    for seq, (actor, action, resource, resource_id, detail) in enumerate(entries, start=1):
        connection.execute(
            text(
                "INSERT INTO audit_log (seq, at, actor, action, resource, resource_id, detail, "
                "prev_hash, hash) VALUES (:s, '2026-01-05T09:30:00', :a, :ac, :r, :i, :d, "
                "'0', '0')"
            ),
            {"s": seq, "a": actor, "ac": action, "r": resource, "i": resource_id, "d": detail},
        )


def _references(connection: Connection) -> dict[str, list[tuple[Any, ...]]]:
    return {
        table: [
            tuple(r)
            for r in connection.execute(
                text(f"SELECT {cols} FROM {table} ORDER BY id")  # noqa: S608 - fixed names
            )
        ]
        for table, cols in REFERENCES.items()
    }


def test_upgrade_to_never_reused_ids_keeps_rows_references_and_skips_audited_ids(
    backend: str, tmp_path: Path
) -> None:
    """0011/0012: every row and reference survives; new ids pass every id the audit log names."""
    with temporary_database_url(backend, tmp_path) as url:
        settings = _settings(tmp_path, url)
        keyring = load_keyring(settings, create=True)
        engine = make_engine(settings, keyring=keyring)
        migrate.upgrade(engine, "0010")
        with engine.begin() as connection:
            _seed(connection, keyring, "0010")
            _seed_second_client(connection, keyring)
            if backend == "postgresql":
                _advance_sequences(connection)
            before = _references(connection)
        engine.dispose()
        database, _ = initialise(settings)
        try:
            with database.engine.connect() as connection:
                assert _references(connection) == before
                if backend == "sqlite":
                    assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
                    assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            _check_new_ids(database, backend)
            _check_client_fingerprints(database)
            _check_cascade(database)
        finally:
            database.close()


def _advance_sequences(connection: Connection) -> None:
    """Set each PostgreSQL sequence past the seeded ids, as inserts without ids would have."""
    for table in REFERENCES:
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 - fixed
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
        )


def _check_new_ids(database: Database, backend: str) -> None:
    """A new user, client and session get ids above the stored and (SQLite) audited ones."""
    with database.transaction() as db:
        user = people.add_user(db, username="dr-new", password_hash="x", role="therapist").id  # noqa: S106
        client = people.add_client(db, therapist_id=user, name="Third Client").id
    floors = AUDITED_GONE if backend == "sqlite" else {"users": 2, "clients": 2}
    assert user > floors["users"] and client > floors["clients"]


def _check_client_fingerprints(database: Database) -> None:
    """One file in two clients' rows: two stored values now, and each client finds its own."""
    with database.transaction() as db:
        tags = db.execute(text("SELECT content_sha256 FROM sessions ORDER BY id")).scalars().all()
        found = [
            transcripts.imported_with_content(db, client_id=c, content_sha256=FILE_SHA256)
            for c in (1, 2)
        ]
    assert len(set(tags)) == 2 and found == [[1], [2]]


def _check_cascade(database: Database) -> None:
    """Deleting client 2 still takes its login and session with it (ON DELETE CASCADE kept)."""
    with database.transaction() as db:
        people.delete_client_row(db, client_id=2)
    with database.transaction() as db:
        assert [u.username for u in people.list_users(db)] == ["dr-lee", "dr-new"]
        assert db.execute(text("SELECT id FROM sessions")).scalars().all() == [1]
