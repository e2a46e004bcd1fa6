"""Job execution: claim once, retry unexpected failures, stop on permanent ones, recover."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from alliancelens.errors import JobError, StoreUnavailableError
from alliancelens.jobs import RecoveredJob, recover, recovery_text, run_job, worker_name
from alliancelens.storage import Database, JobRecord, JobStatus, jobrows
from alliancelens.storage.tables import JobRow


def _job(store: Database, key: str = "k", max_attempts: int = 3) -> int:
    with store.transaction() as db:
        job, fresh = jobrows.enqueue_job(
            db, kind="test", key=key, client_id=None, session_id=None, max_attempts=max_attempts
        )
    assert fresh
    return job.id


def _status(store: Database, job_id: int) -> JobRecord:
    with store.transaction() as db:
        return jobrows.get_job(db, job_id=job_id)


def test_enqueue_is_idempotent(store: Database) -> None:
    """The same idempotency key gives the same job and asks for no second run."""
    first = _job(store)
    with store.transaction() as db:
        again, fresh = jobrows.enqueue_job(
            db, kind="test", key="k", client_id=None, session_id=None, max_attempts=3
        )
    assert (again.id, fresh) == (first, False)


def test_done_job_is_not_run_again(store: Database) -> None:
    """A finished job is skipped by later workers (duplicate queue messages are harmless)."""
    calls: list[int] = []

    def handler(database: Database, job: JobRecord):
        calls.append(job.id)
        return lambda _db: None

    job_id = _job(store)
    assert run_job(store, job_id, {"test": handler}).status is JobStatus.DONE
    assert run_job(store, job_id, {"test": handler}).status is None
    assert calls == [job_id]


def test_unexpected_failures_are_retried_then_fail(store: Database) -> None:
    """An unexpected exception re-queues the job until max_attempts, then marks it failed."""

    def handler(database: Database, job: JobRecord):
        raise RuntimeError("secret transcript words")

    job_id = _job(store, max_attempts=2)
    assert run_job(store, job_id, {"test": handler}).status is JobStatus.QUEUED
    outcome = run_job(store, job_id, {"test": handler})
    record = _status(store, job_id)
    assert outcome.status is JobStatus.FAILED and record.attempts == 2
    assert record.error == "internal error (RuntimeError)"  # the type only: never the message


def test_our_errors_fail_at_once(store: Database) -> None:
    """One of our errors is permanent: failed after one attempt, with its message and code."""

    def handler(database: Database, job: JobRecord):
        raise JobError("session 3's text was purged")

    job_id = _job(store)
    assert run_job(store, job_id, {"test": handler}).status is JobStatus.FAILED
    assert _status(store, job_id).error == "session 3's text was purged [AL609]"


def test_results_and_done_commit_together(store: Database) -> None:
    """If storing results fails, the job is not marked done."""

    def handler(database: Database, job: JobRecord):
        def store_results(db: object) -> None:
            raise RuntimeError("disk full")

        return store_results

    job_id = _job(store)
    run_job(store, job_id, {"test": handler})
    assert _status(store, job_id).status is JobStatus.QUEUED


def test_recover_requeues_dead_and_expired_workers(store: Database) -> None:
    """Running jobs of a dead local process or with an expired lease go back to the queue."""
    dead, expired, alive = _job(store, "a"), _job(store, "b"), _job(store, "c")
    now = dt.datetime.now(dt.UTC)
    with store.transaction() as db:
        for job_id, worker, lease in (
            (dead, f"{worker_name().rpartition(':')[0]}:999999999", now + dt.timedelta(hours=1)),
            (expired, "elsewhere:1", now - dt.timedelta(seconds=1)),
            (alive, worker_name(), now + dt.timedelta(hours=1)),
        ):
            db.execute(
                update(JobRow)
                .where(JobRow.id == job_id)
                .values(status="running", attempts=1, worker=worker, lease_expires_at=lease)
            )
    found = {item.job_id: item for item in recover(store)}
    assert sorted(found) == [dead, expired]
    assert found[dead].reason == "worker stopped mid-job"
    assert found[expired].reason == "job lease expired"
    assert {item.status for item in found.values()} == {JobStatus.QUEUED}
    assert _status(store, alive).status is JobStatus.RUNNING


@pytest.mark.parametrize("attempts", [3])
def test_recover_fails_a_job_out_of_attempts(store: Database, attempts: int) -> None:
    """A crashed job that already used every attempt is marked failed, not re-queued."""
    job_id = _job(store, max_attempts=attempts)
    with store.transaction() as db:
        db.execute(
            update(JobRow)
            .where(JobRow.id == job_id)
            .values(status="running", attempts=attempts, worker="gone:1")
        )
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    assert recover(store, now=later) == [
        RecoveredJob(job_id, JobStatus.FAILED, "job lease expired", attempts, attempts)
    ]
    assert _status(store, job_id).status is JobStatus.FAILED


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        (
            RecoveredJob(4, JobStatus.QUEUED, "worker stopped mid-job", 1, 3),
            "job 4 interrupted (worker stopped mid-job) at attempt 1 of 3; queued again",
        ),
        (
            RecoveredJob(9, JobStatus.FAILED, "job lease expired", 2, 2),
            "job 9 failed after 2 attempt(s): job lease expired (no attempt left)",
        ),
    ],
)
def test_recovery_text_says_retry_or_failed_for_good(item: RecoveredJob, expected: str) -> None:
    """A recovered job is "queued again" or "failed after N attempt(s)", never just "recovered"."""
    assert recovery_text(item) == expected


def test_store_outage_mid_job_queues_it_again_without_using_an_attempt(store: Database) -> None:
    """A database outage during a job propagates; the job is queued, not running, not counted."""

    def handler(database: Database, job: JobRecord):
        raise StoreUnavailableError("the synthetic database went away")

    job_id = _job(store)
    with pytest.raises(StoreUnavailableError):
        run_job(store, job_id, {"test": handler})
    after = _status(store, job_id)
    assert (after.status, after.attempts, after.worker) == (JobStatus.QUEUED, 0, None)
    assert after.error == "the database was unavailable during the job [AL611]"


def test_an_uncounted_recovery_says_so() -> None:
    """A job put back after a database outage is "queued again, that attempt not counted"."""
    item = RecoveredJob(4, JobStatus.QUEUED, "the database was unavailable", 0, 3, counted=False)
    assert recovery_text(item) == (
        "job 4 interrupted (the database was unavailable); queued again, that attempt not "
        "counted (0 of 3 used)"
    )
