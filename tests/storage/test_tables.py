"""The ORM tables: every record id is never handed out again, on SQLite too (schema 0011)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import Table, delete, select, text
from sqlalchemy.orm import Session as DbSession

from alliancelens.storage import Database, people, transcripts
from alliancelens.storage.tables import Base, ClientRow, SessionRow, UserRow
from alliancelens.testing import make_session

#: Tables without a record id of their own: fixed rows and the audit chain (numbered by its head).
NOT_NUMBERED = {"key_check", "audit_log", "audit_head"}
NUMBERED = sorted(t.name for t in Base.metadata.sorted_tables if t.name not in NOT_NUMBERED)


@pytest.mark.parametrize("name", NUMBERED)
def test_every_numbered_table_never_reuses_ids(name: str) -> None:
    """Each table with its own id asks SQLite for AUTOINCREMENT (no id handed out twice)."""
    table: Table = Base.metadata.tables[name]
    assert [c.name for c in table.primary_key.columns] == ["id"]
    assert table.dialect_options["sqlite"]["autoincrement"] is True


def test_the_store_schema_has_autoincrement_on_sqlite(store: Database) -> None:
    """The migrated SQLite schema itself says AUTOINCREMENT for every numbered table."""
    if store.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL sequences never go back; nothing to check")
    with store.engine.connect() as connection:
        sql: dict[str, str] = dict(
            connection.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'table'"))
            .tuples()
            .all()
        )
    assert [n for n in NUMBERED if "AUTOINCREMENT" not in sql[n]] == []


def _user(db: DbSession, n: int) -> int:
    return people.add_user(db, username=f"u-{n}", password_hash="x", role="therapist").id  # noqa: S106


def _client(db: DbSession, n: int) -> int:
    return people.add_client(db, therapist_id=None, name=f"Synthetic Person {n}").id


def _session(db: DbSession, n: int) -> int:
    client = people.add_client(db, therapist_id=None, name=f"Synthetic Owner {n}").id
    session = make_session(("therapist", "How has the week gone?"), session_id=f"s-{n}")
    return transcripts.add_session(
        db, client_id=client, session=session, source_name=None, source_format="text"
    )


#: (what to add, its table row class)
ADDERS: list[tuple[Callable[[DbSession, int], int], type[Base]]] = [
    (_user, UserRow),
    (_client, ClientRow),
    (_session, SessionRow),
]


@pytest.mark.parametrize(("add", "row"), ADDERS, ids=["user", "client", "session"])
def test_deleting_the_highest_id_then_adding_gives_a_new_id(
    store: Database, add: Callable[[DbSession, int], int], row: type[Base]
) -> None:
    """After the newest record is deleted, the next record gets an id never used before."""
    with store.transaction() as db:
        add(db, 1)
        highest = add(db, 2)
    with store.transaction() as db:
        db.execute(delete(row).where(row.id == highest))  # type: ignore[attr-defined]
    with store.transaction() as db:
        newest = add(db, 3)
        left = db.scalars(select(row.id)).all()  # type: ignore[attr-defined]
    assert highest not in left and newest > highest


def test_created_at_keeps_microseconds(store: Database) -> None:
    """Account creation times round-trip to the microsecond (the web sign-in stamp uses them)."""
    with store.transaction() as db:
        made = people.add_user(db, username="u-stamp", password_hash="x", role="therapist")  # noqa: S106
    with store.transaction() as db:
        again = people.get_user(db, user_id=made.id)
    assert again.created_at == made.created_at
    assert again.created_at.tzinfo is not None and isinstance(again.created_at, dt.datetime)
