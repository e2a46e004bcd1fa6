"""The unit of work of a batch run, and the function every worker (process or Ray) runs.

A :class:`Task` carries the bytes of one input file (so Ray nodes need no shared file system)
and which of its sessions to analyse; :func:`run_task` reads the file, runs the pipeline on
those sessions and returns plain, picklable rows. It never raises: a file that cannot be read
comes back as a failure with an error code and a message that names the file, never its text.
"""

from __future__ import annotations

import logging
import os
import resource
import sys
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from alliancelens.batch._parts import encode_tables
from alliancelens.batch._rows import SessionRows, produced_kinds, session_rows
from alliancelens.batch._spec import RunSpec, pseudonymous_session_id, sha256_hex
from alliancelens.errors import (
    AllianceLensError,
    IngestError,
    InputFailedError,
    WorkerLostError,
)
from alliancelens.ingest import read_bytes

__all__ = [
    "Failure",
    "Task",
    "TaskResult",
    "lost",
    "merge_runs",
    "run_task",
    "tally_runs",
    "watch_parent",
    "worker_main",
]

#: Seconds between a worker's checks that the process that started it is still alive.
PARENT_CHECK_SECONDS = 1.0

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Failure:
    """Why an input failed: a stable error code and a one-line message without transcript text."""

    code: str
    message: str


@dataclass(frozen=True, slots=True)
class Task:
    """Analyse sessions ``start`` to ``start + count - 1`` of the file ``path`` (``data``)."""

    ordinal: int
    path: str
    data: bytes
    spec: RunSpec
    start: int = 0
    count: int = 8


@dataclass(frozen=True, slots=True)
class TaskResult:
    """What a worker sends back: its sessions' tables as Arrow IPC bytes, or a failure."""

    ordinal: int
    start: int
    total_sessions: int = 0
    format: str | None = None
    encoding: str | None = None
    warnings: tuple[str, ...] = ()
    tables: dict[str, bytes] = field(default_factory=dict)
    sessions: int = 0
    not_ok_sessions: int = 0
    failure: Failure | None = None
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    worker: str = ""
    peak_rss_mb: float = 0.0
    analyser_seconds: dict[str, float] = field(default_factory=dict)
    analyser_runs: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: ids of the sessions analysed (the run reports ids repeated across inputs)
    session_ids: tuple[str, ...] = ()
    #: sessions of a multi-session file that could not be read (first slice only), with their
    #: 1-based position in the file: the rest of the file is analysed (QA36 item 3)
    session_failures: tuple[tuple[int, Failure], ...] = ()


