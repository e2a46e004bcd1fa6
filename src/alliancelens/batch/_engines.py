"""Where tasks run: a local process pool, or a Ray cluster (see :mod:`alliancelens.batch._ray`).

Both engines have the same small interface (:class:`Engine`): ``submit`` a task, ``wait`` for
at least one result, ``close``. A worker that dies (out of memory, killed) costs only the input
that killed it: the tasks that were on the broken pool are run again one at a time, and the one
that still kills its worker when alone is recorded as a failure (``AL302``). Ray retries a task
whose worker died once, then records it the same way.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Protocol

from alliancelens.batch._worker import Task, TaskResult, lost, watch_parent, worker_main
from alliancelens.errors import UsageError

__all__ = ["ATTEMPTS", "Engine", "LocalEngine", "default_workers", "make_engine"]

#: How often a task is started before a dying worker is recorded as its failure.
ATTEMPTS = 2

TaskFunction = Callable[[Task], TaskResult]


class Engine(Protocol):
    """Runs tasks somewhere; results come back in completion order."""

    #: How many tasks can run at once (the runner keeps about twice as many queued).
    slots: int
    #: Name and settings for the manifest.
    description: dict[str, object]

    def submit(self, task: Task) -> None:
        """Start ``task``."""

    def wait(self) -> list[TaskResult]:
        """Block until at least one submitted task has finished; return the finished ones."""

    def pending(self) -> int:
        """Number of submitted tasks whose results have not been returned yet."""

    def close(self, *, stop: bool = False) -> None:
        """Release workers (and a Ray instance this engine started); ``stop``: end them now."""


def default_workers() -> int:
    """One worker per CPU this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - platforms without sched_getaffinity
        return max(1, os.cpu_count() or 1)


def _ready() -> bool:
    """What a fresh worker runs first: nothing (it only has to start)."""
    return True


class LocalEngine:
    """A pool of ``workers`` fresh Python processes (spawned, so no state leaks from the parent)."""

    def __init__(self, workers: int, *, function: TaskFunction = worker_main) -> None:
        if workers < 1:
            raise UsageError(f"workers= (--workers) must be at least 1 (got {workers})")
        self.slots = workers
        self.description = {"engine": "local", "workers": workers, "start_method": "spawn"}
        self._function = function
        self._context = multiprocessing.get_context("spawn")
        self._pool = self._new_pool()
        self._futures: dict[Future[TaskResult], Task] = {}
        self._probe()

    def _probe(self) -> None:
        """Start one worker and check it can take work, before any task is sent.

        A worker that cannot even start (most often: a script calls ``analyse_corpus()`` at its
        top level, without the ``__main__`` guard, so every spawned worker re-runs the call and
        refuses) would otherwise break the pool once per task, each time with a traceback
        (QA36 item 8). One worker is tried, so at most one traceback is printed.
        """
        try:
            self._pool.submit(_ready).result()
        except BrokenProcessPool:
            self._pool.shutdown(wait=True, cancel_futures=True)
            raise UsageError(
                "the worker processes cannot start (the first one stopped before taking any "
                'work); in a script, call analyse_corpus() under `if __name__ == "__main__":` '
                "(worker processes re-import the script); otherwise try workers=1 (--workers 1) "
                "and check that `python -c 'import alliancelens'` works"
            ) from None  # the worker printed its own traceback; one is enough

    def _new_pool(self) -> ProcessPoolExecutor:
        # each worker exits by itself if this process is killed (SIGKILL cannot be handled here)
        return ProcessPoolExecutor(
            self.slots,
            mp_context=self._context,
            initializer=watch_parent,
            initargs=(os.getpid(),),
        )

    def submit(self, task: Task) -> None:
        """Start ``task`` on the pool."""
        self._futures[self._pool.submit(self._function, task)] = task

    def pending(self) -> int:
        """Tasks submitted and not yet returned."""
        return len(self._futures)

    def wait(self) -> list[TaskResult]:
        """Wait for at least one task; if a worker died, re-run the affected tasks one by one."""
        finished: list[TaskResult] = []
        while not finished and self._futures:
            done, _ = wait(list(self._futures), return_when=FIRST_COMPLETED)
            broken: list[Task] = []
            for future in done:
                task = self._futures.pop(future)
                try:
                    finished.append(future.result())
                except BrokenProcessPool:
                    broken.append(task)
            if broken:
                suspects = broken + [self._futures.pop(f) for f in list(self._futures)]
                self._replace_pool()
                finished += [self._alone(task) for task in suspects]
        return finished

    def _alone(self, task: Task) -> TaskResult:
        """Run a task that was on a pool that broke, with nothing else running beside it.

        A task that kills its worker even when alone is the culprit: after ``ATTEMPTS`` starts in
        all it is recorded as lost. Tasks that only happened to share the pool succeed.
        """
        for _ in range(ATTEMPTS - 1):
            try:
                return self._pool.submit(self._function, task).result()
            except BrokenProcessPool:
                self._replace_pool()
        return lost(task, "the worker process died")

    def _replace_pool(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._new_pool()

    def close(self, *, stop: bool = False) -> None:
        """Shut the pool down; with ``stop`` (Ctrl-C, SIGTERM) end running tasks' workers first.

        Their results would be thrown away anyway, and a scheduler's grace period is short.
        """
        if stop:
            terminate = getattr(self._pool, "terminate_workers", None)  # Python 3.14+
            if callable(terminate):
                terminate()
            else:  # no public way before 3.14; a missing private attribute just skips this
                for process in list((getattr(self._pool, "_processes", None) or {}).values()):
                    process.terminate()
        self._pool.shutdown(wait=True, cancel_futures=True)


def make_engine(
    name: str,
    *,
    workers: int | None,
    ray_address: str | None = None,
    ray_temp_dir: str | None = None,
) -> Engine:
    """The engine called ``name`` (``local`` or ``ray``)."""
    if name == "local":
        if ray_address:
            raise UsageError("--ray-address needs --engine ray")
        return LocalEngine(default_workers() if workers is None else workers)
    if name == "ray":
        from alliancelens.batch._ray import RayEngine  # noqa: PLC0415 - ray is optional

        return RayEngine(workers=workers, address=ray_address, temp_dir=ray_temp_dir)
    raise UsageError(f"unknown engine {name!r}; use 'local' or 'ray'")
