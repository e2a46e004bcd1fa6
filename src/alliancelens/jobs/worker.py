"""Run durable jobs safely: claim, compute, then store results and ``done`` in one transaction.

A job's results and its ``done`` status are committed together, so a worker killed at any point
(even SIGKILL) leaves either nothing or everything. The job stays ``running`` under the dead
worker's name; :func:`recover` puts it back in the queue once that worker is gone (same host and
its process no longer exists) or its lease has run out, and the next worker runs it again.
A job that keeps failing for unexpected reasons is retried up to its ``max_attempts``; one that
fails with one of our own errors (a missing consent, purged text) is not retried.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.orm import Session as DbSession

from alliancelens.errors import AllianceLensError, ConsentError, StoreUnavailableError
from alliancelens.jobs.backends import note_outage, take_outage_notes
from alliancelens.storage import Database, JobRecord, JobStatus, jobrows

__all__ = [
    "JobHandler",
    "JobOutcome",
    "RecoveredJob",
    "Writer",
    "recover",
    "recovery_text",
    "run_job",
    "worker_name",
]

logger = logging.getLogger(__name__)

#: Stores a job's results inside the transaction that marks the job done.
Writer = Callable[[DbSession], None]


class JobHandler(Protocol):
    """Does one kind of job: compute outside any transaction, return what stores the results."""

    def __call__(self, database: Database, job: JobRecord) -> Writer:
        """Compute; raise our own errors for permanent failures."""
        ...


@dataclass(frozen=True, slots=True)
class JobOutcome:
    """What happened when a worker picked a job up."""

    job_id: int
    status: JobStatus | None  # None: not run (already done, running elsewhere, cancelled, gone)
    message: str | None = None
    attempts: int | None = None  # attempts used so far (None: not known)
    max_attempts: int | None = None
    #: False when this pass did not run the job (not queued, or run by no worker of this store).
    ran: bool = True


@dataclass(frozen=True, slots=True)
class RecoveredJob:
    """A running job whose worker died or whose lease ran out, put back or failed for good."""

    job_id: int
    status: JobStatus  # QUEUED: will be retried; FAILED: that was its last attempt
    reason: str
    attempts: int
    max_attempts: int
    #: False when the attempt was given back (the database, not the job, stopped the run).
    counted: bool = True


def worker_name() -> str:
    """``host:pid`` of this process (how :func:`recover` tells whether a worker is alive)."""
    return f"{socket.gethostname()}:{os.getpid()}"


def run_job(database: Database, job_id: int, handlers: Mapping[str, JobHandler]) -> JobOutcome:
    """Claim job ``job_id`` if it is queued, run its handler and record the outcome."""
    me = worker_name()
    with database.transaction() as db:
        try:
            job = jobrows.claim_job(
                db, job_id=job_id, worker=me, lease_seconds=database.settings.job_lease_seconds
            )
        except AllianceLensError:  # deleted meanwhile (e.g. its client was deleted)
            job = None
    if job is None:
        return JobOutcome(job_id, None, "not queued", ran=False)
    try:
        _execute(database, job, me, handlers)
    except _Taken:
        return JobOutcome(
            job.id, None, "taken over or cancelled while running", job.attempts, job.max_attempts
        )
    except ConsentError as exc:
        return _close(database, job, me, JobStatus.CANCELLED, f"{exc.message} [{exc.code}]")
    except StoreUnavailableError as exc:
        _put_back_after_outage(database, job, me, exc)
        raise  # the worker logs one line; the job is queued again without using an attempt
    except (AllianceLensError, _Permanent) as exc:
        text = f"{exc.message} [{exc.code}]" if isinstance(exc, AllianceLensError) else str(exc)
        return _close(database, job, me, JobStatus.FAILED, text)
    except Exception as exc:  # noqa: BLE001 - unexpected: retry; store only the type (no PHI)
        reason = f"internal error ({type(exc).__name__})"
        logger.warning("job %s attempt %s failed: %s", job.id, job.attempts, reason)
        with database.transaction() as db:
            status = jobrows.release_job(db, job_id=job.id, error=reason)
        return JobOutcome(job.id, status, reason, job.attempts, job.max_attempts)
    return JobOutcome(job.id, JobStatus.DONE, None, job.attempts, job.max_attempts)


def _execute(
    database: Database, job: JobRecord, me: str, handlers: Mapping[str, JobHandler]
) -> None:
    handler = handlers.get(job.kind)
    if handler is None:
        raise _Permanent(f"no handler for job kind {job.kind!r}")
    writer = handler(database, job)
    with database.transaction() as db:
        if not jobrows.finish_job(db, job_id=job.id, worker=me, status=JobStatus.DONE):
            raise _Taken
        writer(db)


class _Taken(Exception):  # noqa: N818 - control flow, never escapes this module
    """The job stopped being ours before its results were stored."""


class _Permanent(Exception):  # noqa: N818 - control flow, never escapes this module
    """A failure that retrying cannot fix."""


def outage_reason(exc: StoreUnavailableError) -> str:
    """Why a job was put back when the database went away during it (no driver text)."""
    return f"the database was unavailable during the job [{exc.code}]"


def _put_back_after_outage(
    database: Database, job: JobRecord, me: str, exc: StoreUnavailableError
) -> None:
    """Queue ``job`` again without counting its attempt: the database, not the job, failed.

    When the database is still away, a note in Redis (RQ workers) lets the next `jobs work`
    pass do the same (:func:`recover`); without one, recovery counts the attempt.
    """
    reason = outage_reason(exc)
    try:
        with database.transaction() as db:
            row = jobrows.get_job(db, job_id=job.id)
            if row.status is JobStatus.RUNNING and row.worker == me:
                jobrows.release_job(db, job_id=job.id, error=reason, refund=True)
    except Exception:  # noqa: BLE001 - the database is still away; the note below says why
        note_outage(job.id, me, reason)


def _close(
    database: Database, job: JobRecord, worker: str, status: JobStatus, message: str
) -> JobOutcome:
    with database.transaction() as db:
        jobrows.finish_job(db, job_id=job.id, worker=worker, status=status, error=message)
    return JobOutcome(job.id, status, message, job.attempts, job.max_attempts)


def _alive(worker: str | None) -> bool:
    """Whether ``worker`` (``host:pid``) may still be running; unknown hosts count as alive."""
    if not worker:
        return False
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(database: Database, *, now: dt.datetime | None = None) -> list[RecoveredJob]:
    """Re-queue running jobs whose worker died or whose lease expired (one log line each).

    A job that has used all its attempts is marked failed instead (and said so, as a warning;
    a re-queued job is logged at info level, so cron mail that carries stderr stays quiet).
    """
    now = now or dt.datetime.now(dt.UTC)
    found: list[RecoveredJob] = []
    with database.transaction() as db:
        stopped = []
        for job in jobrows.list_jobs(db, status=JobStatus.RUNNING):
            expired = job.lease_expires_at is None or job.lease_expires_at <= now
            if expired or not _alive(job.worker):
                stopped.append((job, expired))
        outages = take_outage_notes(
            database.settings, [(job.worker or "", job.id) for job, _ in stopped]
        )
        for job, expired in stopped:
            reason = outages.get(job.id) or (
                "worker stopped mid-job" if not expired else "job lease expired"
            )
            refund = job.id in outages
            status = jobrows.release_job(db, job_id=job.id, error=reason, refund=refund)
            attempts = job.attempts - 1 if refund else job.attempts
            found.append(
                RecoveredJob(job.id, status, reason, attempts, job.max_attempts, not refund)
            )
    for item in found:  # a retry is routine (info); a job out of attempts is a problem
        level = logging.WARNING if item.status is JobStatus.FAILED else logging.INFO
        logger.log(level, "%s", recovery_text(item))
    return found


def recovery_text(item: RecoveredJob) -> str:
    """One line saying what recovery did with a job (ids and counts only)."""
    if item.status is JobStatus.FAILED:
        return (
            f"job {item.job_id} failed after {item.attempts} attempt(s): {item.reason} "
            "(no attempt left)"
        )
    if not item.counted:
        return (
            f"job {item.job_id} interrupted ({item.reason}); queued again, that attempt not "
            f"counted ({item.attempts} of {item.max_attempts} used)"
        )
    return (
        f"job {item.job_id} interrupted ({item.reason}) at attempt {item.attempts} of "
        f"{item.max_attempts}; queued again"
    )
