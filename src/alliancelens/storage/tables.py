"""SQLAlchemy 2.0 typed tables (the schema at the newest migration), separate from the domain.

PHI columns (client names and identifiers, transcript text, speaker labels, notes, session dates,
free-text answers, finding values and evidence) use :class:`EncryptedText` /
:class:`EncryptedJSON`; their AAD is ``"table.column"``. Everything else holds internal ids,
codes, statuses and system times (docs/security.md lists every plain column).
Alembic owns the schema (``storage/migrations``); a test checks these tables match it.

Ids are never reused (schema 0011): every table with an ``id`` key is ``AUTOINCREMENT`` on
SQLite, which otherwise hands a deleted row's id (``max(id) + 1``) to the next row, so a deleted
user's sign-in, audit entries or notes would point at someone new. PostgreSQL sequences never
go back anyway.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from alliancelens.storage.types import EncryptedJSON, EncryptedText, UTCDateTime

__all__ = [
    "NEVER_REUSE_IDS",
    "AdministrationRow",
    "AnalyserRunRow",
    "AnalysisRow",
    "AuditEntryRow",
    "AuditHeadRow",
    "Base",
    "ClientRow",
    "ConsentRow",
    "FindingRow",
    "FormLinkRow",
    "JobRow",
    "JournalRow",
    "KeyCheckRow",
    "SessionRow",
    "SupervisionRow",
    "UserRow",
    "UtteranceRow",
]

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


#: Table option: SQLite ``AUTOINCREMENT``, so a deleted row's id is never handed out again
#: (PostgreSQL ignores it; its sequences never go back). Schema 0011.
NEVER_REUSE_IDS: Final[dict[str, Any]] = {"sqlite_autoincrement": True}


class Base(DeclarativeBase):
    """Declarative base with a naming convention (stable constraint names for migrations)."""

    metadata = MetaData(naming_convention=NAMING)


class KeyCheckRow(Base):
    """One encrypted known value: proves at start-up that the key in use is this store's key."""

    __tablename__ = "key_check"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(EncryptedText("key_check.token"))


class UserRow(Base):
    """A person who signs in: admin, therapist, supervisor, or client (linked to a client)."""

    __tablename__ = "users"
    __table_args__ = NEVER_REUSE_IDS
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Revision 0006: bumped by deactivation and password reset; a web sign-in carries the value
    # it was made with and is refused once they differ.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    client_id: Mapped[int | None] = mapped_column(
        # use_alter: users and clients refer to each other (a client login, a client's therapist)
        ForeignKey("clients.id", ondelete="CASCADE", use_alter=True),
        nullable=True,
    )


class SupervisionRow(Base):
    """A supervisor supervises a therapist."""

    __tablename__ = "supervisions"
    __table_args__ = (UniqueConstraint("supervisor_id", "therapist_id"), NEVER_REUSE_IDS)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    supervisor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    therapist_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class ClientRow(Base):
    """A client (PHI encrypted); ``therapist_id`` is the owning therapist."""

    __tablename__ = "clients"
    __table_args__ = NEVER_REUSE_IDS
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    therapist_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True
    )
    name: Mapped[str] = mapped_column(EncryptedText("clients.name"))
    identifier: Mapped[str | None] = mapped_column(EncryptedText("clients.identifier"))
    notes: Mapped[str | None] = mapped_column(EncryptedText("clients.notes"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    #: Random UUID naming the client in FHIR exports when there is no record number: unlike the
    #: internal id (never reused since schema 0011, but a restored backup can bring one back),
    #: it means one client anywhere. NULL until first needed (schema 0008).
    fhir_uuid: Mapped[str | None] = mapped_column(String(36), nullable=True)


class ConsentRow(Base):
    """One grant of a consent kind; ``withdrawn_on`` set when withdrawn (rows are never removed)."""

    __tablename__ = "consents"
    __table_args__ = NEVER_REUSE_IDS
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    granted_on: Mapped[dt.date] = mapped_column()
    withdrawn_on: Mapped[dt.date | None] = mapped_column(nullable=True)
    recorded_by: Mapped[str] = mapped_column(String(80))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class SessionRow(Base):
    """One imported session; its text lives in :class:`UtteranceRow`."""

    __tablename__ = "sessions"
    __table_args__ = NEVER_REUSE_IDS
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    source_key: Mapped[str] = mapped_column(EncryptedText("sessions.source_key"))
    source_name: Mapped[str | None] = mapped_column(EncryptedText("sessions.source_name"))
    source_format: Mapped[str] = mapped_column(String(32))
    session_date: Mapped[str | None] = mapped_column(EncryptedText("sessions.session_date"))
    modality: Mapped[str | None] = mapped_column(String(64))
    notes: Mapped[str | None] = mapped_column(EncryptedText("sessions.notes"))
    extra: Mapped[Any] = mapped_column(EncryptedJSON("sessions.extra"), nullable=True)
    speakers: Mapped[Any] = mapped_column(EncryptedJSON("sessions.speakers"), nullable=True)
    deidentified: Mapped[bool] = mapped_column(Boolean, default=False)
    shared_for_supervision: Mapped[bool] = mapped_column(Boolean, default=False)
    imported_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), index=True)
    text_purged_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    #: Keyed, per-client fingerprint of the imported file (hex HMAC-SHA-256 under the store's
    #: content secret, bound to the client since schema 0012; store-wide from 0009; a plain
    #: SHA-256 before; see :mod:`alliancelens.storage.fingerprints`): finds re-imports of the
    #: same file for a client without letting someone who holds only the database confirm a
    #: known file or link one file across clients. NULL for sessions imported before 0007.
    content_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)


