"""Alembic environment: migrations run on AllianceLens's own engine (``make_engine``).

``alliancelens init`` passes an open connection in ``config.attributes["connection"]``; run by
hand (``alembic -c ...``), this builds the engine from the ``ALLIANCELENS_*`` settings.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from alliancelens.config import load_settings
from alliancelens.errors import KeyFileError
from alliancelens.storage.crypto import load_keyring
from alliancelens.storage.engine import make_engine
from alliancelens.storage.tables import Base

target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the pending migrations on the given connection, or on a new engine."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    settings = load_settings()
    try:  # migrations that convert stored rows (0009) need the store's key
        keyring = load_keyring(settings)
    except KeyFileError:
        keyring = None  # a new store: `alliancelens init` creates the key
    engine = make_engine(settings, keyring=keyring)
    try:
        with engine.connect() as new_connection:
            _run(new_connection)
    finally:
        engine.dispose()


run_migrations_online()
