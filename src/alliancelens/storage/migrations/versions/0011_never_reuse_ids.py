"""Never reuse ids on SQLite: ``AUTOINCREMENT`` on every table with an ``id`` key.

Without ``AUTOINCREMENT`` SQLite gives a new row ``max(id) + 1``, so after a deletion the next
user, client, session, job or form took the deleted one's id: a deleted account's web cookie
signed in as the new account, and audit entries about a deleted person read as being about the
new one (QA27 #1/#2). ``AUTOINCREMENT`` is part of ``CREATE TABLE`` on SQLite, so each table is
recreated in batch mode (copy, drop, rename), keeping every row, index and foreign key.

Each table's sequence then starts above every id that ever existed: the larger of the highest
id still stored and the highest id the audit log records for that kind of record (a deleted
row's id is only left there). Counting a few unrelated numbers too (for instance a ``measure``
entry's ``resource_id`` that is a client id) only skips ids, never reuses one.

PostgreSQL: nothing to do (its sequences never go back), so this revision changes nothing there.

SQLite's own rule for recreating a table that others refer to is to switch foreign keys off
first (a ``DROP TABLE`` would otherwise run the ``ON DELETE CASCADE`` actions of every table that
refers to it, emptying them). That switch only works outside a transaction, so this revision
commits the revisions before it, works in its own transaction with foreign keys off, checks
every reference (``PRAGMA foreign_key_check``) before committing, and switches them back on. A
failure leaves the store at revision 0010 unchanged; running the upgrade again is safe.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

import sqlalchemy as sa
from alembic import op

from alliancelens.errors import SchemaError

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | None = None
depends_on: str | None = None

#: table -> (audit ``resource`` values whose ``resource_id`` may be one of its ids, ``detail``
#: keys that may hold its ids). Generous on purpose: an extra number only skips ids.
AUDITED_IDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "users": (("user",), ("supervisor", "therapist", "user")),
    "supervisions": ((), ()),
    "clients": (("client", "consent", "measure", "form_link"), ("client", "clients")),
    "consents": ((), ()),
    "sessions": (("session",), ("session", "sessions")),
    "utterances": ((), ()),
    "jobs": (("job",), ("job", "jobs")),
    "analyses": (("analysis",), ("analysis",)),
    "analyser_runs": ((), ()),
    "findings": ((), ()),
    "measure_administrations": (("measure",), ("administration", "administrations")),
    "form_links": (("form_link",), ("link", "form_link")),
    "journal_entries": (("journal",), ("entry", "entries")),
}


#: Columns whose reflection would lose something: SQLAlchemy reads a column-level ``REFERENCES``
#: (how 0001 wrote ``users.client_id`` on SQLite) without its ``ON DELETE CASCADE`` or name, so
#: the copy states it again (a deleted client's login goes with it, as before).
_KEEP: dict[str, tuple[sa.Column[int], ...]] = {
    "users": (
        sa.Column(
            "client_id",
            sa.Integer(),
            sa.ForeignKey("clients.id", ondelete="CASCADE", name="fk_users_client_id_clients"),
            nullable=True,
        ),
    ),
}


def upgrade() -> None:
    """Recreate each table with ``AUTOINCREMENT`` and raise its sequence (SQLite only)."""
    connection = op.get_bind()
    if connection.dialect.name != "sqlite":
        return
    floors = _audited_floors(connection)
    connection.exec_driver_sql("COMMIT")  # PRAGMA foreign_keys is ignored inside a transaction
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    connection.exec_driver_sql("BEGIN IMMEDIATE")
    try:
        for table in AUDITED_IDS:
            with op.batch_alter_table(
                table,
                recreate="always",
                table_kwargs={"sqlite_autoincrement": True},
                reflect_args=_KEEP.get(table, ()),
            ):
                pass
            _raise_sequence(connection, table, floors.get(table, 0))
        _check_references(connection)
        connection.exec_driver_sql("COMMIT")
    except BaseException:
        connection.exec_driver_sql("ROLLBACK")
        raise
    finally:
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.exec_driver_sql("BEGIN IMMEDIATE")  # the caller's transaction goes on


def _check_references(connection: sa.Connection) -> None:
    """Refuse to commit when any reference points at a row that is not there."""
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        raise SchemaError(
            f"{len(broken)} reference(s) broken while recreating tables; nothing was changed"
        )


def _raise_sequence(connection: sa.Connection, table: str, audited: int) -> None:
    """Make the next id of ``table`` larger than its stored ids and ``audited``."""
    query = f"SELECT COALESCE(MAX(id), 0) FROM {table}"  # noqa: S608 - a name from AUDITED_IDS
    stored = connection.exec_driver_sql(query).scalar()
    floor = max(int(stored or 0), audited)
    connection.execute(sa.text("DELETE FROM sqlite_sequence WHERE name = :t"), {"t": table})
    if floor > 0:
        connection.execute(
            sa.text("INSERT INTO sqlite_sequence (name, seq) VALUES (:t, :s)"),
            {"t": table, "s": floor},
        )


def _audited_floors(connection: sa.Connection) -> dict[str, int]:
    """The highest id each table's records ever had, as far as the audit log names them."""
    floors: dict[str, int] = {}
    rows = connection.execute(sa.text("SELECT actor, resource, resource_id, detail FROM audit_log"))
    for actor, resource, resource_id, detail in rows:
        found = _detail(detail)
        for table, (resources, keys) in AUDITED_IDS.items():
            ids = list(_ints(found.get(key) for key in keys))
            if resource in resources:
                ids.extend(_ints([resource_id]))
            if table == "users" and str(actor).startswith("user:"):
                ids.extend(_ints([str(actor)[len("user:") :]]))
            if ids:
                floors[table] = max(floors.get(table, 0), *ids)
    return floors


def _detail(text: object) -> dict[str, object]:
    """An audit entry's detail as a dict (an unreadable one names nothing)."""
    try:
        value = json.loads(str(text)) if text else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _ints(values: Iterable[object]) -> Iterator[int]:
    """Every whole number in ``values`` (lists are opened; other values are skipped)."""
    for value in values:
        if isinstance(value, list):
            yield from _ints(value)
        elif isinstance(value, bool):
            continue
        elif isinstance(value, int):
            yield value
        elif isinstance(value, str) and value.isdigit():
            yield int(value)


def downgrade() -> None:
    """Downgrades are not supported: restore a backup instead."""
    raise NotImplementedError("restore a backup to go back to an older schema")
