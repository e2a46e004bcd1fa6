"""Database engines: SQLite (WAL, foreign keys, secure delete) by default, PostgreSQL by URL."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from alliancelens.config import Settings, normalise_database_url
from alliancelens.errors import SchemaError, StoreUnavailableError
from alliancelens.storage.crypto import Keyring
from alliancelens.storage.types import bind_keyring

__all__ = [
    "is_sqlite",
    "make_engine",
    "not_permitted",
    "redact_url",
    "sqlite_path",
    "unavailable",
]

SQLITE_BUSY_TIMEOUT_S = 30


def make_engine(settings: Settings, *, keyring: Keyring | None = None) -> Engine:
    """An engine for the configured database; ``keyring`` enables the encrypted columns."""
    url = make_url(settings.resolved_database_url)
    if url.get_backend_name() == "sqlite":
        engine = _sqlite_engine(url.render_as_string(hide_password=False))
    elif url.get_backend_name() == "postgresql":
        if url.get_driver_name() in ("", "psycopg2"):
            url = url.set(drivername="postgresql+psycopg")
        engine = create_engine(url, pool_pre_ping=True)
    else:
        raise SchemaError(
            f"database URL scheme {url.get_backend_name()!r} is not supported; use sqlite:/// "
            "or postgresql://"
        )
    if keyring is not None:
        bind_keyring(engine, keyring)
    return engine


def _sqlite_engine(url: str) -> Engine:
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # We issue BEGIN ourselves (below), so the driver must not.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")  # a committed import survives power loss
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA secure_delete=ON")  # deleted/purged pages are overwritten
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # IMMEDIATE takes the write lock up front: a reader never has to upgrade mid-transaction,
        # which in WAL mode fails at once instead of waiting for the other writer.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    if path is not None and path.exists():
        _restrict(path)
    return engine


def _restrict(path: Path) -> None:
    if os.name == "posix":
        path.chmod(0o600)


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (``None`` for in-memory databases)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def is_sqlite(engine: Engine) -> bool:
    """True when ``engine`` talks to SQLite."""
    return engine.dialect.name == "sqlite"


def redact_url(url: str) -> str:
    """The URL with any password hidden (for messages)."""
    return make_url(normalise_database_url(url)).render_as_string(hide_password=True)


#: SQLSTATE of "insufficient privilege" (PostgreSQL), e.g. no CREATE right in schema public.
_INSUFFICIENT_PRIVILEGE = "42501"


def not_permitted(exc: DBAPIError, url: str) -> StoreUnavailableError | None:
    """One line naming the role, database and the two fixes when the role may not create tables.

    ``None`` when ``exc`` is not a privilege error. Since PostgreSQL 15 only the database owner
    may create in schema ``public``, so a database made by ``postgres`` for another role fails.
    """
    if getattr(exc.orig, "sqlstate", None) != _INSUFFICIENT_PRIVILEGE:
        return None
    parsed = make_url(normalise_database_url(url))
    role = parsed.username or "(your login role)"
    name = parsed.database or "(the database)"
    return StoreUnavailableError(
        f"the database user {role!r} may not create or use the tables in database {name!r} at "
        f"{redact_url(url)} (permission denied); as a PostgreSQL superuser either make it the "
        f"owner (`createdb -O {role} {name}` for a new database, or `ALTER DATABASE {name} "
        f"OWNER TO {role}`) or run `GRANT USAGE, CREATE ON SCHEMA public TO {role}` in that "
        "database, then run `alliancelens init` again (docs/deployment.md)"
    )


#: (words in the driver's message, what it means and what to do); ``{url}`` is the masked URL.
_DIAGNOSES: tuple[tuple[tuple[str, ...], str], ...] = (
    (
        ("does not exist",),
        "the database at {url} does not exist; create it first (PostgreSQL: `createdb`, see "
        "docs/storage.md), then run `alliancelens init`",
    ),
    (
        ("no pg_hba.conf entry",),
        "the database server at {url} refused this user, database and address (no pg_hba.conf "
        "entry allows them); add a `host DATABASE USER ADDRESS scram-sha-256` line to "
        "pg_hba.conf and reload PostgreSQL (docs/deployment.md section 3)",
    ),
    (
        ("password authentication failed", "authentication failed", "no password supplied"),
        "the database at {url} refused the user name or password; check them in "
        "ALLIANCELENS_DATABASE_URL (or {pgpass})",
    ),
    (
        ("server does not support ssl", "ssl is not enabled"),
        "the database server at {url} does not accept TLS connections but the URL asks for them "
        "(sslmode); turn on `ssl` in postgresql.conf or change sslmode in "
        "ALLIANCELENS_DATABASE_URL",
    ),
    (
        ("connection refused", "could not connect", "timeout expired", "timed out"),
        "cannot connect to the database at {url} (connection refused or timed out); is the "
        "database server running?",
    ),
    (
        ("unable to open database file",),
        "cannot open the SQLite database at {url}; check that its folder exists and is writable",
    ),
    (
        ("database is locked",),
        "the database at {url} is locked by another process; try again in a moment",
    ),
)


def unavailable(exc: DBAPIError, url: str) -> StoreUnavailableError:
    """One clear error for a database that cannot be reached or opened (password masked).

    The driver's own message is only matched against known phrases, never shown: it can quote
    SQL or values.
    """
    text = str(exc.orig).lower()
    masked = redact_url(url)
    pgpass = os.environ.get("PGPASSFILE")
    where = (
        f"the file PGPASSFILE={pgpass}"
        if pgpass
        else "the ~/.pgpass file of the user running AllianceLens"
    )
    for phrases, message in _DIAGNOSES:
        if any(phrase in text for phrase in phrases):
            return StoreUnavailableError(message.format(url=masked, pgpass=where))
    return StoreUnavailableError(
        f"cannot use the database at {masked} ({type(exc.orig).__name__}); check "
        "ALLIANCELENS_DATABASE_URL and that the database server is running"
    )
