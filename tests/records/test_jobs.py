"""A session's analysis-job state: who may see it, and what each state reports."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from helpers_records import ADMIN, PASSWORD, client_with_consents, therapist, transcript
from sqlalchemy import update

from alliancelens import services
from alliancelens.errors import AccessDeniedError, JobError
from alliancelens.jobs import JobHandler, JobOutcome, RecoveredJob, Writer, run_job
from alliancelens.records.analysis import ANALYSE
from alliancelens.records.jobs import (
    NOT_RUN_HERE,
    WorkReport,
    execute_from_environment,
    outcome_text,
    store_tag,
)
from alliancelens.security.policy import Actor, Role
from alliancelens.storage import ConsentKind, Database, JobRecord, JobStatus, jobrows
from alliancelens.storage.crypto import encode_key, generate_key
from alliancelens.storage.tables import JobRow
from alliancelens.storage.testing import temporary_store

BOTH = (ConsentKind.RECORDING, ConsentKind.ANALYSIS)


class Hold:
    """A backend that leaves jobs queued (as Redis does until a worker runs)."""

    name = "hold"

    def submit(self, job_id: int) -> None:
        """Keep the job queued."""
        del job_id


def _failing(message: str) -> JobHandler:
    """A job handler that fails permanently with ``message``."""

    def handler(database: Database, job: JobRecord) -> Writer:
        raise JobError(message)

    return handler


def _queued(store: Database, tmp_path: Path) -> tuple[Actor, int, int, int]:
    """A therapist's client with one imported, not yet analysed session.

    Returns (therapist, client, session, job).
    """
    lee = therapist(store, "dr-lee")
    client = client_with_consents(store, lee, *BOTH)
    report = services.import_transcript(
        store, lee, client_id=client, path=transcript(tmp_path), backend=Hold()
    )
    return lee, client, report.session_ids[0], report.job_ids[0]


def test_therapist_sees_the_queued_job_of_their_session(store: Database, tmp_path: Path) -> None:
    """An import whose job is not yet worked reports that job as queued to the therapist."""
    lee, _, session, job = _queued(store, tmp_path)
    status = services.analysis_status(store, lee, session_id=session)
    assert status is not None and status.job_id == job and status.status is JobStatus.QUEUED
    assert status.reason is None and status.finished_at is None


def test_another_therapist_is_refused(store: Database, tmp_path: Path) -> None:
    """Another therapist may not read the job state of a session that is not theirs."""
    _, _, session, _ = _queued(store, tmp_path)
    kim = therapist(store, "dr-kim")
    with pytest.raises(AccessDeniedError):
        services.analysis_status(store, kim, session_id=session)


def test_therapist_lists_only_the_jobs_of_their_own_clients(
    store: Database, tmp_path: Path
) -> None:
    """jobs list: a therapist sees their clients' jobs only; an administrator sees every job."""
    lee, _, _, job = _queued(store, tmp_path)
    kim = therapist(store, "dr-kim")
    other = client_with_consents(store, kim, *BOTH)
    theirs = services.import_transcript(
        store, kim, client_id=other, path=transcript(tmp_path, "k.txt"), backend=Hold()
    ).job_ids[0]
    assert [j.id for j in services.list_jobs(store, lee)] == [job]
    assert [j.id for j in services.list_jobs(store, kim)] == [theirs]
    assert [j.id for j in services.list_jobs(store, ADMIN)] == [job, theirs]


def test_therapist_may_not_run_jobs_nor_a_supervisor_list_them(
    store: Database, tmp_path: Path
) -> None:
    """Running jobs stays with administrators; a supervisor may not list jobs at all."""
    lee, _, _, _ = _queued(store, tmp_path)
    user = services.create_user(
        store, ADMIN, username="sup", password=PASSWORD, role=Role.SUPERVISOR
    )
    with pytest.raises(AccessDeniedError):
        services.work(store, lee)
    with pytest.raises(AccessDeniedError):
        services.list_jobs(store, services.actor_for(store, user))


