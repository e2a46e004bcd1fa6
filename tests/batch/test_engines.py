"""The local process-pool engine, worker crashes, and engine selection."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from alliancelens.analysers import default_pipeline
from alliancelens.batch._engines import LocalEngine, default_workers, make_engine
from alliancelens.batch._spec import RunSpec
from alliancelens.batch._worker import Task, TaskResult, run_task
from alliancelens.errors import UsageError
from batch.conftest import TEXT_A, TEXT_B

SPEC = RunSpec.from_pipeline(default_pipeline())


def crash_on_ordinal_one(task: Task) -> TaskResult:
    """Kill the worker process on the task with ordinal 1 (simulates running out of memory)."""
    if task.ordinal == 1:
        os._exit(9)
    return run_task(task)


def sleep_long(task: Task) -> TaskResult:
    """Stand for a task that takes far longer than a scheduler's grace period."""
    time.sleep(120)
    return run_task(task)


def _drain(engine: LocalEngine, tasks: list[Task]) -> dict[int, TaskResult]:
    for task in tasks:
        engine.submit(task)
    results: dict[int, TaskResult] = {}
    while engine.pending():
        results.update((r.ordinal, r) for r in engine.wait())
    return results


def test_local_engine_runs_tasks_in_worker_processes() -> None:
    """Tasks run in other processes and every result comes back."""
    engine = LocalEngine(2)
    try:
        results = _drain(
            engine,
            [Task(i, f"{i}.txt", t.encode(), SPEC) for i, t in enumerate([TEXT_A, TEXT_B, TEXT_A])],
        )
    finally:
        engine.close()
    assert sorted(results) == [0, 1, 2]
    assert all(r.failure is None for r in results.values())
    assert all(not r.worker.endswith(f":{os.getpid()}") for r in results.values())


def test_a_dying_worker_loses_only_its_own_task() -> None:
    """The task that kills its worker is retried, then recorded as AL302; others succeed."""
    engine = LocalEngine(2, function=crash_on_ordinal_one)
    try:
        tasks = [Task(i, f"{i}.txt", TEXT_B.encode(), SPEC) for i in range(3)]
        results = _drain(engine, tasks)
    finally:
        engine.close()
    assert results[1].failure is not None and results[1].failure.code == "AL302"
    assert results[0].failure is None and results[2].failure is None


@pytest.mark.parametrize(
    ("name", "options", "message"),
    [
        ("spark", {}, "unknown engine"),
        ("local", {"ray_address": "ray://x:10001"}, "--ray-address needs --engine ray"),
        ("local", {"workers": 0}, "at least 1"),
    ],
)
def test_bad_engine_choices_are_usage_errors(
    name: str, options: dict[str, object], message: str
) -> None:
    """Unknown engines, a Ray address without Ray, and zero workers are refused."""
    workers = options.pop("workers", 1)
    with pytest.raises(UsageError, match=message):
        make_engine(name, workers=workers, **options)  # type: ignore[arg-type]


def test_default_workers_is_the_usable_cpu_count() -> None:
    """The default pool size is the number of CPUs this process may use."""
    assert default_workers() == len(os.sched_getaffinity(0))


def test_closing_with_stop_ends_running_workers_at_once() -> None:
    """close(stop=True) (Ctrl-C, SIGTERM) ends busy workers instead of waiting for their task."""
    engine = LocalEngine(2, function=sleep_long)
    for ordinal in range(3):
        engine.submit(Task(ordinal, f"{ordinal}.txt", TEXT_B.encode(), SPEC))
    deadline = time.monotonic() + 60
    while len(engine._pool._processes or {}) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    workers = list((engine._pool._processes or {}).values())
    began = time.monotonic()
    engine.close(stop=True)
    assert time.monotonic() - began < 60  # the tasks would sleep for 120 s
    assert workers and not any(process.is_alive() for process in workers)


def test_zero_workers_names_the_python_argument_and_the_option() -> None:
    """workers=0 is refused naming both workers= and --workers."""
    with pytest.raises(UsageError, match=r"workers= \(--workers\) must be at least 1"):
        LocalEngine(0)


#: A batch driver stand-in: two pool workers busy for minutes; prints their pids, then waits.
DRIVER = """
import sys, time
from alliancelens.batch._engines import LocalEngine
engine = LocalEngine(2, function=time.sleep)
engine.submit(300)
engine.submit(300)
while len(engine._pool._processes or {}) < 2:
    time.sleep(0.05)
print(" ".join(str(pid) for pid in engine._pool._processes), flush=True)
time.sleep(300)
"""


def _running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie waiting to be reaped counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
def test_workers_exit_when_the_driver_is_killed_with_sigkill() -> None:
    """kill -9 of the driver (OOM, scheduler KILL): its workers notice and exit within seconds."""
    driver = subprocess.Popen([sys.executable, "-c", DRIVER], stdout=subprocess.PIPE, text=True)
    try:
        assert driver.stdout is not None
        workers = [int(pid) for pid in driver.stdout.readline().split()]
        assert len(workers) == 2 and all(_running(pid) for pid in workers)
        driver.send_signal(signal.SIGKILL)
        driver.wait(timeout=10)
        deadline = time.monotonic() + 15
        while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = [pid for pid in workers if _running(pid)]
    finally:
        driver.kill()
    for pid in left:  # do not leave them behind even when the test fails
        os.kill(pid, signal.SIGKILL)
    assert left == []
