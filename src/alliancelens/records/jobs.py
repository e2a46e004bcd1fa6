"""Job wiring for the record store: handlers by kind, the backend, and the worker entry points."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import importlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import text

from alliancelens.config import load_settings
from alliancelens.errors import AllianceLensError, StoreUnavailableError
from alliancelens.jobs import (
    InProcessBackend,
    JobBackend,
    JobHandler,
    JobOutcome,
    RecoveredJob,
    RQBackend,
    make_backend,
    recover,
    run_job,
)
from alliancelens.jobs.backends import enqueue, note_not_run
from alliancelens.jobs.health import StuckJob, stuck_jobs
from alliancelens.records._facts import client_target, session_target
from alliancelens.records.analysis import ANALYSE, analyse_job
from alliancelens.records.lifecycle import purge_expired
from alliancelens.security.policy import Action, Actor, Resource, Role, Target, decide, require
from alliancelens.storage import Database, JobRecord, JobStatus, jobrows, open_database
from alliancelens.storage.engine import redact_url, sqlite_path
from alliancelens.storage.fingerprints import content_secret

__all__ = [
    "HANDLERS",
    "MAX_HOPS",
    "NOT_RUN_HERE",
    "TAKEN_ELSEWHERE",
    "AnalysisStatus",
    "WorkReport",
    "analysis_status",
    "backend_for",
    "execute",
    "execute_from_environment",
    "list_jobs",
    "outcome_text",
    "store_tag",
    "work",
]

logger = logging.getLogger(__name__)

HANDLERS: Mapping[str, JobHandler] = {ANALYSE: analyse_job}


def execute(database: Database, job_id: int) -> JobOutcome:
    """Run one job in this process (if it is still queued)."""
    return run_job(database, job_id, HANDLERS)


def execute_from_environment(job_id: int, store: str | None = None, hops: int = 0) -> None:
    """Entry point for RQ workers: open the store from ``ALLIANCELENS_*`` and run one job.

    ``store`` is the tag of the store that queued the job (:func:`store_tag`; absent in
    messages of older versions). A job of another store sharing the queue is handed back (at
    most :data:`MAX_HOPS` times), never run here. When the database cannot be used, one line is
    logged instead of a traceback and the job stays queued in its database for `jobs work`.
    """
    try:
        database = open_database(load_settings())
    except AllianceLensError as exc:
        logger.warning("job %s not run: %s [%s]; it stays queued", job_id, exc.message, exc.code)
        note_not_run(
            job_id, store, f"this worker cannot open the store: {exc.message} [{exc.code}]"
        )
        return
    try:
        here = store_tag(database) if store is not None else None
        if here is not None and store != here:
            _hand_back(job_id, store=store, here=here, hops=hops)
            return
        execute(database, job_id)
    except StoreUnavailableError as exc:
        logger.warning(
            "job %s not run: %s [%s]; `alliancelens jobs work` retries it",
            job_id,
            exc.message,
            exc.code,
        )
    finally:
        database.close()


#: How often a worker of another store hands a message back before leaving it: the job stays
#: queued in its own database and that store's next `jobs work` queues it again.
MAX_HOPS = 3


def _hand_back(job_id: int, *, store: str | None, here: str, hops: int) -> None:
    """Put another store's message back on the queue it came from (one log line)."""
    current = importlib.import_module("rq").get_current_job()
    advice = "give each store its own ALLIANCELENS_QUEUE_NAME (docs/deployment.md)"
    if current is None or hops >= MAX_HOPS:
        note_not_run(
            job_id, store, f"only workers of another record store (tag {here}) took it; {advice}"
        )
        logger.warning(
            "job %s belongs to another record store (tag %s; this worker's store is %s): not "
            "run, left queued in its own database; %s",
            job_id,
            store,
            here,
            advice,
        )
        return
    queue = importlib.import_module("rq").Queue(current.origin, connection=current.connection)
    enqueue(queue, job_id, store=store, hops=hops + 1)
    logger.warning(
        "job %s belongs to another record store (tag %s; this worker's store is %s): not run, "
        "handed back to queue %s; %s",
        job_id,
        store,
        here,
        current.origin,
        advice,
    )


