"""Backends: in-process by default, RQ when a Redis URL is set; queues carry only job ids."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from alliancelens import records, services
from alliancelens.config import Settings
from alliancelens.errors import JobError
from alliancelens.jobs import InProcessBackend, RQBackend, make_backend
from alliancelens.storage import ConsentKind, JobStatus, jobrows
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
