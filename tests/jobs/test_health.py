"""Which queued jobs a `jobs work` pass reports as stuck, and the one line it prints for them."""

from __future__ import annotations

import datetime as dt

import pytest

from alliancelens.jobs import JobOutcome
from alliancelens.jobs.health import STUCK_AFTER, StuckJob, stuck_jobs, stuck_text
from alliancelens.storage import JobRecord, JobStatus

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _job(job_id: int, status: JobStatus, *, waited: dt.timedelta) -> JobRecord:
    return JobRecord(
        id=job_id,
        kind="analyse",
        idempotency_key=f"k{job_id}",
        status=status,
        session_id=1,
        client_id=1,
        attempts=0,
        max_attempts=3,
        error=None,
        worker=None,
        queued_at=NOW - waited,
        started_at=None,
        finished_at=None,
        lease_expires_at=None,
    )


def _not_run(job_id: int) -> JobOutcome:
    return JobOutcome(job_id, JobStatus.QUEUED, "not run", 0, 3, ran=False)


@pytest.mark.parametrize(
    ("waited", "notes", "expected"),
    [
        (dt.timedelta(minutes=2), {}, ()),
        (STUCK_AFTER + dt.timedelta(minutes=1), {}, ((4, None),)),
        (dt.timedelta(minutes=2), {4: "cannot open the store [AL601]"}, ((4, "cannot open"),)),
    ],
    ids=["fresh", "waited-too-long", "worker-said-why"],
)
def test_a_job_no_worker_ran_is_stuck_when_explained_or_old(
    waited: dt.timedelta, notes: dict[int, str], expected: tuple[tuple[int, str | None], ...]
) -> None:
    """A fresh job is not stuck; a note from a worker or a long wait makes it stuck."""
    found = stuck_jobs([_job(4, JobStatus.QUEUED, waited=waited)], [_not_run(4)], notes, NOW)
    got = tuple((s.job_id, s.cause[:11] if s.cause else None) for s in found)
    assert got == expected


def test_jobs_that_ran_or_left_the_queue_are_never_stuck() -> None:
    """Done jobs and jobs this pass ran are not reported, however old."""
    old = STUCK_AFTER * 3
    jobs = [_job(1, JobStatus.DONE, waited=old), _job(2, JobStatus.QUEUED, waited=old)]
    outcomes = [_not_run(1), JobOutcome(2, JobStatus.QUEUED, None, 1, 3, ran=True)]
    assert stuck_jobs(jobs, outcomes, {1: "x", 2: "y"}, NOW) == ()


def test_stuck_line_names_the_workers_cause_or_points_at_the_worker() -> None:
    """The line quotes the first cause a worker gave; without one it says to check the worker."""
    told = stuck_text([StuckJob(7, NOW, None), StuckJob(9, NOW, "bad key file [AL601]")])
    silent = stuck_text([StuckJob(7, NOW, None)])
    assert told.startswith("error: job(s) 7, 9 not run") and "bad key file [AL601]" in told
    assert "over 30 minutes" in silent and "worker service is running" in silent
    assert "\n" not in told + silent


def test_a_job_another_worker_is_running_now_is_not_stuck() -> None:
    """An old queued job whose message a worker is running (no note) is busy, not stuck."""
    old = _job(4, JobStatus.QUEUED, waited=STUCK_AFTER * 2)
    assert stuck_jobs([old], [_not_run(4)], {}, NOW, busy={4}) == ()
    explained = stuck_jobs([old], [_not_run(4)], {4: "cannot open the store"}, NOW, busy={4})
    assert [s.job_id for s in explained] == [4]  # a worker that said why still raises it
