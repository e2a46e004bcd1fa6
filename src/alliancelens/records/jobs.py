"""Job wiring for the record store: handlers by kind, the backend, and the worker entry points."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from alliancelens.config import load_settings
from alliancelens.jobs import (
    InProcessBackend,
    JobBackend,
    JobHandler,
    JobOutcome,
    RQBackend,
    make_backend,
    recover,
    run_job,
)
from alliancelens.records._facts import session_target
from alliancelens.records.analysis import ANALYSE, analyse_job
from alliancelens.records.lifecycle import purge_expired
from alliancelens.security.policy import Action, Actor, Resource, Target, require
from alliancelens.storage import Database, JobRecord, JobStatus, jobrows, open_database

__all__ = [
    "HANDLERS",
    "AnalysisStatus",
    "WorkReport",
    "analysis_status",
    "backend_for",
    "execute",
    "execute_from_environment",
    "list_jobs",
    "work",
]

HANDLERS: Mapping[str, JobHandler] = {ANALYSE: analyse_job}


def execute(database: Database, job_id: int) -> JobOutcome:
    """Run one job in this process (if it is still queued)."""
    return run_job(database, job_id, HANDLERS)


def execute_from_environment(job_id: int) -> None:
    """Entry point for RQ workers: open the store from ``ALLIANCELENS_*`` and run one job."""
    database = open_database(load_settings())
    try:
        execute(database, job_id)
    finally:
        database.close()


def backend_for(database: Database) -> JobBackend:
    """The configured backend: RQ when ``redis_url`` is set, else in-process on ``database``."""
    return make_backend(database.settings, lambda job_id: execute(database, job_id))


@dataclass(frozen=True, slots=True)
class WorkReport:
    """What one ``jobs work`` pass did."""

    recovered: tuple[int, ...]
    outcomes: tuple[JobOutcome, ...]
    backend: str
    purged: tuple[int, ...] = ()


def work(
    database: Database,
    actor: Actor,
    *,
    backend: JobBackend | None = None,
    now: dt.datetime | None = None,
) -> WorkReport:
    """Apply the retention period, recover jobs of dead workers, then run or queue every job.

    Each worker pass first purges raw text older than ``retention_days`` (when set), so the
    retention setting takes effect wherever a worker runs, not only on `purge-expired`.
    """
    require(actor, Action.UPDATE, Target(Resource.SYSTEM))
    purged = tuple(purge_expired(database, actor, now=now))
    backend = backend or backend_for(database)
    recovered = tuple(recover(database))
    with database.transaction() as db:
        queued = [job.id for job in jobrows.list_jobs(db, status=JobStatus.QUEUED)]
    if isinstance(backend, InProcessBackend):
        return WorkReport(
            recovered, tuple(execute(database, job_id) for job_id in queued), backend.name, purged
        )
    for job_id in queued:
        backend.submit(job_id)
    if isinstance(backend, RQBackend):
        backend.work(burst=True)
    with database.transaction() as db:
        outcomes = tuple(
            JobOutcome(job_id, jobrows.get_job(db, job_id=job_id).status) for job_id in queued
        )
    return WorkReport(recovered, outcomes, backend.name, purged)


def list_jobs(
    database: Database, actor: Actor, *, status: JobStatus | None = None
) -> list[JobRecord]:
    """Jobs (ids, kinds and states only), for administrators."""
    require(actor, Action.VIEW, Target(Resource.SYSTEM))
    with database.transaction() as db:
        return jobrows.list_jobs(db, status=status)


#: Longest failure reason shown with an analysis status (job errors hold no transcript text).
_REASON_CHARS = 200


@dataclass(frozen=True, slots=True)
class AnalysisStatus:
    """The state of a session's latest analysis job: no worker name, no other session's jobs."""

    job_id: int
    status: JobStatus
    attempts: int
    max_attempts: int
    queued_at: dt.datetime
    finished_at: dt.datetime | None
    reason: str | None  # why it failed or was cancelled (first line, shortened); else None


def analysis_status(database: Database, actor: Actor, *, session_id: int) -> AnalysisStatus | None:
    """The latest analysis job of one session (``None``: none was ever queued).

    Allowed to whoever may view the session's analysis (its therapist, administrators, a
    supervisor it is shared with); the lookup is by this session only, so no other session's
    jobs are ever read. Not audited, like :func:`list_sessions`: viewing the session is.
    """
    with database.transaction() as db:
        require(
            actor,
            Action.VIEW,
            session_target(db, session_id=session_id, resource=Resource.ANALYSIS),
        )
        job = jobrows.latest_session_job(db, session_id=session_id, kind=ANALYSE)
    if job is None:
        return None
    reason = None
    if job.status in (JobStatus.FAILED, JobStatus.CANCELLED) and job.error:
        first = job.error.strip().splitlines()[0] if job.error.strip() else ""
        cut = len(first) > _REASON_CHARS
        reason = (first[: _REASON_CHARS - 1] + "…" if cut else first) or None
    return AnalysisStatus(
        job_id=job.id,
        status=job.status,
        attempts=job.attempts,
        max_attempts=job.max_attempts,
        queued_at=job.queued_at,
        finished_at=job.finished_at,
        reason=reason,
    )