def test_failed_job_reports_its_short_reason(store: Database, tmp_path: Path) -> None:
    """A failed analysis job reports failed with the error's first line, cut to 200 chars."""
    _, _, session, job = _queued(store, tmp_path)
    long_reason = "synthetic analyser breakdown " + "x" * 400 + "\nsecond line"
    assert run_job(store, job, {ANALYSE: _failing(long_reason)}).status is JobStatus.FAILED
    status = services.analysis_status(store, ADMIN, session_id=session)
    assert status is not None and status.status is JobStatus.FAILED
    assert status.reason is not None and status.reason.startswith("synthetic analyser breakdown")
    assert len(status.reason) == 200 and "second line" not in status.reason


def test_done_job_and_no_job(store: Database, tmp_path: Path) -> None:
    """A worked job reports done; a session imported without analysis has no job (None)."""
    lee, client, session, job = _queued(store, tmp_path)
    services.work(store, ADMIN)
    done = services.analysis_status(store, lee, session_id=session)
    assert done is not None and done.job_id == job and done.status is JobStatus.DONE
    other = services.import_transcript(
        store, lee, client_id=client, path=transcript(tmp_path, "b.txt"), analyse=False
    )
    assert services.analysis_status(store, lee, session_id=other.session_ids[0]) is None


def test_each_session_reports_only_its_own_job(store: Database, tmp_path: Path) -> None:
    """Two sessions of one client: a failure of one never shows as the other's state."""
    lee, client, first, first_job = _queued(store, tmp_path)
    second = services.import_transcript(
        store, lee, client_id=client, path=transcript(tmp_path, "b.txt"), backend=Hold()
    )
    run_job(store, first_job, {ANALYSE: _failing("synthetic failure")})
    mine = services.analysis_status(store, lee, session_id=second.session_ids[0])
    assert mine is not None and mine.job_id == second.job_ids[0]
    assert mine.status is JobStatus.QUEUED and mine.job_id != first_job
    assert services.analysis_status(store, lee, session_id=first) is not None


def test_supervisor_sees_state_only_of_shared_sessions(store: Database, tmp_path: Path) -> None:
    """A supervisor reads the job state once the session is shared with consent, not before."""
    lee, client, session, _ = _queued(store, tmp_path)
    user = services.create_user(
        store, ADMIN, username="sup", password=PASSWORD, role=Role.SUPERVISOR
    )
    services.add_supervision(store, ADMIN, supervisor="sup", therapist="dr-lee")
    supervisor = services.actor_for(store, user)
    with pytest.raises(AccessDeniedError):
        services.analysis_status(store, supervisor, session_id=session)
    services.grant_consent(store, lee, client_id=client, kind=ConsentKind.SUPERVISION_SHARING)
    services.share_session(store, lee, session_id=session)
    supervisor = services.actor_for(store, user)
    status = services.analysis_status(store, supervisor, session_id=session)
    assert status is not None and status.status is JobStatus.QUEUED


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        (JobOutcome(3, JobStatus.DONE, None, 2, 3), "job 3: done at attempt 2 of 3"),
        (
            JobOutcome(5, JobStatus.QUEUED, "worker stopped mid-job", 1, 3),
            "job 5: interrupted (worker stopped mid-job) at attempt 1 of 3; will be retried",
        ),
        (
            JobOutcome(6, JobStatus.FAILED, "worker stopped mid-job", 3, 3),
            "job 6: failed after 3 attempt(s) (worker stopped mid-job)",
        ),
        (
            JobOutcome(8, JobStatus.QUEUED, NOT_RUN_HERE, 0, 3, ran=False),
            f"job 8: queued, {NOT_RUN_HERE}",
        ),
        (JobOutcome(9, None, "not queued", ran=False), "job 9: not run (not queued)"),
    ],
)
def test_outcome_text_says_what_happened_to_the_job(outcome: JobOutcome, expected: str) -> None:
    """Each pass outcome reads as done / interrupted, retried / failed after N / not run here."""
    assert outcome_text(outcome) == expected


