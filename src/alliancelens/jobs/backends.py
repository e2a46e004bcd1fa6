"""Where queued jobs run: in this process (default) or through RQ + Redis.

Queues carry only the internal job id and the store's tag (a non-reversible digest naming the
record store, see :func:`alliancelens.records.jobs.store_tag`); the ``jobs`` table holds the
job's state, so a lost or duplicated queue message is harmless (a worker only runs a job it can
claim). The tag lets a worker of another store that shares the Redis queue hand the message back
instead of running job ``N`` of *its own* database.

A worker that takes a message but cannot run it (it cannot open the store: wrong
``ALLIANCELENS_HOME`` or key; or the message belongs to another store) leaves a short note in
Redis (:func:`note_not_run`: job id, our error text, worker ``host:pid``; never client data) so
the store's next ``jobs work`` can name the real cause (:meth:`RQBackend.not_run_notes`).
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
    "InProcessBackend",
    "JobBackend",
    "RQBackend",
    "enqueue",
    "make_backend",
    "note_not_run",
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

    def submit(self, job_id: int) -> None:
        """Enqueue the job id and store tag (the only payload: no client data goes to Redis)."""
        try:
            enqueue(self.queue, job_id, store=self.store)
        except Exception as exc:
            raise QueueUnavailableError(
                f"cannot hand job {job_id} to Redis ({type(exc).__name__}); it stays queued in "
                "the database: run `alliancelens jobs work` once the Redis server at "
                "ALLIANCELENS_REDIS_URL is back"
            ) from exc

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
        return bool(worker.work(burst=burst, logging_level="ERROR"))

    def not_run_notes(self, job_ids: Iterable[int]) -> dict[int, str]:
        """Why workers did not run these jobs of this store (job id -> note), as they said."""
        ids = [str(job_id) for job_id in job_ids]
        if not ids or self.store is None:
            return {}
        values = self.connection.hmget(NOTES_KEY.format(store=self.store), ids)
        notes: dict[int, str] = {}
        for job_id, raw in zip(ids, values, strict=True):
            if raw:
                note = json.loads(raw)
                notes[int(job_id)] = f"{note['problem']} (worker {note['worker']}, {note['at']})"
        return notes

    def forget_notes(self, job_ids: Iterable[int]) -> None:
        """Drop the notes of jobs that have run since (their problem is over)."""
        ids = [str(job_id) for job_id in job_ids]
        if ids and self.store is not None:
            self.connection.hdel(NOTES_KEY.format(store=self.store), *ids)


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
            "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        key = NOTES_KEY.format(store=store or "untagged")
        current.connection.hset(key, str(job_id), json.dumps(note))
        current.connection.expire(key, NOTES_TTL)
    except Exception as exc:  # noqa: BLE001 - a note must never stop the worker
        logger.warning("could not leave a note for `jobs work` (%s)", type(exc).__name__)


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
