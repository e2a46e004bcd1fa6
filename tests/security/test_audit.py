"""The hash-chained, append-only audit log."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from alliancelens import services
from alliancelens.security import audit
from alliancelens.storage import ConsentKind, Database


def _fill(store: Database, count: int = 3) -> None:
    with store.transaction() as db:
        for i in range(count):
            audit.append(db, actor="user:1", action="view", resource="client", resource_id=i)


def test_entries_chain_and_verify(store: Database) -> None:
    """Appended entries are numbered 1..n, linked, and verify."""
    _fill(store)
    with store.transaction() as db:
        report = audit.verify(db)
        listed = audit.entries(db)
    assert report.ok and report.entries == 3
    assert [e.seq for e in listed] == [1, 2, 3]
    assert report.head == listed[-1].hash


def test_empty_log_verifies(store: Database) -> None:
    """A new store's empty log verifies."""
    with store.transaction() as db:
        assert audit.verify(db).ok


@pytest.mark.parametrize("statement", ["UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"])
def test_log_is_append_only(store: Database, statement: str) -> None:
    """The database itself refuses to change or delete entries."""
    _fill(store)
    with pytest.raises(DBAPIError, match="append-only"), store.transaction() as db:
        db.execute(text(statement))


def _tamper(store: Database, *statements: str) -> None:
    """Do what an attacker with database access would: drop the guards, edit rows."""
    with store.transaction() as db:
        if store.engine.dialect.name == "postgresql":
            db.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
        else:
            db.execute(text("DROP TRIGGER audit_log_no_update"))
            db.execute(text("DROP TRIGGER audit_log_no_delete"))
        for statement in statements:
            db.execute(text(statement))


@pytest.mark.parametrize(
    ("statements", "broken_at", "problem"),
    [
        (["UPDATE audit_log SET action = 'export' WHERE seq = 2"], 2, "does not match"),
        (["DELETE FROM audit_log WHERE seq = 2"], 3, "missing"),
        (["DELETE FROM audit_log WHERE seq = 3"], 3, "removed"),
        (
            [
                "UPDATE audit_log SET seq = 99 WHERE seq = 1",
                "UPDATE audit_log SET seq = 1 WHERE seq = 2",
                "UPDATE audit_log SET seq = 2 WHERE seq = 99",
            ],
            1,
            "broken",
        ),
    ],
    ids=["changed", "removed-middle", "removed-last", "reordered"],
)
def test_tampering_is_detected(
    store: Database, statements: list[str], broken_at: int, problem: str
) -> None:
    """Changing, removing (anywhere) or reordering entries fails verification at that entry."""
    _fill(store)
    _tamper(store, *statements)
    with store.transaction() as db:
        report = audit.verify(db)
    assert not report.ok
    assert report.broken_at == broken_at
    assert report.problem is not None and problem in report.problem


def _one_session(store: Database, tmp_path: Path) -> tuple[int, int]:
    """Client 1 with no session and client 2 with one stored session; (client, session)."""
    admin = services.local_admin()
    services.create_client(store, admin, name="Pia Lund", identifier="X-1")
    client = services.create_client(store, admin, name="Teo Brandt", identifier="X-2").id
    services.grant_consent(store, admin, client_id=client, kind=ConsentKind.RECORDING)
    path = tmp_path / "ferry.txt"
    path.write_text("Therapist: Hello.\nClient: The ferry was late again.\n", encoding="utf-8")
    (session,) = services.import_transcript(
        store, admin, client_id=client, path=path, analyse=False
    ).session_ids
    return client, session


@pytest.mark.parametrize(
    ("action", "resource", "rid", "detail", "expected"),
    [
        ("view", "session", "SESSION", {}, "CLIENT"),
        ("view", "analysis", None, {"session": "SESSION"}, "CLIENT"),
        ("create", "measure", "CLIENT", {"administration": 9}, "CLIENT"),
        ("delete", "session", "SESSION", {"client": 1}, 1),
        ("view", "journal", 1, {"entries": [1]}, None),
        ("create", "user", 4, {"role": "therapist"}, None),
        ("refused", "measure", 9, {"action": "delete"}, None),
    ],
    ids=["session", "analysis", "measure-create", "caller-given", "journal-list", "user", "gone"],
)
def test_entries_name_their_client_when_written(  # noqa: PLR0917 - the parametrised fields
    store: Database,
    tmp_path: Path,
    action: str,
    resource: str,
    rid: object,
    detail: dict[str, object],
    expected: object,
) -> None:
    """append adds detail.client from the record (or keeps the caller's), only for client data."""
    client, session = _one_session(store, tmp_path)
    ids = {"SESSION": session, "CLIENT": client}

    def real(value: object) -> int | str | None:  # "SESSION"/"CLIENT" stand for the ids made
        if isinstance(value, str):
            return ids.get(value, value)
        return value if isinstance(value, int) else None

    given = {k: real(v) if not isinstance(v, list) else v for k, v in detail.items()}
    with store.transaction() as db:
        audit.append(
            db,
            actor="user:1",
            action=action,
            resource=resource,
            resource_id=real(rid),
            detail=given,
        )
        last = audit.entries(db, limit=1)[0]
    assert last.detail.get("client") == real(expected)


def test_a_purge_names_every_client_of_its_sessions(store: Database, tmp_path: Path) -> None:
    """An entry about several sessions lists their clients in detail.clients."""
    client, session = _one_session(store, tmp_path)
    with store.transaction() as db:
        audit.append(
            db, actor="local:me", action="purge", resource="session", detail={"sessions": [session]}
        )
        last = audit.entries(db, limit=1)[0]
    assert last.detail["clients"] == [client] and "client" not in last.detail