def test_work_report_counts_only_jobs_run_here_and_lists_failures() -> None:
    """A job left queued is not "run"; failures come from recovery and from the pass, once each."""
    report = WorkReport(
        recovered=(
            RecoveredJob(1, JobStatus.FAILED, "worker stopped mid-job", 3, 3),
            RecoveredJob(2, JobStatus.QUEUED, "job lease expired", 1, 3),
        ),
        outcomes=(
            JobOutcome(2, JobStatus.FAILED, "synthetic breakdown [AL609]", 2, 3),
            JobOutcome(4, JobStatus.QUEUED, NOT_RUN_HERE, 0, 3, ran=False),
            JobOutcome(5, JobStatus.DONE, None, 1, 3),
        ),
        backend="rq",
    )
    assert report.run == 2 and report.failed == (1, 2)


def test_in_process_pass_fails_a_job_for_good(store: Database, tmp_path: Path) -> None:
    """A job recovered after its last attempt is in `failed`, so `jobs work` can exit non-zero."""
    _, _, _, job = _queued(store, tmp_path)
    with store.transaction() as db:
        db.execute(
            update(JobRow)
            .where(JobRow.id == job)
            .values(status="running", attempts=3, max_attempts=3, worker="vanished-host:1")
        )
    report = services.work(store, ADMIN)
    assert report.failed == (job,) and report.outcomes == () and report.run == 0


def test_store_tag_is_stable_and_differs_between_stores(tmp_path: Path) -> None:
    """The queue tag is the same on every call for one store and different for another store."""
    with (
        temporary_store("sqlite", tmp_path / "one") as one,
        temporary_store("sqlite", tmp_path / "two") as two,
    ):
        assert store_tag(one) == store_tag(one) and len(store_tag(one)) == 16
        assert store_tag(one) != store_tag(two)


def test_worker_of_another_store_does_not_run_the_job(
    store: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A message tagged for another store leaves this store's job of the same id queued."""
    _, _, _, job = _queued(store, tmp_path)
    _environment_of(store, monkeypatch)
    with caplog.at_level(logging.WARNING, logger="alliancelens.records.jobs"):
        execute_from_environment(job, store="0123456789abcdef")
    with store.transaction() as db:
        assert jobrows.get_job(db, job_id=job).status is JobStatus.QUEUED
    assert "belongs to another record store" in caplog.text
    execute_from_environment(job, store=store_tag(store))
    with store.transaction() as db:
        assert jobrows.get_job(db, job_id=job).status is JobStatus.DONE


def test_worker_logs_one_line_when_the_database_is_down(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """An RQ worker that cannot reach the database logs one AL611 line, no traceback."""
    for name in [n for n in os.environ if n.startswith("ALLIANCELENS_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("ALLIANCELENS_HOME", str(tmp_path))
    monkeypatch.setenv("ALLIANCELENS_DATABASE_URL", "postgresql://nobody:pw@127.0.0.1:9/none")
    monkeypatch.setenv("ALLIANCELENS_KEY", encode_key(generate_key()))
    with caplog.at_level(logging.WARNING, logger="alliancelens.records.jobs"):
        execute_from_environment(12, store="0123456789abcdef")
    assert len(caplog.records) == 1 and "[AL611]" in caplog.text
    assert "Traceback" not in caplog.text and "pw@" not in caplog.text


def _environment_of(store: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point ALLIANCELENS_* at ``store`` (what an RQ worker opens)."""
    for name in [n for n in os.environ if n.startswith("ALLIANCELENS_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("ALLIANCELENS_HOME", str(store.settings.home))
    monkeypatch.setenv("ALLIANCELENS_DATABASE_URL", store.settings.resolved_database_url)
    if store.settings.key is not None:
        monkeypatch.setenv("ALLIANCELENS_KEY", store.settings.key.get_secret_value())
