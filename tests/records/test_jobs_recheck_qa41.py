"""A `jobs work` pass re-checks jobs at its end: one a long-running worker took is no alarm."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from helpers_records import ADMIN, client_with_consents, therapist, transcript
from sqlalchemy import update
from test_jobs import Hold

from alliancelens import services
from alliancelens.jobs import RQBackend
from alliancelens.records.jobs import TAKEN_ELSEWHERE, execute, outcome_text, work
from alliancelens.storage import ConsentKind, Database
from alliancelens.storage.tables import JobRow


class _SharedQueue(RQBackend):
    """An RQ backend whose queue a long-running worker of the same store also serves."""

    def __init__(self, database: Database, *, finishes: bool) -> None:  # no Redis needed
        self.name, self.store, self.database, self.finishes = "rq", "ours", database, finishes

    def submit(self, job_id: int) -> None:
        """The message goes to the queue (the long-running worker takes it first)."""

    def work(self, *, burst: bool = True) -> bool:
        """This pass's own worker finds the queue empty."""
        return False

    def not_run_notes(self, job_ids: Iterable[int]) -> dict[int, str]:
        """No note; meanwhile the long-running worker claims (and maybe finishes) the job."""
        for job_id in job_ids:
            if self.finishes:
                execute(self.database, job_id)
        return {}

    def in_progress(self, job_ids: Iterable[int]) -> set[int]:
        """The long-running worker holds the message until it has run the job."""
        return set() if self.finishes else set(job_ids)

    def forget_notes(self, job_ids: Iterable[int]) -> None:
        """Nothing to forget."""


def _old_job(store: Database, tmp_path: Path) -> int:
    """One queued analysis job, queued two hours ago (past the stuck limit)."""
    lee = therapist(store, "dr-lee")
    client = client_with_consents(store, lee, ConsentKind.RECORDING, ConsentKind.ANALYSIS)
    path = transcript(tmp_path)
    job = services.import_transcript(store, lee, client_id=client, path=path, backend=Hold())
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
    with store.transaction() as db:
        db.execute(update(JobRow).where(JobRow.id == job.job_ids[0]).values(queued_at=long_ago))
    return job.job_ids[0]


def test_a_job_another_worker_ran_during_the_pass_is_reported_done(
    store: Database, tmp_path: Path
) -> None:
    """Re-read at the end of the pass, a job the long-running worker ran is done, not stuck."""
    job_id = _old_job(store, tmp_path)
    report = work(store, ADMIN, backend=_SharedQueue(store, finishes=True))
    assert report.stuck == ()
    assert outcome_text(report.outcomes[0]).startswith(f"job {job_id}: done")


def test_a_job_another_worker_is_running_is_not_an_alarm(store: Database, tmp_path: Path) -> None:
    """A job whose message a worker on the queue holds is reported as taken, not stuck."""
    job_id = _old_job(store, tmp_path)
    report = work(store, ADMIN, backend=_SharedQueue(store, finishes=False))
    assert report.stuck == ()
    assert outcome_text(report.outcomes[0]) == f"job {job_id}: queued, {TAKEN_ELSEWHERE}"
