"""Plain records the repository returns (no ORM rows escape the storage package)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from alliancelens.domain import AnalyserRun, Finding, Session

__all__ = [
    "ClientRecord",
    "ConsentKind",
    "ConsentRecord",
    "JobRecord",
    "JobStatus",
    "SessionSummary",
    "SharedSession",
    "StoredAnalysis",
    "StoredSession",
    "UserRecord",
]


class ConsentKind(StrEnum):
    """The consents a client gives (or withdraws), each with its own dates."""

    RECORDING = "recording"
    ANALYSIS = "analysis"
    SUPERVISION_SHARING = "supervision-sharing"


class JobStatus(StrEnum):
    """Life of a background job."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class UserRecord:
    """A user account (never carries the password hash)."""

    id: int
    username: str
    role: str
    active: bool
    client_id: int | None
    created_at: dt.datetime
    #: Bumped when the user is deactivated or the password reset: older sign-ins stop working.
    session_version: int = 0


@dataclass(frozen=True, slots=True)
class ClientRecord:
    """A client, decrypted. ``name``/``identifier``/``notes`` are PHI: never log them."""

    id: int
    therapist_id: int | None
    name: str
    identifier: str | None
    notes: str | None
    created_at: dt.datetime
    #: Set when this row's values cannot be decrypted: the id of the missing key (the name then
    #: says so instead of holding the client's name).
    missing_key: str | None = None


@dataclass(frozen=True, slots=True)
class ConsentRecord:
    """One grant of a consent; active while ``withdrawn_on`` is ``None``."""

    id: int
    client_id: int
    kind: ConsentKind
    granted_on: dt.date
    withdrawn_on: dt.date | None
    recorded_by: str

    def active_on(self, day: dt.date) -> bool:
        """Whether this grant covers ``day``."""
        return self.granted_on <= day and (self.withdrawn_on is None or self.withdrawn_on > day)


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """What is known about a stored session without decrypting its text."""

    id: int
    client_id: int
    source_format: str
    utterances: int
    imported_at: dt.datetime
    text_purged_at: dt.datetime | None
    shared_for_supervision: bool
    deidentified: bool
    session_date: dt.date | None = None  # the date given at import (--date), when one was


@dataclass(frozen=True, slots=True)
class SharedSession:
    """A session shared for supervision: its summary, date and therapist (no text, no client name).

    ``therapist`` is the therapist's user name (a sign-in name, not PHI).
    """

    summary: SessionSummary
    session_date: dt.date | None
    therapist_id: int
    therapist: str


@dataclass(frozen=True, slots=True)
class StoredSession:
    """A stored session as a domain :class:`Session` (text ``""`` once purged) plus its summary."""

    summary: SessionSummary
    session: Session
    source_name: str | None


@dataclass(frozen=True, slots=True)
class StoredAnalysis:
    """One stored pipeline run: analyser statuses and findings."""

    id: int
    session_id: int
    pipeline: str
    job_id: int | None
    finished_at: dt.datetime
    runs: tuple[AnalyserRun, ...]
    findings: tuple[Finding, ...]


@dataclass(frozen=True, slots=True)
class JobRecord:
    """A durable job (its payload is only ids: no PHI)."""

    id: int
    kind: str
    idempotency_key: str
    status: JobStatus
    attempts: int
    max_attempts: int
    client_id: int | None
    session_id: int | None
    queued_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    lease_expires_at: dt.datetime | None
    worker: str | None
    error: str | None