class UtteranceRow(Base):
    """One turn; ``text`` becomes NULL when the retention period purges raw text."""

    __tablename__ = "utterances"
    __table_args__ = (UniqueConstraint("session_id", "position"), NEVER_REUSE_IDS)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str] = mapped_column(EncryptedText("utterances.speaker"))
    role: Mapped[str] = mapped_column(String(16))
    text: Mapped[str | None] = mapped_column(EncryptedText("utterances.text"))
    start: Mapped[float | None] = mapped_column(Float, nullable=True)
    end: Mapped[float | None] = mapped_column(Float, nullable=True)


class JobRow(Base):
    """A durable background job; the queue (in-process or RQ) only ever carries its id."""

    __tablename__ = "jobs"
    __table_args__ = NEVER_REUSE_IDS
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    client_id: Mapped[int | None] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), nullable=True, index=True
    )
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), nullable=True
    )
    status: Mapped[str] = mapped_column(String(16), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer)
    queued_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    lease_expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    worker: Mapped[str | None] = mapped_column(String(128), nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)


class AnalysisRow(Base):
    """One pipeline run over one session (replaced as a whole when re-run)."""

    __tablename__ = "analyses"
    __table_args__ = (UniqueConstraint("session_id", "pipeline"), NEVER_REUSE_IDS)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    job_id: Mapped[int | None] = mapped_column(
        ForeignKey("jobs.id", ondelete="SET NULL"), nullable=True
    )
    pipeline: Mapped[str] = mapped_column(String(64))
    finished_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class AnalyserRunRow(Base):
    """What happened to one analyser in an analysis (ok / failed / skipped and why)."""

    __tablename__ = "analyser_runs"
    __table_args__ = NEVER_REUSE_IDS
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    analysis_id: Mapped[int] = mapped_column(
        ForeignKey("analyses.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(128))
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    params: Mapped[Any] = mapped_column(JSON, nullable=False)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    seconds: Mapped[float] = mapped_column(Float)
    findings: Mapped[int] = mapped_column(Integer)


class FindingRow(Base):
    """One finding (derived code or score): kept when raw text is purged."""

    __tablename__ = "findings"
    __table_args__ = NEVER_REUSE_IDS
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    analysis_id: Mapped[int] = mapped_column(
        ForeignKey("analyses.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(128))
    scope: Mapped[str] = mapped_column(String(16))
    utterance_index: Mapped[int | None] = mapped_column(Integer, nullable=True)
    value: Mapped[Any] = mapped_column(EncryptedJSON("findings.value"), nullable=True)
    #: Utterance indexes and scores (risk flag counts, alliance index...): encrypted since 0009.
    evidence: Mapped[Any] = mapped_column(EncryptedJSON("findings.evidence"), nullable=False)
    analyser: Mapped[str] = mapped_column(String(128))
    analyser_version: Mapped[int] = mapped_column(Integer)
    params: Mapped[Any] = mapped_column(JSON, nullable=False)


class AdministrationRow(Base):
    """One completed measure form: raw responses and any free text, encrypted."""

    __tablename__ = "measure_administrations"
    __table_args__ = NEVER_REUSE_IDS
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="SET NULL"), nullable=True
    )
    measure: Mapped[str] = mapped_column(String(64))
    administered_on: Mapped[str] = mapped_column(
        EncryptedText("measure_administrations.administered_on")
    )
    responses: Mapped[Any] = mapped_column(
        EncryptedJSON("measure_administrations.responses"), nullable=True
    )
    free_text: Mapped[str | None] = mapped_column(
        EncryptedText("measure_administrations.free_text")
    )
    version: Mapped[str | None] = mapped_column(String(128), nullable=True)
    population: Mapped[str] = mapped_column(String(32))
    completed_by: Mapped[str] = mapped_column(String(32))
    mode: Mapped[str] = mapped_column(String(16))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class FormLinkRow(Base):
    """An expiring one-time link through which a client fills in one form (token stored hashed)."""

    __tablename__ = "form_links"
    __table_args__ = NEVER_REUSE_IDS
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    measure: Mapped[str] = mapped_column(String(64))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class JournalRow(Base):
    """A therapist's private reflection (journal entry), optionally about one stored session.

    Only its therapist reads it; a supervisor sees it only once the therapist shares it (policy).
    """

    __tablename__ = "journal_entries"
    __table_args__ = NEVER_REUSE_IDS
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    therapist_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), nullable=True
    )
    prompt: Mapped[str | None] = mapped_column(EncryptedText("journal_entries.prompt"))
    text: Mapped[str] = mapped_column(EncryptedText("journal_entries.text"))
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class AuditEntryRow(Base):
    """One audit entry; ``hash`` chains it to the entry before.

    Append-only: database triggers refuse UPDATE and DELETE.
    """

    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(32))
    resource: Mapped[str] = mapped_column(String(32))
    resource_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    detail: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHeadRow(Base):
    """The newest audit entry's number and hash; its row lock serialises audit appends."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
