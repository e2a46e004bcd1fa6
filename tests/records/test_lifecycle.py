"""Export, complete deletion, retention purge, key rotation and audit verification."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from helpers_records import (
    ADMIN,
    CLIENT_NAME,
    SECRET_LINE,
    client_with_consents,
    therapist,
    transcript,
)
from sqlalchemy import LargeBinary, func, inspect, select, text, type_coerce, update

from alliancelens import services
from alliancelens.errors import AccessDeniedError, AuditChainError, UsageError
from alliancelens.security import audit
from alliancelens.storage import ConsentKind, Database
from alliancelens.storage.crypto import Keyring, load_keyring
from alliancelens.storage.keys import encrypted_columns
from alliancelens.storage.tables import Base

BOTH = (ConsentKind.RECORDING, ConsentKind.ANALYSIS)


def _imported(store: Database, tmp_path: Path) -> tuple[int, int]:
    lee = therapist(store)
    client = client_with_consents(store, lee, *BOTH)
    session = services.import_transcript(
        store, lee, client_id=client, path=transcript(tmp_path)
    ).session_ids[0]
    return client, session


def test_export_holds_the_whole_record(store: Database, tmp_path: Path) -> None:
    """The export has the client, consents, text, analyses and findings, and is audited."""
    client, _ = _imported(store, tmp_path)
    record = services.export_client(store, ADMIN, client_id=client)
    text_out = json.dumps(record)
    assert record["format"] == "alliancelens-client-record-1"
    assert record["client"]["name"] == CLIENT_NAME and SECRET_LINE in text_out
    assert {c["kind"] for c in record["consents"]} == {"recording", "analysis"}
    assert record["sessions"][0]["analyses"][0]["findings"]
    with store.transaction() as db:
        assert audit.entries(db)[-1].action == "export"


def test_delete_client_leaves_nothing(store: Database, tmp_path: Path) -> None:
    """After deletion no row in any table (forms included) keeps the client; id-only audit."""
    client, session = _imported(store, tmp_path)
    other, _ = client, None
    services.record_measure(
        store,
        ADMIN,
        client_id=client,
        measure="gad-7",
        items=["1"] * 7,
        session_id=session,
        free_text=SECRET_LINE,
    )
    report = services.delete_client(store, ADMIN, client_id=client)
    assert report.counts["sessions"] == 1 and report.counts["jobs"] == 1
    assert report.counts["measure_administrations"] == 1
    with store.transaction() as db:
        for table in Base.metadata.sorted_tables:
            if table.name in ("audit_log", "audit_head", "key_check", "users", "supervisions"):
                continue
            count = db.scalar(select(func.count()).select_from(table))
            assert count == 0, f"{table.name} still has rows"
        entries = audit.entries(db)
    deleted = entries[-1]
    assert (deleted.action, deleted.resource, deleted.resource_id) == (
        "delete",
        "client",
        str(other),
    )
    dump = json.dumps([e.detail for e in entries]) + " ".join(e.actor for e in entries)
    assert CLIENT_NAME not in dump and SECRET_LINE not in dump
    assert not any(p.is_file() for p in store.settings.uploads_dir.rglob("*"))
    del session


def test_retention_purges_text_but_keeps_codes(backend: str, tmp_path: Path) -> None:
    """Sessions older than retention_days lose their text; findings stay."""
    from alliancelens.storage.testing import temporary_store

    with temporary_store(backend, tmp_path, retention_days=30) as store:
        client, session = _imported(store, tmp_path)
        assert services.purge_expired(store, ADMIN) == []  # too recent
        later = dt.datetime.now(dt.UTC) + dt.timedelta(days=31)
        assert services.purge_expired(store, ADMIN, now=later) == [session]
        stored = services.view_session(store, ADMIN, session_id=session)
        assert all(u.text == "" for u in stored.session.utterances)
        assert stored.summary.text_purged_at is not None
        assert services.get_analyses(store, ADMIN, session_id=session)[0].findings
        record = services.export_client(store, ADMIN, client_id=client)
        assert SECRET_LINE not in json.dumps(record)


def test_worker_pass_applies_the_retention_period(backend: str, tmp_path: Path) -> None:
    """A `jobs work` pass purges expired raw text, so retention needs no separate command."""
    from alliancelens.storage.testing import temporary_store

    with temporary_store(backend, tmp_path, retention_days=30) as store:
        _, session = _imported(store, tmp_path)
        assert services.work(store, ADMIN).purged == ()
        later = dt.datetime.now(dt.UTC) + dt.timedelta(days=31)
        assert services.work(store, ADMIN, now=later).purged == (session,)
        stored = services.view_session(store, ADMIN, session_id=session)
        assert all(u.text == "" for u in stored.session.utterances)


def test_purge_without_retention_setting_does_nothing(store: Database, tmp_path: Path) -> None:
    """With no retention_days nothing is ever purged."""
    _, session = _imported(store, tmp_path)
    far = dt.datetime.now(dt.UTC) + dt.timedelta(days=10_000)
    assert services.purge_expired(store, ADMIN, now=far) == []
    assert services.view_session(store, ADMIN, session_id=session).session.utterances[1].text


def _key_ids(store: Database) -> set[str]:
    ids: set[str] = set()
    with store.engine.connect() as connection:
        for _table, column in encrypted_columns():
            raw = type_coerce(column, LargeBinary)
            for (blob,) in connection.execute(select(raw).where(column.is_not(None))):
                ids.add(Keyring.key_id_of(bytes(blob)))
    return ids


def test_key_rotation_reencrypts_everything(store: Database, tmp_path: Path) -> None:
    """After `keys rotate` every value is under the new key, the old key stays readable, data
    reads; `keys retire` then removes the unused old key from the key file."""
    client, session = _imported(store, tmp_path)
    old = store.keyring.active_id
    assert _key_ids(store) == {old}
    report = services.rotate(store, ADMIN)
    assert report.reencrypted > 10 and report.retired_keys == (old,)
    assert _key_ids(store) == {report.active_key}
    assert set(load_keyring(store.settings).keys) == {report.active_key, old}
    retired = services.retire(store, ADMIN)
    assert retired.removed == (old,) and retired.still_used == ()
    reread = load_keyring(store.settings)
    assert set(reread.keys) == {report.active_key}
    assert services.get_client(store, ADMIN, client_id=client).name == CLIENT_NAME
    assert (
        SECRET_LINE
        in services.view_session(store, ADMIN, session_id=session).session.utterances[1].text
    )


def test_rotation_onto_an_environment_key(backend: str, tmp_path: Path) -> None:
    """With ALLIANCELENS_KEY, rotation moves values from ALLIANCELENS_PREVIOUS_KEYS onto it."""
    from alliancelens.storage.crypto import encode_key, generate_key
    from alliancelens.storage.database import open_database
    from alliancelens.storage.testing import temporary_store

    old = encode_key(generate_key())
    with temporary_store(backend, tmp_path, key=old) as store:
        client, _ = _imported(store, tmp_path)
        new = encode_key(generate_key())
        settings = store.settings.model_copy(update={"key": new, "previous_keys": old})
        rotated = open_database(
            settings.model_validate(settings.model_dump() | {"key": new, "previous_keys": old})
        )
        try:
            report = services.rotate(rotated, ADMIN)
            assert report.reencrypted > 10 and _key_ids(rotated) == {report.active_key}
            only_new = open_database(
                settings.model_validate(settings.model_dump() | {"key": new, "previous_keys": None})
            )
            try:
                assert services.get_client(only_new, ADMIN, client_id=client).name == CLIENT_NAME
            finally:
                only_new.close()
        finally:
            rotated.close()


def test_rotation_and_audit_need_an_admin(store: Database) -> None:
    """Therapists can neither rotate keys nor read the audit log."""
    lee = therapist(store)
    with pytest.raises(AccessDeniedError):
        services.rotate(store, lee)
    with pytest.raises(AccessDeniedError):
        services.verify_audit(store, lee)


def test_audit_covers_the_use_cases_and_verifies(store: Database, tmp_path: Path) -> None:
    """Create, view, export and delete are audited; verify passes, then fails after tampering."""
    client, session = _imported(store, tmp_path)
    services.view_session(store, ADMIN, session_id=session)
    services.export_client(store, ADMIN, client_id=client)
    services.delete_client(store, ADMIN, client_id=client)
    report = services.verify_audit(store, ADMIN)
    with store.transaction() as db:
        kinds = {(e.action, e.resource) for e in audit.entries(db)}
    assert {
        ("create", "client"),
        ("create", "session"),
        ("view", "session"),
        ("export", "client"),
    } <= kinds
    assert ("delete", "client") in kinds and report.entries >= 8
    with store.transaction() as db:
        if inspect(store.engine).dialect.name == "postgresql":
            db.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
        else:
            db.execute(text("DROP TRIGGER audit_log_no_update"))
        db.execute(text("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 2"))
    with pytest.raises(AuditChainError, match="entry 2"):
        services.verify_audit(store, ADMIN)


def test_delete_removes_a_client_whose_key_is_missing(store: Database) -> None:
    """`delete-client` removes a client row no key decrypts (it never needs the name)."""
    from alliancelens.storage import people
    from alliancelens.storage.crypto import generate_key
    from alliancelens.storage.tables import ClientRow

    client = services.create_client(store, ADMIN, name=CLIENT_NAME).id
    lost = Keyring.single(generate_key())
    blob = lost.encrypt(CLIENT_NAME.encode(), aad=b"clients.name")
    with store.transaction() as db:
        column = type_coerce(ClientRow.name, LargeBinary)
        db.execute(update(ClientRow).where(ClientRow.id == client).values({column: blob}))
    services.delete_client(store, ADMIN, client_id=client)
    with store.transaction() as db:
        assert client not in people.client_ids(db)


def test_delete_asks_only_an_allowed_user_and_no_deletes_nothing(store: Database) -> None:
    """The confirmation is asked after the permission check; answering no keeps the client."""
    owner = therapist(store)
    other = therapist(store, "dr-other")
    client = client_with_consents(store, owner)
    asked: list[bool] = []

    def answer_no() -> bool:
        asked.append(True)
        return False

    with pytest.raises(AccessDeniedError):
        services.delete_client(store, other, client_id=client, confirm=answer_no)
    assert asked == []
    with pytest.raises(UsageError, match=f"cancelled: client {client} was not deleted"):
        services.delete_client(store, owner, client_id=client, confirm=answer_no)
    assert asked == [True]
    assert services.get_client(store, owner, client_id=client).name == CLIENT_NAME


def _fhir_subjects(store: Database, client: int) -> list[dict[str, str]]:
    record = services.export_client(store, ADMIN, client_id=client)
    return [e["resource"]["subject"]["identifier"] for e in record["fhir"]["entry"]]


def test_fhir_subject_is_the_record_number_when_there_is_one(store: Database) -> None:
    """A stored client with a record number is named by it in FHIR, not by the internal id."""
    client = client_with_consents(store, therapist(store))
    services.record_measure(store, ADMIN, client_id=client, measure="gad-7", items=["1"] * 7)
    assert _fhir_subjects(store, client) == [
        {"system": "urn:alliancelens:record-number", "value": "MRN-000417"}
    ]


def test_fhir_subject_of_a_reused_id_is_a_different_stable_uuid(store: Database) -> None:
    """Without a record number, a new client reusing a deleted client's id gets another UUID."""
    lee = therapist(store)
    seen = []
    for name in ("Synthetic First", "Synthetic Second"):
        client = services.create_client(store, lee, name=name).id
        services.record_measure(store, lee, client_id=client, measure="gad-7", items=["1"] * 7)
        subjects = _fhir_subjects(store, client) + _fhir_subjects(store, client)
        assert subjects[0] == subjects[1] and subjects[0]["system"] == "urn:ietf:rfc:3986"
        assert subjects[0]["value"].startswith("urn:uuid:")
        seen.append((client, subjects[0]["value"]))
        services.delete_client(store, ADMIN, client_id=client)
    assert seen[0][1] != seen[1][1]