def store_tag(database: Database) -> str:
    """A short tag naming this record store *at this location* (put in every queue message).

    A keyed digest of the store's own secret (the same in a restored copy) and where the data
    lives (the SQLite file, or the PostgreSQL database name), so a test or restored copy next
    to production gets another tag. Not reversible; no client data.
    """
    url = database.settings.resolved_database_url
    with database.transaction() as db:
        secret = content_secret(db)
        path = sqlite_path(url)
        if path is not None:
            location = f"sqlite:{path.resolve()}"
        elif database.engine.dialect.name == "postgresql":
            location = f"postgresql:{db.scalar(text('SELECT current_database()'))}"
        else:
            location = redact_url(url)
    digest = hmac.new(secret, f"alliancelens queue:{location}".encode(), hashlib.sha256)
    return digest.hexdigest()[:16]


def backend_for(database: Database) -> JobBackend:
    """The configured backend: RQ when ``redis_url`` is set, else in-process on ``database``."""
    return make_backend(
        database.settings, lambda job_id: execute(database, job_id), lambda: store_tag(database)
    )


@dataclass(frozen=True, slots=True)
class WorkReport:
    """What one ``jobs work`` pass did."""

    recovered: tuple[RecoveredJob, ...]  # jobs of workers that died before this pass
    outcomes: tuple[JobOutcome, ...]  # one per job queued at the start of this pass
    backend: str
    purged: tuple[int, ...] = ()
    #: Queued jobs no worker of this store runs: a worker said why, or they waited too long.
    stuck: tuple[StuckJob, ...] = ()

    @property
    def run(self) -> int:
        """How many of the queued jobs a worker of this store ran (or started) in this pass."""
        return sum(1 for outcome in self.outcomes if outcome.ran)

    @property
    def failed(self) -> tuple[int, ...]:
        """Jobs that failed for good in this pass (recovery out of attempts, or run and failed)."""
        ids = [r.job_id for r in self.recovered if r.status is JobStatus.FAILED]
        ids += [o.job_id for o in self.outcomes if o.status is JobStatus.FAILED]
        return tuple(dict.fromkeys(ids))


def work(
    database: Database,
    actor: Actor,
    *,
    backend: JobBackend | None = None,
    now: dt.datetime | None = None,
) -> WorkReport:
    """Apply the retention period, recover jobs of dead workers, then run or queue every job.

    Each worker pass first purges raw text older than ``retention_days`` (when set), so the
    retention setting takes effect wherever a worker runs, not only on `purge-expired`. With
    RQ, jobs whose work-horse died during this pass are recovered at its end, so each outcome
    says what happened to the job (done, interrupted and queued again, failed for good) rather
    than "running"; a job no worker of this store took is reported as not run.
    """
    require(actor, Action.UPDATE, Target(Resource.SYSTEM))
    purged = tuple(purge_expired(database, actor, now=now))
    backend = backend or backend_for(database)
    recovered = tuple(recover(database))
    with database.transaction() as db:
        queued = {job.id: job.attempts for job in jobrows.list_jobs(db, status=JobStatus.QUEUED)}
    if isinstance(backend, InProcessBackend):
        outcomes = tuple(execute(database, job_id) for job_id in queued)
        return WorkReport(recovered, outcomes, backend.name, purged)
    for job_id in queued:
        backend.submit(job_id)
    if isinstance(backend, RQBackend):
        backend.work(burst=True)
    recover(database)  # work-horses killed during this pass: their jobs are queued again
    with database.transaction() as db:
        rows = [jobrows.get_job(db, job_id=job_id) for job_id in queued]
    notes: dict[int, str] = {}
    busy: set[int] = set()
    if isinstance(backend, RQBackend):
        waiting = [job.id for job in rows if job.attempts == queued[job.id]]
        notes = backend.not_run_notes(waiting)
        busy = backend.in_progress(job_id for job_id in waiting if job_id not in notes)
        # re-check at the end of the pass: a long-running worker of this store may have taken
        # a job this pass queued (QA41 #2); it is then running or done there, not "not run"
        with database.transaction() as db:
            rows = [jobrows.get_job(db, job_id=job_id) for job_id in queued]
    outcomes = tuple(_observed(job, queued[job.id], busy=job.id in busy) for job in rows)
    if isinstance(backend, RQBackend):
        backend.forget_notes(o.job_id for o in outcomes if o.ran)
    stuck = stuck_jobs(rows, outcomes, notes, now or dt.datetime.now(dt.UTC), busy)
    return WorkReport(recovered, outcomes, backend.name, purged, stuck)


