"""The secure record store: SQLAlchemy tables, encrypted PHI columns, repository, migrations.

``initialise(settings)`` creates the key and schema (``alliancelens init``);
``open_database(settings)`` opens an initialised store. Repository functions live in
:mod:`~alliancelens.storage.people`, :mod:`~alliancelens.storage.transcripts`,
:mod:`~alliancelens.storage.jobrows`, :mod:`~alliancelens.storage.administrations` and
:mod:`~alliancelens.storage.formlinks`; each takes the database session first and keyword-only
arguments after it, and returns plain records, never ORM rows. See ``docs/storage.md``.
"""

from alliancelens.storage.database import Database, initialise, open_database
from alliancelens.storage.records import (
    ClientRecord,
    ConsentKind,
    ConsentRecord,
    JobRecord,
    JobStatus,
    SessionSummary,
    StoredAnalysis,
    StoredSession,
    UserRecord,
)

__all__ = [
    "ClientRecord",
    "ConsentKind",
    "ConsentRecord",
    "Database",
    "JobRecord",
    "JobStatus",
    "SessionSummary",
    "StoredAnalysis",
    "StoredSession",
    "UserRecord",
    "initialise",
    "open_database",
]
