"""Where queued jobs run: in this process (default) or through RQ + Redis.

Queues carry only the internal job id and the store's tag (a non-reversible digest naming the
record store, see :func:`alliancelens.records.jobs.store_tag`); the ``jobs`` table holds the
job's state, so a lost or duplicated queue message is harmless (a worker only runs a job it can
claim). The tag lets a worker of another store that shares the Redis queue hand the message back
instead of running job ``N`` of *its own* database.

A worker that takes a message but cannot run it (it cannot open the store: wrong
``ALLIANCELENS_HOME`` or key; or the message belongs to another store) leaves a short note in
Redis (:func:`note_not_run`: job id, our error text, worker ``host:pid``; never client data) so
the store's next ``jobs work`` can name the real cause (:meth:`RQBackend.not_run_notes`); a
note counts only while the RQ worker that left it is running. A work-horse whose job a database
outage stopped leaves a note too (:func:`note_outage`), so recovery does not count that attempt.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import logging
import os
import socket
import sys
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from alliancelens.config import Settings
from alliancelens.errors import JobError, QueueUnavailableError

__all__ = [
    "NOTES_KEY",
    "OUTAGES_KEY",
    "InProcessBackend",
    "JobBackend",
    "RQBackend",
    "enqueue",
    "make_backend",
    "note_not_run",
    "note_outage",
    "queue_problem",
    "refused_login",
    "take_outage_notes",
]

logger = logging.getLogger(__name__)

#: The function RQ workers call with a job id (imported by path in the worker process).
RQ_ENTRY = "alliancelens.records.jobs.execute_from_environment"
#: Redis hash (per store tag) of why a worker did not run a job: job id -> JSON note.
NOTES_KEY = "alliancelens:not-run:{store}"
#: How long a note is kept when no `jobs work` reads it (seconds: 7 days).
NOTES_TTL = 7 * 86400


class JobBackend(Protocol):
    """Something that gets a queued job run eventually."""

    name: str

    def submit(self, job_id: int) -> None:
        """Hand job ``job_id`` to a worker."""
        ...


class InProcessBackend:
    """Runs each submitted job at once, in this process (the local-first default)."""

    name = "in-process"

    def __init__(self, execute: Callable[[int], object]) -> None:
        self._execute = execute

    def submit(self, job_id: int) -> None:
        """Run the job now."""
        self._execute(job_id)


class RQBackend:
    """Puts job ids on an RQ queue in Redis; ``alliancelens jobs work`` (an RQ worker) runs them."""

    name = "rq"

    def __init__(self, url: str, queue_name: str, store: str | None = None) -> None:
        try:
            redis = importlib.import_module("redis")
            rq = importlib.import_module("rq")
        except ImportError as exc:
            raise JobError(
                "ALLIANCELENS_REDIS_URL is set but rq/redis are not installed; "
                "install alliancelens[redis] or unset ALLIANCELENS_REDIS_URL"
            ) from exc
        self.connection: Any = redis.Redis.from_url(url)
        self.queue: Any = rq.Queue(queue_name, connection=self.connection)
        self.store = store
        self._rq = rq
        self._own_workers: set[str] = set()

    def submit(self, job_id: int) -> None:
        """Enqueue the job id and store tag (the only payload: no client data goes to Redis)."""
        try:
            enqueue(self.queue, job_id, store=self.store)
        except Exception as exc:
            raise QueueUnavailableError(queue_problem(exc, job_id)) from exc

    def work(self, *, burst: bool = True) -> bool:
        """Run an RQ worker on this queue (``burst``: until the queue is empty).

        Only RQ's errors reach stderr (cron mails stderr): its warnings about registry clean-ups
        and abandoned work-horses are what our own recovery then reports on stdout.
        """
        log = logging.getLogger("rq")
        if not log.handlers:
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(logging.Formatter("%(asctime)s rq: %(message)s", "%H:%M:%S"))
            log.addHandler(handler)
            log.propagate = False
        log.setLevel(logging.ERROR)
        worker = self._rq.Worker([self.queue], connection=self.connection)
        self._own_workers.add(str(worker.name))  # its notes count after it has quit
        return bool(worker.work(burst=burst, logging_level="ERROR"))

    def not_run_notes(self, job_ids: Iterable[int]) -> dict[int, str]:
        """Why workers did not run these jobs of this store (job id -> note), as they said.

        Only notes of workers still running count: a note of a worker stopped since (the
        administrator fixed and restarted it) is dropped, so it cannot raise the alarm about a
        job the repaired worker runs (QA41 #2).
        """
        ids = [str(job_id) for job_id in job_ids]
        if not ids or self.store is None:
            return {}
        key = NOTES_KEY.format(store=self.store)
        values = self.connection.hmget(key, ids)
        live: set[str] | None = None
        notes: dict[int, str] = {}
        stale: list[str] = []
        for job_id, raw in zip(ids, values, strict=True):
            if not raw:
                continue
            note = json.loads(raw)
            if note.get("rq_worker"):
                live = self._live_workers() if live is None else live
                if note["rq_worker"] not in live:
                    stale.append(job_id)
                    continue
            notes[int(job_id)] = f"{note['problem']} (worker {note['worker']}, {note['at']})"
        if stale:
            self.connection.hdel(key, *stale)
        return notes

    def _live_workers(self) -> set[str]:
        """Names of the registered RQ workers and of this pass's own burst workers.

        A stopped worker unregisters; a burst worker quits once the queue is empty, but its
        notes are about this pass.
        """
        workers = self._rq.Worker.all(connection=self.connection)
        return {str(worker.name) for worker in workers} | self._own_workers

    def in_progress(self, job_ids: Iterable[int]) -> set[int]:
        """Which of these jobs of this store a worker on the queue is running now (per RQ).

        After a pass, a long-running worker may hold the message that pass queued, still opening
        the store: that job is being run, not stuck (QA41 #2). Empty when RQ cannot tell.
        """
        wanted = {int(job_id) for job_id in job_ids}
        if not wanted:
            return set()
        busy = set()
        try:
            ids = self.queue.started_job_registry.get_job_ids(cleanup=False)
            for message in self._rq.job.Job.fetch_many(ids, connection=self.connection):
                if message is None or not message.args:
                    continue
                job_id, store = message.args[0], message.kwargs.get("store")
                if job_id in wanted and (self.store is None or store in (None, self.store)):
                    busy.add(int(job_id))
        except Exception as exc:  # noqa: BLE001 - only a refinement of the pass's report
            logger.info("could not read the queue's running jobs (%s)", type(exc).__name__)
            return set()
        return busy

    def forget_notes(self, job_ids: Iterable[int]) -> None:
        """Drop the notes of jobs that have run since (their problem is over)."""
        ids = [str(job_id) for job_id in job_ids]
        if ids and self.store is not None:
            self.connection.hdel(NOTES_KEY.format(store=self.store), *ids)


def refused_login(exc: BaseException) -> bool:
    """Whether a Redis error means the server refused the user name or password (ACL)."""
    names = {cls.__name__ for cls in type(exc).__mro__}
    text = str(exc)
    return "AuthenticationError" in names or text.startswith(("NOAUTH", "WRONGPASS"))


def queue_problem(exc: BaseException, job_id: int) -> str:
    """One line for a job that could not be handed to Redis: refused login, or unreachable."""
    if refused_login(exc):
        return (
            f"cannot hand job {job_id} to Redis: the Redis server refused the user name or "
            "password (AuthenticationError); check the password (and the ACL user) in "
            "ALLIANCELENS_REDIS_URL and RQ_REDIS_URL (docs/deployment.md sections 4 and 5); "
            "the job stays queued in the database and the next `alliancelens jobs work` runs it"
        )
    if "NoPermissionError" in {cls.__name__ for cls in type(exc).__mro__}:
        return (
            f"cannot hand job {job_id} to Redis: the Redis user in ALLIANCELENS_REDIS_URL may "
            "not use the queue's keys or commands (NoPermissionError); give that ACL user "
            "`~* &* +@all` (docs/deployment.md section 4); the job stays queued in the database "
            "and the next `alliancelens jobs work` runs it"
        )
    return (
        f"cannot hand job {job_id} to Redis ({type(exc).__name__}); it stays queued in "
        "the database: run `alliancelens jobs work` once the Redis server at "
        "ALLIANCELENS_REDIS_URL is back"
    )


def note_not_run(job_id: int, store: str | None, problem: str) -> None:
    """From an RQ work-horse: record why this worker did not run ``job_id`` (best effort).

    ``problem`` is one of our own error texts (paths, codes; never client data).
    """
    try:
        current = importlib.import_module("rq").get_current_job()
        if current is None:
            return
        note = {
            "problem": problem,
            "worker": f"{socket.gethostname()}:{os.getpid()}",
            "rq_worker": getattr(current, "worker_name", None) or "",
            "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        key = NOTES_KEY.format(store=store or "untagged")
        current.connection.hset(key, str(job_id), json.dumps(note))
        current.connection.expire(key, NOTES_TTL)
    except Exception as exc:  # noqa: BLE001 - a note must never stop the worker
        logger.warning("could not leave a note for `jobs work` (%s)", type(exc).__name__)


#: Redis hash (per queue) of jobs whose run a database outage stopped: "host:pid/job" -> JSON.
OUTAGES_KEY = "alliancelens:db-outage:{queue}"


def _outage_field(worker: str, job_id: int) -> str:
    return f"{worker}/{job_id}"


def note_outage(job_id: int, worker: str, problem: str) -> bool:
    """From an RQ work-horse: the database went away during ``job_id`` (best effort).

    The job's row cannot be changed while the database is down, so it stays ``running`` under
    this worker; the next ``jobs work`` pass reads this note in :func:`take_outage_notes` and
    puts the job back without counting the attempt (QA41 #6). ``False`` when no note was left
    (not in an RQ work-horse, or Redis is unreachable too).
    """
    try:
        current = importlib.import_module("rq").get_current_job()
        if current is None:
            return False
        note = {"problem": problem, "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
        key = OUTAGES_KEY.format(queue=current.origin)
        current.connection.hset(key, _outage_field(worker, job_id), json.dumps(note))
        current.connection.expire(key, NOTES_TTL)
    except Exception as exc:  # noqa: BLE001 - a note must never stop the worker
        logger.warning("could not leave a note for `jobs work` (%s)", type(exc).__name__)
        return False
    return True


def take_outage_notes(settings: Settings, jobs: Iterable[tuple[str, int]]) -> dict[int, str]:
    """Which of these (worker, job id) runs a database outage stopped (job id -> problem).

    The notes read are removed. Without Redis, or when it cannot be read, none (the jobs are
    then recovered as interrupted, which counts the attempt).
    """
    wanted = list(jobs)
    if not settings.redis_url or not wanted:
        return {}
    try:
        connection = importlib.import_module("redis").Redis.from_url(
            settings.redis_url, socket_connect_timeout=5, socket_timeout=5
        )
        key = OUTAGES_KEY.format(queue=settings.queue_name)
        fields = [_outage_field(worker, job_id) for worker, job_id in wanted]
        values = connection.hmget(key, fields)
        found = {
            job_id: str(json.loads(raw)["problem"])
            for (_, job_id), raw in zip(wanted, values, strict=True)
            if raw
        }
        if found:
            connection.hdel(key, *(f for f, raw in zip(fields, values, strict=True) if raw))
    except Exception as exc:  # noqa: BLE001 - without the note the job is still recovered
        logger.info("could not read the database-outage notes in Redis (%s)", type(exc).__name__)
        return {}
    return found


def enqueue(queue: Any, job_id: int, *, store: str | None, hops: int = 0) -> None:
    """Put one message on an RQ ``queue``: job id, store tag and how often it was handed back."""
    kwargs: dict[str, object] = {"store": store} if store else {}
    if hops:
        kwargs["hops"] = hops
    queue.enqueue(RQ_ENTRY, args=(job_id,), kwargs=kwargs, result_ttl=0, failure_ttl=86400)


def make_backend(
    settings: Settings,
    execute: Callable[[int], object],
    store: Callable[[], str] | None = None,
) -> JobBackend:
    """RQ when ``redis_url`` is set (messages tagged with ``store()``), else in-process."""
    if settings.redis_url:
        return RQBackend(settings.redis_url, settings.queue_name, store() if store else None)
    return InProcessBackend(execute)