class _DiskFullError(OSError):
    """What a delivery that cannot write its file raises in these tests."""


def _fail_to_deliver(*_: object) -> None:
    raise _DiskFullError


def _actions(store: Database) -> list[tuple[str, str]]:
    with store.transaction() as db:
        return [(e.action, e.resource) for e in audit.entries(db)]


def test_export_delivery_that_fails_leaves_no_export_entry(store: Database, tmp_path: Path) -> None:
    """``deliver`` runs before the audit append: when it raises, no ``export`` entry commits."""
    client, _ = _imported(store, tmp_path)
    before = _actions(store)
    with pytest.raises(_DiskFullError):
        services.export_client(store, ADMIN, client_id=client, deliver=_fail_to_deliver)
    assert _actions(store) == before
    delivered: list[dict[str, object]] = []
    record = services.export_client(store, ADMIN, client_id=client, deliver=delivered.append)
    assert delivered == [record] and _actions(store)[-1] == ("export", "client")


def test_note_delivery_that_fails_leaves_no_view_entry(store: Database, tmp_path: Path) -> None:
    """A stored note whose delivery raises rolls back its view entries; one delivered keeps them."""
    _, session = _imported(store, tmp_path)
    before = _actions(store)
    with pytest.raises(_DiskFullError):
        services.note_for_stored(
            store, ADMIN, session_id=session, format="soap", deliver=_fail_to_deliver
        )
    assert _actions(store) == before
    delivered: list[object] = []
    drafted, _ = services.note_for_stored(
        store,
        ADMIN,
        session_id=session,
        format="soap",
        deliver=lambda note, _stored: delivered.append(note),
    )
    assert delivered == [drafted]
    added = _actions(store)[len(before) :]
    assert ("view", "session") in added and ("view", "analysis") in added
