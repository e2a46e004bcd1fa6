"""Helpers for tests that need a real store: SQLite always, PostgreSQL when a server is given.

``ALLIANCELENS_TEST_POSTGRES_URL`` (set by ``.ci/run``) names a PostgreSQL server where the
tests may create and drop databases; each temporary store gets its own fresh database.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from alliancelens.config import Settings
from alliancelens.storage.crypto import encode_key, generate_key
from alliancelens.storage.database import Database, initialise

__all__ = ["BACKENDS", "POSTGRES_ENV", "postgres_url", "temporary_database_url", "temporary_store"]

POSTGRES_ENV = "ALLIANCELENS_TEST_POSTGRES_URL"
BACKENDS = ("sqlite", "postgresql")


def postgres_url() -> str | None:
    """The test PostgreSQL server URL, if one is configured."""
    return os.environ.get(POSTGRES_ENV) or None


@contextmanager
def temporary_database_url(backend: str, home: Path) -> Iterator[str]:
    """A URL of an empty database: a file in ``home``, or a fresh PostgreSQL database."""
    if backend == "sqlite":
        yield f"sqlite:///{home / 'alliancelens.db'}"
        return
    server = postgres_url()
    if server is None:
        raise RuntimeError(f"{POSTGRES_ENV} is not set")
    name = f"al_test_{secrets.token_hex(6)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield make_url(server).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@contextmanager
def temporary_store(
    backend: str, home: Path, *, env_key: bool = False, **overrides: Any
) -> Iterator[Database]:
    """An initialised store in ``home`` on ``backend``; ``env_key`` uses a key setting."""
    with temporary_database_url(backend, home) as url:
        if env_key:
            overrides.setdefault("key", encode_key(generate_key()))
        settings = Settings(home=home, database_url=url, **overrides)
        database, _ = initialise(settings)
        try:
            yield database
        finally:
            database.close()
