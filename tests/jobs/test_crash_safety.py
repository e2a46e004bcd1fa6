"""SIGKILL during an import or an analysis job: nothing partial is stored, nothing committed is
lost, and the killed job is retried (in-process worker, and RQ when a Redis server is given)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from alliancelens import services
from alliancelens.storage import ConsentKind, Database, JobStatus, jobrows
from alliancelens.storage.tables import AnalysisRow, FindingRow, SessionRow, UtteranceRow

CHILD = Path(__file__).with_name("crash_child.py")
ADMIN = services.local_admin()
LONG = "".join(
    f"Therapist: Question number {i}, how did that feel?\nClient: It felt like part {i}.\n"
    for i in range(40)
)

pytestmark = pytest.mark.slow


class Hold:
    """A backend that leaves submitted jobs queued (so a later worker runs them)."""

    name = "hold"

    def submit(self, job_id: int) -> None:
        """Do nothing: the job stays queued in the database."""


def _env(store: Database, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALLIANCELENS_")}
    env["ALLIANCELENS_HOME"] = str(store.settings.home)
    env["ALLIANCELENS_DATABASE_URL"] = store.settings.resolved_database_url
    env.update(extra)
    return env


def _kill_when_hanging(process: subprocess.Popen[bytes], marker: Path) -> None:
    deadline = time.monotonic() + 60
    while not marker.exists():
        if process.poll() is not None:
            raise AssertionError(
                f"child exited early: {process.stderr.read().decode() if process.stderr else ''}"
            )
        if time.monotonic() > deadline:
            process.kill()
            raise AssertionError("child never reached the hang point")
        time.sleep(0.05)
    time.sleep(0.1)  # let the marker's writer reach its sleep
    os.kill(int(marker.read_text()), signal.SIGKILL)


def _client(store: Database) -> int:
    client = services.create_client(store, ADMIN, name="Crash Test Client")
    for kind in (ConsentKind.RECORDING, ConsentKind.ANALYSIS):
        services.grant_consent(store, ADMIN, client_id=client.id, kind=kind)
    return client.id


def _count(store: Database, row: type) -> int:
    with store.transaction() as db:
        return int(db.scalar(select(func.count()).select_from(row)) or 0)


def test_kill_during_import_keeps_the_database_consistent(store: Database, tmp_path: Path) -> None:
    """A killed import stores no session or utterance; an earlier committed import survives."""
    client = _client(store)
    first = tmp_path / "first.txt"
    first.write_text(LONG, encoding="utf-8")
    committed = services.import_transcript(
        store, ADMIN, client_id=client, path=first, backend=Hold()
    )
    utterances_before = _count(store, UtteranceRow)
    marker = tmp_path / "marker"
    process = subprocess.Popen(
        [sys.executable, str(CHILD), "import", str(marker), str(first), str(client)],
        env=_env(store),
        stderr=subprocess.PIPE,
    )
    _kill_when_hanging(process, marker)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert _count(store, SessionRow) == 1 and _count(store, UtteranceRow) == utterances_before
    stored = services.view_session(store, ADMIN, session_id=committed.session_ids[0])
    assert len(stored.session.utterances) == 80
    if store.engine.dialect.name == "sqlite":
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


@pytest.fixture
def redis_env() -> Iterator[str]:
    """The test Redis URL (skips without ALLIANCELENS_TEST_REDIS_URL), flushed after use."""
    url = os.environ.get("ALLIANCELENS_TEST_REDIS_URL")
    if not url:
        pytest.skip("ALLIANCELENS_TEST_REDIS_URL is not set (.ci/run sets it)")
    yield url
    import redis

    redis.Redis.from_url(url).flushdb()


@pytest.mark.parametrize("queue", ["in-process", "rq"])
def test_killed_job_stores_nothing_and_is_retried(
    store: Database, tmp_path: Path, queue: str, request: pytest.FixtureRequest
) -> None:
    """A worker SIGKILLed while writing results leaves none; the next worker retries the job.

    With RQ the `jobs work` pass outlives its killed work-horse and puts the job back in the
    queue itself (interrupted, not "running"); in-process the pass itself died, so the job stays
    running until the next pass recovers it.
    """
    extra: dict[str, str] = {}
    if queue == "rq":
        extra["ALLIANCELENS_REDIS_URL"] = request.getfixturevalue("redis_env")
        extra["ALLIANCELENS_QUEUE_NAME"] = f"crash-{os.getpid()}-{time.monotonic_ns()}"
    client = _client(store)
    path = tmp_path / "s.txt"
    path.write_text(LONG, encoding="utf-8")
    job_id = services.import_transcript(
        store, ADMIN, client_id=client, path=path, backend=Hold()
    ).job_ids[0]
    marker = tmp_path / "marker"
    process = subprocess.Popen(
        [sys.executable, str(CHILD), "work", str(marker)],
        env=_env(store, **extra),
        stderr=subprocess.PIPE,
    )
    _kill_when_hanging(process, marker)
    if queue == "in-process":
        process.wait(timeout=30)
    else:
        process.wait(timeout=60)  # the RQ parent notices its work horse died and exits (burst)
    assert _count(store, AnalysisRow) == 0 and _count(store, FindingRow) == 0
    with store.transaction() as db:
        killed = jobrows.get_job(db, job_id=job_id)
    if queue == "rq":
        assert (killed.status, killed.attempts) == (JobStatus.QUEUED, 1)
        assert killed.error == "worker stopped mid-job"
    else:
        assert killed.status is JobStatus.RUNNING
    retry = subprocess.run(
        [sys.executable, "-c", _RETRY],
        env=_env(store, **extra),
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert retry.returncode == 0, retry.stderr.decode()[-2000:]
    with store.transaction() as db:
        job = jobrows.get_job(db, job_id=job_id)
    assert (job.status, job.attempts) == (JobStatus.DONE, 2)
    assert _count(store, AnalysisRow) == 1 and _count(store, FindingRow) > 0


_RETRY = """
from alliancelens import services
from alliancelens.config import load_settings
from alliancelens.storage import open_database
database = open_database(load_settings())
report = services.work(database, services.local_admin())
assert report.recovered or report.run == 1, report
"""
