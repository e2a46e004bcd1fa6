"""The secure record store: SQLAlchemy tables, encrypted PHI columns, repository, migrations.

``initialise(settings)`` creates the key and schema (``alliancelens init``);
``open_database(settings)`` opens an initialised store. Repository functions live in
:mod:`~alliancelens.storage.people`, :mod:`~alliancelens.storage.transcripts`,
:mod:`~alliancelens.storage.jobrows`, :mod:`~alliancelens.storage.administrations` and
:mod:`~alliancelens.storage.formlinks`; each takes the database session first and keyword-only
arguments after it, and returns plain records, never ORM rows. See ``docs/storage.md``.

The plain records are imported eagerly; ``Database``, ``initialise`` and ``open_database`` load
SQLAlchemy and are imported on first use (PEP 562), so the CLI starts fast.
"""

from typing import TYPE_CHECKING, Any

from alliancelens.storage.records import (
    ClientRecord,
    ConsentKind,
    ConsentRecord,
    JobRecord,
    JobStatus,
    SessionSummary,
    SharedSession,
    StoredAnalysis,
    StoredSession,
    UserRecord,
)

if TYPE_CHECKING:
    from alliancelens.storage.database import Database, initialise, open_database

__all__ = [
    "ClientRecord",
    "ConsentKind",
    "ConsentRecord",
    "Database",
    "JobRecord",
    "JobStatus",
    "SessionSummary",
    "SharedSession",
    "StoredAnalysis",
    "StoredSession",
    "UserRecord",
    "initialise",
    "open_database",
]

if not TYPE_CHECKING:  # type checkers see the import above, so a misspelt name stays an error

    def __getattr__(name: str) -> Any:
        """Import ``Database``, ``initialise`` or ``open_database`` on first use."""
        if name in {"Database", "initialise", "open_database"}:
            from alliancelens.storage import database  # noqa: PLC0415 - loads SQLAlchemy

            return getattr(database, name)
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
