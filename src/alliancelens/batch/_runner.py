"""Run a batch: discover, skip finished inputs, analyse the rest, write tables, then manifest.

Inputs already done with the same content and fingerprint are skipped with ``resume``; the rest
run on an engine; every finished input is checkpointed as a part.

Output is atomic: tables are written to temporary files in the output folder and moved into
place with ``os.replace``; the old manifest is removed first and the new one written last, so a
folder with a ``manifest.json`` always holds complete tables of the run that manifest describes
(its ``run_id`` is also in each Parquet file's metadata). A killed run leaves its finished parts,
which ``resume`` reuses.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alliancelens.analysers import Pipeline, default_pipeline
from alliancelens.batch import _manifest
from alliancelens.batch._checks import duplicates, reader_warnings
from alliancelens.batch._discover import discover, nothing_found
from alliancelens.batch._engines import Engine, make_engine
from alliancelens.batch._names import check_override_names
from alliancelens.batch._outcome import BatchProgress, BatchRun
from alliancelens.batch._parts import TABLES, PartStore
from alliancelens.batch._signals import (
    BatchInterrupted,
    signal_of,
    signals_deferred,
    sigterm_as_interrupt,
)
from alliancelens.batch._spec import (
    RunSpec,
    check_read_options,
    input_label,
    part_key,
    sha256_hex,
)
from alliancelens.batch._worker import Task, TaskResult, merge_runs
from alliancelens.batch._writer import DonePart, WrittenTable, write_tables
from alliancelens.errors import UsageError

__all__ = ["BatchInterrupted", "BatchProgress", "BatchRun", "run_batch"]

#: Sessions of one multi-session file (e.g. an AnnoMI CSV) analysed per task.
SESSIONS_PER_TASK = 8


@dataclass(slots=True)
class _Open:
    record: _manifest.InputRecord
    key: str
    data: bytes
    total: int | None = None
    slices: dict[int, TaskResult] = field(default_factory=dict)


ProgressCallback = Callable[[BatchProgress], None]


def run_batch(
    inputs: Sequence[str | Path],
    output: str | Path,
    *,
    workers: int | None = None,
    engine: str = "local",
    ray_address: str | None = None,
    ray_temp_dir: str | None = None,
    resume: bool = False,
    include_text: bool = False,
    keep_ids: bool = False,
    keep_dates: bool = False,
    format: str | None = None,  # mirrors the --format option
    therapists: Sequence[str] = (),
    clients: Sequence[str] = (),
    pipeline: Pipeline | None = None,
    sessions_per_task: int = SESSIONS_PER_TASK,
    progress: ProgressCallback | None = None,
) -> BatchRun:
    """Analyse every input into ``output`` (see the module docstring and ``docs/batch.md``).

    Without ``keep_ids`` (implied by ``include_text``) the tables, the manifest and the parts name
    inputs ``input-<n>`` and sessions by a pseudonym (QA39 #3); :attr:`BatchRun.input_names`
    maps the labels back, in memory only. Without ``keep_dates`` (implied by ``keep_ids``) the
    ``sessions`` table's ``date`` column is empty.

    Raises :class:`BatchInterrupted` (a ``KeyboardInterrupt``) on Ctrl-C or SIGTERM, after the
    workers are stopped; finished inputs stay checkpointed for ``resume``.
    """
    started = time.perf_counter()
    check_read_options(format=format, therapists=therapists, clients=clients)
    target = Path(output)
    created = not target.exists()
    directory = _prepare(target)
    spec = RunSpec.from_pipeline(
        pipeline or default_pipeline(),
        include_text=include_text,
        format=format,
        therapists=therapists,
        clients=clients,
        keep_ids=keep_ids,
        keep_dates=keep_dates,
    )
    spec.pipeline()  # fail early, in the parent, if the pipeline cannot be built
    run = _Run(directory, spec, resume=resume, chunk=max(1, sessions_per_task), progress=progress)
    try:
        with sigterm_as_interrupt():
            try:
                result = _execute(
                    run,
                    inputs,
                    started=started,
                    engine=engine,
                    workers=workers,
                    ray_address=ray_address,
                    ray_temp_dir=ray_temp_dir,
                )
            except KeyboardInterrupt as stop:
                raise BatchInterrupted(signal_of(stop), run.checkpointed()) from None
    finally:
        if created:
            _remove_if_empty(directory)
    return result


def _execute(
    run: _Run,
    inputs: Sequence[str | Path],
    *,
    started: float,
    engine: str,
    workers: int | None,
    ray_address: str | None,
    ray_temp_dir: str | None,
) -> BatchRun:
    run.add_inputs(inputs)
    chosen = make_engine(
        engine, workers=workers, ray_address=ray_address, ray_temp_dir=ray_temp_dir
    )
    stopped = True
    try:
        run.timings["discover_seconds"] = round(time.perf_counter() - started, 4)
        run.analyse(chosen)
        stopped = False
    finally:
        chosen.close(stop=stopped)
    options = {
        "resume": run.resume,
        "include_text": run.spec.include_text,
        "keep_ids": run.spec.keep_ids,
        "keep_dates": run.spec.keep_dates,
    }
    manifest = run.finish(chosen.description, {**options, "sessions_per_task": run.chunk}, started)
    names = {r.label: r.path for r in run.records if r.label is not None}
    names |= {f"<empty folder {n}>": folder for n, folder in enumerate(run.empty, start=1)}
    return BatchRun(directory=run.directory, manifest=manifest, input_names=names)


def _prepare(directory: Path) -> Path:
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"--output {directory}: is a file; give a folder")
    try:
        # a new output folder is private (0700), like the store's: QA27 #3
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise UsageError(
            f"--output {directory}: cannot create the folder ({exc.strerror})"
        ) from exc
    return directory


def _remove_if_empty(directory: Path) -> None:
    """Remove an output folder this run created and left empty (nothing analysed, a typo)."""
    with contextlib.suppress(OSError):
        directory.rmdir()


class _Run:
    """The state of one run (kept in the parent process)."""

    def __init__(
        self,
        directory: Path,
        spec: RunSpec,
        *,
        resume: bool,
        chunk: int,
        progress: ProgressCallback | None,
    ) -> None:
        self.directory = directory
        self.spec = spec
        self.fingerprint = spec.fingerprint()
        self.resume = resume
        self.chunk = chunk
        self.report = progress or (lambda _: None)
        self.store = PartStore(directory / ".parts")
        self.records: list[_manifest.InputRecord] = []
        self.open: dict[int, _Open] = {}
        self.follow_ups: deque[Task] = deque()
        self.workers: dict[str, _manifest.WorkerStats] = {}
        self.analyser_seconds: dict[str, float] = {}
        self.analyser_runs: dict[str, dict[str, Any]] = {}
        self.timings: dict[str, Any] = {}
        self.not_ok_sessions = 0
        self.counts: dict[str, int] = {"done": 0, "sessions": 0}
        #: INPUTS that named nothing readable (missing, unreadable, empty folder): no pruning.
        self.path_problems = 0
        self.empty: tuple[str, ...] = ()

    def add_inputs(self, inputs: Sequence[str | Path]) -> None:
        found = discover(inputs, exclude=self.directory)
        if not found.files and not found.missing:
            raise UsageError(nothing_found(found.empty))
        # a --therapist/--client typo is one usage error before any work (docs/formats.md)
        check_override_names(
            found.files,
            format=self.spec.format,
            therapists=self.spec.therapists,
            clients=self.spec.clients,
        )
        self.empty = found.empty
        self.path_problems = len(found.missing) + len(found.empty)
        self.records = [_manifest.InputRecord(str(p)) for p in found.files]
        self.records += [_manifest.InputRecord(item) for item, _ in found.missing]
        if not self.spec.keep_ids:
            for number, record in enumerate(self.records, start=1):
                record.label = input_label(number, len(self.records))
        for record, (_, message) in zip(
            self.records[len(found.files) :], found.missing, strict=True
        ):
            _fail(record, UsageError.code, message)
            self.counts["done"] += 1
            self.counts["failed"] = self.counts.get("failed", 0) + 1

    def checkpointed(self) -> int:
        """Inputs whose part is on disk for this content and setup (analysed or resumed)."""
        return sum(r.status in {"analysed", "resumed"} for r in self.records)

    # -- progress -------------------------------------------------------------------------
    def _settled(self, record: _manifest.InputRecord) -> None:
        """Count a record that has reached its final status, and report progress."""
        self.counts["done"] += 1
        self.counts["sessions"] += record.sessions
        self.counts[record.status] = self.counts.get(record.status, 0) + 1
        self._progress()

    def _progress(self, phase: str = "analysing") -> None:
        self.report(
            BatchProgress(
                total=len(self.records),
                done=self.counts["done"],
                sessions=self.counts["sessions"],
                failed=self.counts.get("failed", 0),
                resumed=self.counts.get("resumed", 0),
                phase=phase,
            )
        )

    # -- analysing ------------------------------------------------------------------------
    def analyse(self, engine: Engine) -> None:
        began, cpu = time.perf_counter(), time.process_time()
        self._progress()
        tasks = self._tasks()
        while True:
            while engine.pending() < 2 * engine.slots:
                task = self.follow_ups.popleft() if self.follow_ups else next(tasks, None)
                if task is None:
                    break
                if task.ordinal in self.open:  # not a slice of an input that failed meanwhile
                    engine.submit(task)
            if not engine.pending():
                break
            for result in engine.wait():
                self._handle(result)
        self.timings["analyse_seconds"] = round(time.perf_counter() - began, 4)
        self.timings["driver_cpu_analyse_seconds"] = round(time.process_time() - cpu, 4)

    def _tasks(self) -> Iterator[Task]:
        """Tasks for inputs that need analysing; resumed and unreadable inputs are settled."""
        for ordinal, record in enumerate(self.records):
            if record.status != "pending":
                continue
            try:
                data = Path(record.path).read_bytes()
            except OSError as exc:
                reason = exc.strerror or type(exc).__name__
                _fail(record, UsageError.code, f"{record.path}: cannot read the file ({reason})")
                self.path_problems += 1
                self._settled(record)
                continue
            record.sha256, record.bytes = sha256_hex(data), len(data)
            key = part_key(str(Path(record.path).resolve()), record.sha256, self.fingerprint)
            record.part = key
            marker = self.store.marker(key) if self.resume else None
            if marker is not None and not marker.get("not_ok_sessions"):
                self._resumed(record, marker)
                continue
            self.open[ordinal] = _Open(record, key, data)
            yield Task(ordinal, record.path, data, self.spec, 0, self.chunk)

    def _resumed(self, record: _manifest.InputRecord, marker: dict[str, Any]) -> None:
        record.status = "resumed"
        record.format, record.encoding = marker.get("format"), marker.get("encoding")
        record.sessions = int(marker.get("sessions", 0))
        record.seconds = float(marker.get("seconds", 0.0))
        record.warnings = list(marker.get("warnings", []))
        record.session_ids = list(marker.get("session_ids", []))  # absent in older parts
        record.session_failures = list(marker.get("session_failures", []))
        self.not_ok_sessions += int(marker.get("not_ok_sessions", 0))
        merge_runs(self.analyser_runs, marker.get("analyser_runs", {}))
        self._settled(record)

    def _handle(self, result: TaskResult) -> None:
        self._account(result)
        current = self.open.get(result.ordinal)
        if current is None:  # another slice of this input failed already
            return
        if result.failure is not None:
            _fail(current.record, result.failure.code, result.failure.message)
            del self.open[result.ordinal]
            self._settled(current.record)
            return
        current.slices[result.start] = result
        if result.start == 0:
            current.total = result.total_sessions
            for start in range(self.chunk, result.total_sessions, self.chunk):
                self.follow_ups.append(
                    Task(
                        result.ordinal,
                        current.record.path,
                        current.data,
                        self.spec,
                        start,
                        self.chunk,
                    )
                )
        if current.total is not None and len(current.slices) == _slices(current.total, self.chunk):
            self._complete(result.ordinal, current)

    def _account(self, result: TaskResult) -> None:
        stats = self.workers.setdefault(result.worker or "unknown", _manifest.WorkerStats())
        stats.tasks += 1
        stats.peak_rss_mb = max(stats.peak_rss_mb, result.peak_rss_mb)
        stats.busy_seconds += result.seconds
        stats.cpu_seconds += result.cpu_seconds
        for name, seconds in result.analyser_seconds.items():
            self.analyser_seconds[name] = self.analyser_seconds.get(name, 0.0) + seconds

    def _complete(self, ordinal: int, current: _Open) -> None:
        ordered = [current.slices[s] for s in sorted(current.slices)]
        record = current.record
        record.format, record.encoding = ordered[0].format, ordered[0].encoding
        record.sessions = current.total or 0
        record.seconds = sum(r.seconds for r in ordered)
        record.warnings = [record.named(w) for r in ordered for w in r.warnings]
        record.session_ids = [i for r in ordered for i in r.session_ids]
        record.session_failures = [
            {"session": position, "code": f.code, "message": record.named(f.message)}
            for r in ordered
            for position, f in r.session_failures
        ]
        not_ok = sum(r.not_ok_sessions for r in ordered)
        self.not_ok_sessions += not_ok
        runs: dict[str, dict[str, Any]] = {}
        for result in ordered:
            merge_runs(runs, result.analyser_runs)
        merge_runs(self.analyser_runs, runs)
        marker = {
            "path": record.name,
            "sha256": record.sha256,
            "fingerprint": self.fingerprint,
            "format": record.format,
            "encoding": record.encoding,
            "sessions": record.sessions,
            "seconds": round(record.seconds, 4),
            "warnings": record.warnings,
            "session_ids": record.session_ids,
            "session_failures": record.session_failures,
            "not_ok_sessions": not_ok,
            "analyser_runs": runs,
        }
        with signals_deferred():  # a part on disk is a part counted, even if stopped here
            self.store.write(current.key, [r.tables for r in ordered], marker)
            record.status = "analysed"
        del self.open[ordinal]
        self._settled(record)

    # -- writing --------------------------------------------------------------------------
    def finish(
        self, engine: dict[str, object], options: dict[str, Any], started: float
    ) -> dict[str, Any]:
        """Write tables and manifest, prune stale parts; with no input done, leave DIR alone."""
        self._progress("writing")
        began, cpu = time.perf_counter(), time.process_time()
        run_id = uuid.uuid4().hex
        done = [
            DonePart(r.part, r.name, r.sha256, r.format or "")
            for r in self.records
            if r.status in {"analysed", "resumed"} and r.part and r.sha256
        ]
        tables = self._write(done, run_id) if done else []
        keep = {r.part for r in self.records if r.part}
        pruned: int | None = None
        if done and not self.path_problems:  # a successful run (docs/batch.md, Resume)
            pruned = self.store.prune(keep)
        kept = 0 if pruned is not None else self.store.stale(keep)
        self.timings["write_seconds"] = round(time.perf_counter() - began, 4)
        self.timings["driver_cpu_write_seconds"] = round(time.process_time() - cpu, 4)
        self.timings["wall_seconds"] = round(time.perf_counter() - started, 4)
        analysed = sum(r.sessions for r in self.records if r.status == "analysed")
        spent = self.timings.get("analyse_seconds") or 0.0
        self.timings["sessions_per_second"] = round(analysed / spent, 3) if spent else None
        manifest = _manifest.build(
            run_id=run_id,
            spec=self.spec,
            engine=engine,
            inputs=self.records,
            tables=tables,
            workers=self.workers,
            analyser_seconds=self.analyser_seconds,
            analyser_runs=self.analyser_runs,
            timings=self.timings,
            options=options,
        )
        self._annotate(manifest, written=bool(done), pruned=pruned, kept=kept)
        if done:
            _manifest.write(self.directory, manifest)
        self._progress("done")
        return manifest

    def _annotate(
        self, manifest: dict[str, Any], *, written: bool, pruned: int | None, kept: int
    ) -> None:
        """Add the run's totals, corpus checks and what happened to the output folder."""
        manifest["totals"]["sessions_not_fully_analysed"] = self.not_ok_sessions
        for name in TABLES:
            manifest["totals"].setdefault(f"{name}_rows", 0)
        manifest["empty_inputs"] = (
            list(self.empty)
            if self.spec.keep_ids
            else [f"<empty folder {n}>" for n in range(1, len(self.empty) + 1)]
        )
        manifest["reader_warnings"] = reader_warnings(self.records)
        finished = [r for r in self.records if r.status in {"analysed", "resumed"}]
        manifest["duplicates"] = duplicates(self.records, {r.name: r.session_ids for r in finished})
        manifest["output"] = {
            "written": written,
            "stale_parts_deleted": pruned,
            "stale_parts_kept": kept,
        }

    def _write(self, done: Sequence[DonePart], run_id: str) -> list[WrittenTable]:
        """Write the tables to temporary files and move them into place (manifest removed)."""
        tables = write_tables(
            self.store, done, self.directory, include_text=self.spec.include_text, run_id=run_id
        )
        (self.directory / _manifest.MANIFEST).unlink(missing_ok=True)
        for table in tables:
            for final, temporary in table.files.items():
                temporary.replace(self.directory / final)
        return tables


def _slices(total: int, chunk: int) -> int:
    return max(1, -(-total // chunk))


def _fail(record: _manifest.InputRecord, code: str, message: str) -> None:
    record.status = "failed"
    record.error_code = code
    record.error_message = record.named(message)
