"""The hash-chained, append-only audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from alliancelens.security import audit
from alliancelens.storage import Database


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
