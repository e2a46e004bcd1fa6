"""A session's analysis-job state: who may see it, and what each state reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_records import ADMIN, PASSWORD, client_with_consents, therapist, transcript

from alliancelens import services
from alliancelens.errors import AccessDeniedError, JobError
from alliancelens.jobs import JobHandler, Writer, run_job
from alliancelens.records.analysis import ANALYSE
from alliancelens.security.policy import Actor, Role
from alliancelens.storage import ConsentKind, Database, JobRecord, JobStatus

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