#: Why a queued job was not run by this pass's RQ worker (its row did not change).
NOT_RUN_HERE = (
    "not run: no worker of this store ran it in this pass (another worker on this queue took it "
    "and could not run it, or it is busy; its log says why); the next `jobs work` queues it "
    "again"
)


#: A queued job whose message a worker on the queue is running at the end of the pass (the
#: long-running worker took it before this pass's own worker): running, not an alarm.
TAKEN_ELSEWHERE = (
    "taken by another worker on this queue, which is running it (`alliancelens jobs list` "
    "shows when it is done)"
)


def _observed(job: JobRecord, attempts_before: int, *, busy: bool = False) -> JobOutcome:
    """What happened to a job handed to RQ, read back from its row after the pass."""
    counts = (job.attempts, job.max_attempts)
    if job.attempts == attempts_before:
        message = NOT_RUN_HERE if job.status is JobStatus.QUEUED else None
        if job.status is JobStatus.QUEUED and busy:
            message = TAKEN_ELSEWHERE
        return JobOutcome(job.id, job.status, message, *counts, ran=False)
    if job.status is JobStatus.RUNNING:
        return JobOutcome(job.id, job.status, "still running in another worker", *counts)
    message = None if job.status is JobStatus.DONE else job.error
    return JobOutcome(job.id, job.status, message, *counts)


def outcome_text(outcome: JobOutcome) -> str:
    """One line saying what happened to a job in a pass (ids, counts and our messages only)."""
    of = (
        f" at attempt {outcome.attempts} of {outcome.max_attempts}"
        if outcome.attempts is not None
        else ""
    )
    why = f" ({outcome.message})" if outcome.message else ""
    if outcome.status is None:
        return f"job {outcome.job_id}: not run{why}"
    if not outcome.ran and outcome.status is JobStatus.QUEUED:
        return f"job {outcome.job_id}: queued, {outcome.message}"
    if outcome.status is JobStatus.DONE:
        return f"job {outcome.job_id}: done{of}"
    if outcome.status is JobStatus.QUEUED:
        return f"job {outcome.job_id}: interrupted{why}{of}; will be retried"
    if outcome.status is JobStatus.FAILED:
        return f"job {outcome.job_id}: failed after {outcome.attempts} attempt(s){why}"
    return f"job {outcome.job_id}: {outcome.status.value}{why}"


def list_jobs(
    database: Database, actor: Actor, *, status: JobStatus | None = None
) -> list[JobRecord]:
    """Jobs (ids, kinds and states only): every job for administrators.

    A therapist gets, read-only, the jobs of their own clients' sessions (QA29 item 7: the import
    message points to `jobs list`, and a solo therapist has no one to ask); every other role is
    refused. Running jobs (:func:`work`) stays with administrators.
    """
    if actor.role is not Role.THERAPIST:
        require(actor, Action.VIEW, Target(Resource.SYSTEM))
    with database.transaction() as db:
        jobs = jobrows.list_jobs(db, status=status)
        if actor.role is not Role.THERAPIST:
            return jobs
        owned: dict[int, bool] = {}
        for client_id in {j.client_id for j in jobs if j.client_id is not None}:
            target = client_target(db, client_id=client_id, resource=Resource.ANALYSIS)
            owned[client_id] = decide(actor, Action.VIEW, target).allowed
    return [j for j in jobs if j.client_id is not None and owned[j.client_id]]


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
