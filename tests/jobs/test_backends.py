"""Backends: in-process by default, RQ when a Redis URL is set; queues carry only job ids."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import update

from alliancelens import records, services
from alliancelens.config import Settings
from alliancelens.errors import JobError, QueueUnavailableError
from alliancelens.jobs import InProcessBackend, RQBackend, make_backend, recover
from alliancelens.jobs.backends import NOTES_KEY, OUTAGES_KEY, note_outage, queue_problem
from alliancelens.storage import ConsentKind, JobStatus, jobrows
from alliancelens.storage.tables import JobRow
from alliancelens.storage.testing import temporary_store

ADMIN = services.local_admin()
NAME = "Ysolde Brackenridge"  # synthetic; must never reach Redis


def test_in_process_is_the_default(tmp_path: Path) -> None:
    """Without a Redis URL jobs run in this process."""
    ran: list[int] = []
    backend = make_backend(Settings(home=tmp_path), ran.append)
    backend.submit(7)
    assert isinstance(backend, InProcessBackend) and ran == [7]


def test_unreachable_redis_is_a_clear_error(tmp_path: Path) -> None:
    """A Redis URL nobody listens on gives JobError naming the setting."""
    backend = make_backend(Settings(home=tmp_path, redis_url="redis://127.0.0.1:1/0"), print)
    with pytest.raises(JobError, match="ALLIANCELENS_REDIS_URL"):
        backend.submit(1)


@pytest.fixture
def redis_url() -> str:
    """The test Redis server (.ci/run starts one)."""
    url = os.environ.get("ALLIANCELENS_TEST_REDIS_URL")
    if not url:
        pytest.skip("ALLIANCELENS_TEST_REDIS_URL is not set (.ci/run sets it)")
    return url


def test_rq_queue_runs_analysis(
    redis_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import queues the job in RQ; a burst worker runs it; Redis never sees PHI."""
    import redis

    queue = f"test-{os.getpid()}-{tmp_path.name}"
    with temporary_store("sqlite", tmp_path, redis_url=redis_url, queue_name=queue) as store:
        for key, value in (
            ("HOME", str(tmp_path)),
            ("REDIS_URL", redis_url),
            ("QUEUE_NAME", queue),
        ):
            monkeypatch.setenv(f"ALLIANCELENS_{key}", value)  # the RQ work horse opens the store
        client = services.create_client(store, ADMIN, name=NAME)
        for kind in (ConsentKind.RECORDING, ConsentKind.ANALYSIS):
            services.grant_consent(store, ADMIN, client_id=client.id, kind=kind)
        path = tmp_path / "ysolde.txt"
        path.write_text(f"Therapist: Hello {NAME}.\nClient: Hi. I'm {NAME}.\n", encoding="utf-8")
        report = services.import_transcript(store, ADMIN, client_id=client.id, path=path)
        assert isinstance(records.backend_for(store), RQBackend)
        connection = redis.Redis.from_url(redis_url)
        dump = b"".join(connection.dump(key) or b"" for key in connection.keys("*"))
        with store.transaction() as db:
            assert jobrows.get_job(db, job_id=report.job_ids[0]).status is JobStatus.QUEUED
        assert NAME.encode() not in dump and b"Ysolde" not in dump
        work = services.work(store, ADMIN)
        assert work.backend == "rq"
        with store.transaction() as db:
            assert jobrows.get_job(db, job_id=report.job_ids[0]).status is JobStatus.DONE
        connection.flushdb()


