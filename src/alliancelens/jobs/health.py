"""Jobs that stay queued: which ones a `jobs work` pass should raise an alarm about, and why.

A job the pass handed to RQ but no worker of this store ran is *stuck* when a worker said why it
could not run it (a note: it cannot open the store, wrong ``ALLIANCELENS_HOME`` or key, or the
message belongs to another store), or when it has waited longer than :data:`STUCK_AFTER` since
it was queued or last started. ``jobs work`` then exits non-zero with one line naming the cause.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from alliancelens.jobs.worker import JobOutcome
from alliancelens.storage import JobRecord, JobStatus

__all__ = ["STUCK_AFTER", "StuckJob", "stuck_jobs", "stuck_text"]

#: How long a queued job may wait without any worker of its store running it before `jobs work`
#: reports it (a pass every few minutes runs a job within one pass when a worker is healthy).
STUCK_AFTER: Final = dt.timedelta(minutes=30)


@dataclass(frozen=True, slots=True)
class StuckJob:
    """A queued job no worker of this store runs, and the cause when a worker told it."""

    job_id: int
    waiting_since: dt.datetime
    cause: str | None  # a worker's note (our own error text), or None when not known


def _waiting_since(job: JobRecord) -> dt.datetime:
    """When the job last went into the queue (queued, or its interrupted run started)."""
    times = [t for t in (job.queued_at, job.started_at) if t is not None]
    latest = max(times)
    return latest if latest.tzinfo else latest.replace(tzinfo=dt.UTC)


def stuck_jobs(
    jobs: Sequence[JobRecord],
    outcomes: Sequence[JobOutcome],
    notes: Mapping[int, str],
    now: dt.datetime,
    busy: Collection[int] = (),
) -> tuple[StuckJob, ...]:
    """The jobs of ``outcomes`` no worker ran that a worker explained or that waited too long.

    ``jobs`` are the rows as read at the end of the pass (a job another worker of this store
    took meanwhile is running or done there, not stuck); ``busy`` are jobs whose message a
    worker on the queue is running now without having said it cannot (no note): not stuck.
    """
    by_id = {job.id: job for job in jobs}
    found = []
    for outcome in outcomes:
        job = by_id.get(outcome.job_id)
        if outcome.ran or job is None or job.status is not JobStatus.QUEUED:
            continue
        since = _waiting_since(job)
        cause = notes.get(job.id)
        if cause is None and job.id in busy:
            continue
        if cause is not None or now - since > STUCK_AFTER:
            found.append(StuckJob(job.id, since, cause))
    return tuple(found)


def stuck_text(stuck: Sequence[StuckJob]) -> str:
    """One line for stderr: the stuck jobs and the cause (the first a worker gave), or a hint."""
    ids = ", ".join(str(item.job_id) for item in stuck)
    causes = [item.cause for item in stuck if item.cause]
    if causes:
        return (
            f"error: job(s) {ids} not run: a worker took them but could not run them: "
            f"{causes[0]}; fix that worker's settings (ALLIANCELENS_HOME, key, database URL) "
            "and restart it (docs/deployment.md section 12)"
        )
    minutes = int(STUCK_AFTER.total_seconds() // 60)
    return (
        f"error: job(s) {ids} queued for over {minutes} minutes and not run by any worker of "
        "this store; check that the worker service is running and read its log "
        "(docs/deployment.md section 12)"
    )
