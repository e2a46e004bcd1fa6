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
from alliancelens.records.analysis import ANALYSE, analyse_job
from alliancelens.records.lifecycle import purge_expired
from alliancelens.security.policy import Action, Actor, Resource, Target, require
from alliancelens.storage import Database, JobRecord, JobStatus, jobrows, open_database

__all__ = [
    "HANDLERS",
    "WorkReport",
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
