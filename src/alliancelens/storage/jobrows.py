"""Repository functions for durable jobs: enqueue (idempotent), claim, finish, recover.

The ``jobs`` table is the source of truth; a queue (in-process or RQ) only carries job ids.
State changes are conditional UPDATEs, so two workers can never both claim or finish one job.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session as DbSession

from alliancelens.errors import NotFoundError
from alliancelens.storage.records import JobRecord, JobStatus
from alliancelens.storage.tables import JobRow

__all__ = [
    "cancel_client_jobs",
    "claim_job",
    "enqueue_job",
    "finish_job",
    "get_job",
    "latest_session_job",
    "list_jobs",
    "release_job",
]

_OPEN = (JobStatus.QUEUED.value, JobStatus.RUNNING.value)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _job(row: JobRow) -> JobRecord:
    return JobRecord(
        id=row.id,
        kind=row.kind,
        idempotency_key=row.idempotency_key,
        status=JobStatus(row.status),
        attempts=row.attempts,
        max_attempts=row.max_attempts,
        client_id=row.client_id,
        session_id=row.session_id,
        queued_at=row.queued_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        lease_expires_at=row.lease_expires_at,
        worker=row.worker,
        error=row.error,
    )


def enqueue_job(
    db: DbSession,
    *,
    kind: str,
    key: str,
    client_id: int | None,
    session_id: int | None,
    max_attempts: int,
) -> tuple[JobRecord, bool]:
    """The job with idempotency ``key``, created or re-opened; ``True`` when it must be run.

    An existing queued, running or done job is returned unchanged (``False``); a failed or
    cancelled one is queued again with a fresh attempt count.
    """
    row = db.scalar(select(JobRow).where(JobRow.idempotency_key == key))
    if row is not None:
        if row.status in (JobStatus.FAILED.value, JobStatus.CANCELLED.value):
            row.status = JobStatus.QUEUED.value
            row.attempts = 0
            row.max_attempts = max_attempts
            row.queued_at = _now()
            row.started_at = row.finished_at = row.lease_expires_at = None
            row.worker = row.error = None
            db.flush()
            return _job(row), True
        return _job(row), False
    row = JobRow(
        kind=kind,
        idempotency_key=key,
        client_id=client_id,
        session_id=session_id,
        status=JobStatus.QUEUED.value,
        attempts=0,
        max_attempts=max_attempts,
        queued_at=_now(),
    )
    db.add(row)
    db.flush()
    return _job(row), True


def get_job(db: DbSession, *, job_id: int) -> JobRecord:
    """The job with internal id ``job_id``."""
    row = db.get(JobRow, job_id)
    if row is None:
        raise NotFoundError(f"no job with id {job_id}")
    return _job(row)


def list_jobs(db: DbSession, *, status: JobStatus | None = None) -> list[JobRecord]:
    """Jobs, oldest first; only those in ``status`` when given."""
    query = select(JobRow).order_by(JobRow.id)
    if status is not None:
        query = query.where(JobRow.status == status.value)
    return [_job(row) for row in db.scalars(query)]


def latest_session_job(db: DbSession, *, session_id: int, kind: str) -> JobRecord | None:
    """The most recently created job of ``kind`` for one session; ``None`` when there is none."""
    row = db.scalar(
        select(JobRow)
        .where(JobRow.session_id == session_id, JobRow.kind == kind)
        .order_by(JobRow.id.desc())
        .limit(1)
    )
    return None if row is None else _job(row)


def claim_job(db: DbSession, *, job_id: int, worker: str, lease_seconds: int) -> JobRecord | None:
    """Move a queued job to running for ``worker``; ``None`` if it is not queued any more."""
    now = _now()
    result = db.execute(
        update(JobRow)
        .where(JobRow.id == job_id, JobRow.status == JobStatus.QUEUED.value)
        .values(
            status=JobStatus.RUNNING.value,
            attempts=JobRow.attempts + 1,
            started_at=now,
            lease_expires_at=now + dt.timedelta(seconds=lease_seconds),
            worker=worker,
        )
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return None
    return get_job(db, job_id=job_id)


def finish_job(
    db: DbSession, *, job_id: int, worker: str, status: JobStatus, error: str | None = None
) -> bool:
    """Close a running job owned by ``worker``; ``False`` when it was taken from the worker."""
    result = db.execute(
        update(JobRow)
        .where(
            JobRow.id == job_id,
            JobRow.status == JobStatus.RUNNING.value,
            JobRow.worker == worker,
        )
        .values(status=status.value, finished_at=_now(), lease_expires_at=None, error=error)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def release_job(db: DbSession, *, job_id: int, error: str, refund: bool = False) -> JobStatus:
    """Put a running job whose worker died back in the queue, or fail it after its last try.

    ``refund``: the run was stopped by something outside the job (the database went away), so
    its attempt is given back and does not count towards ``max_attempts``.
    """
    row = db.get(JobRow, job_id)
    if row is None:
        raise NotFoundError(f"no job with id {job_id}")
    if refund:
        row.attempts = max(row.attempts - 1, 0)
    last_try = row.attempts >= row.max_attempts
    row.status = (JobStatus.FAILED if last_try else JobStatus.QUEUED).value
    row.worker = None
    row.lease_expires_at = None
    row.error = error
    if last_try:
        row.finished_at = _now()
    db.flush()
    return JobStatus(row.status)


def cancel_client_jobs(db: DbSession, *, client_id: int, kind: str, reason: str) -> int:
    """Cancel a client's queued or running jobs of ``kind``; returns how many."""
    result = db.execute(
        update(JobRow)
        .where(JobRow.client_id == client_id, JobRow.kind == kind, JobRow.status.in_(_OPEN))
        .values(
            status=JobStatus.CANCELLED.value,
            finished_at=_now(),
            lease_expires_at=None,
            error=reason,
        )
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