def test_worker_that_cannot_open_the_store_makes_jobs_work_name_the_cause(
    redis_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A work-horse with another home and no key leaves a note; the pass reports the job stuck."""
    import redis

    queue = f"test-stuck-{os.getpid()}-{tmp_path.name}"
    with temporary_store(
        "sqlite", tmp_path / "good", redis_url=redis_url, queue_name=queue
    ) as store:
        for name in [n for n in os.environ if n.startswith("ALLIANCELENS_")]:
            monkeypatch.delenv(name)
        wrong = tmp_path / "elsewhere"
        wrong.mkdir()
        for key, value in (("HOME", str(wrong)), ("REDIS_URL", redis_url), ("QUEUE_NAME", queue)):
            monkeypatch.setenv(f"ALLIANCELENS_{key}", value)  # what the work-horse opens
        monkeypatch.setenv("ALLIANCELENS_DATABASE_URL", store.settings.resolved_database_url)
        client = services.create_client(store, ADMIN, name="Quillon Test")
        for kind in (ConsentKind.RECORDING, ConsentKind.ANALYSIS):
            services.grant_consent(store, ADMIN, client_id=client.id, kind=kind)
        path = tmp_path / "talk.txt"
        path.write_text("Therapist: How was the week?\nClient: Long.\n", encoding="utf-8")
        job = services.import_transcript(store, ADMIN, client_id=client.id, path=path).job_ids[0]
        report = services.work(store, ADMIN)
        assert [s.job_id for s in report.stuck] == [job]
        cause = report.stuck[0].cause or ""
        assert "cannot open the store" in cause and "[AL6" in cause
        redis.Redis.from_url(redis_url).flushdb()


def test_a_refused_redis_login_is_named_precisely() -> None:
    """AuthenticationError points at the password and ACL user, not at an unreachable server."""
    from redis.exceptions import AuthenticationError, ConnectionError

    refused = queue_problem(AuthenticationError("invalid username-password pair"), 13)
    assert "refused the user name or password" in refused
    assert "ALLIANCELENS_REDIS_URL and RQ_REDIS_URL" in refused and "is back" not in refused
    assert "is back" in queue_problem(ConnectionError("refused"), 13)


def test_a_wrong_redis_password_on_submit_says_so(redis_url: str) -> None:
    """Handing a job to Redis with an unknown ACL user gives the precise AL612 line."""
    wrong = redis_url.replace("redis://", "redis://qa41-nosuchuser:wrong-secret@", 1)
    with pytest.raises(QueueUnavailableError) as caught:
        RQBackend(wrong, f"test-auth-{os.getpid()}", store="t").submit(13)
    assert "refused the user name or password" in caught.value.message
    assert "wrong-secret" not in caught.value.message


def test_a_note_of_a_worker_stopped_since_is_not_reported(redis_url: str) -> None:
    """Only notes of RQ workers still registered count; a stopped worker's note is dropped."""
    import redis
    from rq import Worker

    store = f"qa41-{os.getpid()}"
    connection = redis.Redis.from_url(redis_url)
    backend = RQBackend(redis_url, f"test-notes-{os.getpid()}", store=store)
    alive = Worker([backend.queue], connection=connection, name=f"alive-{os.getpid()}")
    alive.register_birth()
    try:
        for job_id, rq_worker in ((12, f"stopped-{os.getpid()}"), (13, alive.name)):
            note = {"problem": "cannot open the store", "worker": "vm:1", "at": "earlier"}
            note["rq_worker"] = rq_worker
            connection.hset(NOTES_KEY.format(store=store), str(job_id), json.dumps(note))
        assert list(backend.not_run_notes([12, 13])) == [13]
        assert not connection.hexists(NOTES_KEY.format(store=store), "12")  # dropped
    finally:
        alive.register_death()
        connection.delete(NOTES_KEY.format(store=store))


def test_recovery_after_a_database_outage_does_not_count_the_attempt(
    redis_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A work-horse that could not put its job back leaves a note; recovery gives the try back."""
    import redis

    queue = f"test-outage-{os.getpid()}-{tmp_path.name}"
    connection = redis.Redis.from_url(redis_url)
    current = SimpleNamespace(origin=queue, connection=connection)
    monkeypatch.setattr("rq.get_current_job", lambda: current)
    with temporary_store("sqlite", tmp_path, redis_url=redis_url, queue_name=queue) as store:
        with store.transaction() as db:
            job, _ = jobrows.enqueue_job(
                db, kind="test", key="k", client_id=None, session_id=None, max_attempts=1
            )
        dead = f"{socket.gethostname()}:999999999"
        with store.transaction() as db:
            db.execute(
                update(JobRow)
                .where(JobRow.id == job.id)
                .values(status="running", attempts=1, worker=dead)
            )
        assert note_outage(job.id, dead, "the database was unavailable during the job [AL611]")
        (item,) = recover(store)
        assert (item.status, item.counted, item.attempts) == (JobStatus.QUEUED, False, 0)
        with store.transaction() as db:
            row = jobrows.get_job(db, job_id=job.id)
        assert (row.status, row.attempts) == (JobStatus.QUEUED, 0)
        assert row.error == "the database was unavailable during the job [AL611]"
        assert not connection.exists(OUTAGES_KEY.format(queue=queue))  # the note was used


def test_in_progress_names_this_stores_jobs_a_worker_is_running(redis_url: str) -> None:
    """A message of this store in RQ's started registry counts as running; others do not."""
    import redis

    backend = RQBackend(redis_url, f"test-busy-{os.getpid()}", store="ours")
    connection = redis.Redis.from_url(redis_url)
    registry = backend.queue.started_job_registry
    for job_id, store in ((12, "ours"), (13, "theirs")):
        message = backend.queue.enqueue(
            "alliancelens.records.jobs.execute_from_environment",
            args=(job_id,),
            kwargs={"store": store},
        )
        backend.queue.remove(message)  # a worker took it ...
        connection.zadd(registry.key, {f"{message.id}:exec": 2**40})  # ... and is running it
    assert backend.in_progress([12, 13, 14]) == {12}
    connection.delete(registry.key)