def _peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB.

    On Linux this is ``VmHWM`` of ``/proc/self/status``, which starts afresh at ``exec``;
    ``ru_maxrss`` would also count the parent's memory at the time the worker was forked.
    """
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text("ascii", errors="replace").splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    return round(peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024, 1)


def _worker_id() -> str:
    return f"{os.uname().nodename}:{os.getpid()}"


def run_task(task: Task) -> TaskResult:
    """Read and analyse the sessions ``task`` names; never raises (failures are returned)."""
    started, cpu = time.perf_counter(), time.process_time()
    try:
        result = _analyse(task)
    except IngestError as exc:
        located = exc.located(task.path)
        result = TaskResult(task.ordinal, task.start, failure=Failure(exc.code, located.message))
    except AllianceLensError as exc:
        result = TaskResult(task.ordinal, task.start, failure=Failure(exc.code, exc.message))
    except Exception as exc:  # noqa: BLE001 - one bad input never stops a batch
        message = f"{task.path}: internal error ({type(exc).__name__}) while reading or analysing"
        logger.warning("%s", message)  # the type only: an exception's text may quote the input
        result = TaskResult(
            task.ordinal, task.start, failure=Failure(InputFailedError.code, message)
        )
    return _stamped(result, time.perf_counter() - started, time.process_time() - cpu)


def _stamped(result: TaskResult, seconds: float, cpu_seconds: float) -> TaskResult:
    return replace(
        result,
        seconds=seconds,
        cpu_seconds=cpu_seconds,
        worker=_worker_id(),
        peak_rss_mb=_peak_rss_mb(),
    )


def _analyse(task: Task) -> TaskResult:
    spec = task.spec
    pipeline = spec.pipeline()
    ingested = read_bytes(
        task.data,
        Path(task.path),
        format=spec.format,
        therapists=spec.therapists,
        clients=spec.clients,
        per_session=True,
    )
    chosen = ingested.sessions[task.start : task.start + task.count]
    warnings = ingested.warnings if task.start == 0 else ()
    warnings += tuple(w for s in chosen for w in ingested.session_warnings.get(s.id, ()))
    if not spec.keep_ids:  # QA39 #3: the `# id:` header or file name is no id for a table
        digest = sha256_hex(task.data)
        failed = {f.position for f in ingested.session_failures}
        places = [p for p in range(1, len(ingested.sessions) + len(failed) + 1) if p not in failed]
        chosen = tuple(  # numbered by place in the file, as failures are (QA36 item 3)
            replace(session, id=pseudonymous_session_id(digest, places[task.start + n]))
            for n, session in enumerate(chosen)
        )
    rows: list[SessionRows] = []
    seconds: dict[str, float] = {}
    produces = produced_kinds(pipeline)
    for session in chosen:
        analysed = session_rows(pipeline.run(session), produces, include_text=spec.include_text)
        if not spec.keep_dates:  # a session date is a fact about a client (--keep-dates)
            analysed.session["date"] = None
        rows.append(analysed)
        for name, spent in analysed.analyser_seconds.items():
            seconds[name] = seconds.get(name, 0.0) + spent
    return TaskResult(
        task.ordinal,
        task.start,
        total_sessions=len(ingested.sessions),
        format=ingested.format,
        encoding=ingested.encoding,
        warnings=warnings,
        tables=encode_tables(rows),
        sessions=len(rows),
        not_ok_sessions=sum(1 for r in rows if r.session["analysers_not_ok"]),
        analyser_seconds=seconds,
        analyser_runs=tally_runs(rows),
        session_ids=tuple(s.id for s in chosen),
        session_failures=tuple(
            (f.position, Failure(f.code, f.message)) for f in ingested.session_failures
        )
        if task.start == 0
        else (),
    )


def tally_runs(rows: list[SessionRows]) -> dict[str, dict[str, Any]]:
    """Per analyser: sessions ok / failed / skipped, and how often each reason was given."""
    tally: dict[str, dict[str, Any]] = {}
    for row in rows:
        for name, (status, reason) in row.runs.items():
            entry = tally.setdefault(name, {"ok": 0, "failed": 0, "skipped": 0, "reasons": {}})
            entry[status] += 1
            if reason:
                entry["reasons"][reason] = entry["reasons"].get(reason, 0) + 1
    return tally


def merge_runs(into: dict[str, dict[str, Any]], more: dict[str, dict[str, Any]]) -> None:
    """Add the tallies ``more`` to ``into`` (both from :func:`tally_runs`)."""
    for name, entry in more.items():
        target = into.setdefault(name, {"ok": 0, "failed": 0, "skipped": 0, "reasons": {}})
        for status in ("ok", "failed", "skipped"):
            target[status] += entry.get(status, 0)
        for reason, count in entry.get("reasons", {}).items():
            target["reasons"][reason] = target["reasons"].get(reason, 0) + count


def worker_main(task: Task) -> TaskResult:
    """:func:`run_task` as run by engine workers: per-session analyser warnings are not logged.

    In a batch of thousands of sessions the same warning would be printed thousands of times
    (and break the progress bar); statuses and reasons are tallied in the manifest instead.
    """
    logging.getLogger("alliancelens").setLevel(logging.ERROR)
    return run_task(task)


def watch_parent(parent_pid: int, interval: float = PARENT_CHECK_SECONDS) -> None:
    """Exit this worker process soon after ``parent_pid`` (the batch driver) has died.

    Run as the process pool's initializer. A driver killed with SIGKILL (an out-of-memory kill,
    a scheduler's ``KILL``) cannot stop its workers; without this they would live on as orphans
    holding memory. A daemon thread checks every ``interval`` seconds whether this process was
    re-parented (its parent id is no longer ``parent_pid``) and then ends the process at once:
    the driver that would take its result is gone, and finished inputs are already checkpointed.
    """

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(interval)
        os._exit(1)

    threading.Thread(target=watch, name="alliancelens-parent-watch", daemon=True).start()


def lost(task: Task, reason: str) -> TaskResult:
    """The result recorded for a task whose worker died (``reason`` names no input content)."""
    message = f"{task.path}: the worker analysing this file stopped ({reason})"
    return TaskResult(task.ordinal, task.start, failure=Failure(WorkerLostError.code, message))
