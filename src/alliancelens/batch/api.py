"""The notebook API: ``analyse_corpus(paths) -> CorpusTables`` (three pandas DataFrames).

Integer columns that can be missing use pandas' nullable ``Int64``, booleans ``boolean``;
``evidence_indexes`` holds arrays of utterance indexes. Needs ``pip install 'alliancelens[batch]'``.
"""

from __future__ import annotations

import multiprocessing
import tempfile
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from alliancelens.analysers import Pipeline
from alliancelens.batch import _manifest
from alliancelens.batch._parts import TABLES
from alliancelens.batch._runner import BatchRun, ProgressCallback, run_batch
from alliancelens.errors import UsageError, WorkerLostError

__all__ = ["CorpusFailuresWarning", "CorpusTables", "analyse_corpus"]


class CorpusFailuresWarning(UserWarning):
    """Some inputs of :func:`analyse_corpus` failed; the tables cover only the others."""


_TYPES = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}
#: What to do when a script calls analyse_corpus at its top level (worker processes are
#: spawned and re-import the script, so the call would run again in every worker).
MAIN_GUARD_HINT = (
    'in a script, call analyse_corpus() under `if __name__ == "__main__":` (worker processes '
    "re-import the script); see docs/batch.md"
)


@dataclass(frozen=True, slots=True)
class CorpusTables:
    """One row per utterance, per session and per finding, plus the run manifest."""

    utterances: pd.DataFrame
    sessions: pd.DataFrame
    findings: pd.DataFrame
    manifest: dict[str, Any]

    @classmethod
    def read(cls, directory: str | Path) -> CorpusTables:
        """Load the tables a batch run wrote to ``directory`` (checked against its manifest)."""
        folder = Path(directory)
        try:
            manifest = _manifest.read(folder)
        except (OSError, ValueError) as exc:
            raise UsageError(
                f"{folder}: no readable {_manifest.MANIFEST} (is it a finished batch output "
                "folder? rerun the batch with --resume, or resume=True in Python, to finish it)"
            ) from exc
        frames = {name: _frame(folder, name, manifest["run_id"]) for name in TABLES}
        return cls(frames["utterances"], frames["sessions"], frames["findings"], manifest)


def _frame(folder: Path, name: str, run_id: str) -> pd.DataFrame:
    path = folder / f"{name}.parquet"
    table = pq.read_table(path)
    metadata = table.schema.metadata or {}
    if metadata.get(b"alliancelens.run_id", b"").decode() != run_id:
        raise UsageError(
            f"{path}: belongs to another run than {_manifest.MANIFEST} (an interrupted run?); "
            "rerun the batch with --resume (resume=True in Python)"
        )
    return table.to_pandas(types_mapper=_TYPES.get)


def analyse_corpus(
    paths: str | Path | Sequence[str | Path],
    *,
    workers: int | None = None,
    engine: str = "local",
    ray_address: str | None = None,
    output: str | Path | None = None,
    resume: bool = False,
    include_text: bool = False,
    keep_ids: bool = False,
    keep_dates: bool = False,
    pipeline: Pipeline | None = None,
    progress: ProgressCallback | None = None,
) -> CorpusTables:
    """Analyse every transcript under ``paths`` (files, folders, globs) into DataFrames.

    With ``output`` the tables and manifest are also kept there (and ``resume`` can reuse it);
    without it they are built in a temporary folder that is removed afterwards.
    ``include_text`` adds utterance text and real speaker labels (needed for ConvoKit export)
    and keeps words analysers quote in finding values (withheld without it). Without
    ``keep_ids`` (implied by ``include_text``) sessions and inputs are named by pseudonyms
    (``s-<hash>-<n>``, ``input-<n>``), not by ``# id:`` headers and file paths. Without
    ``keep_dates`` (implied by ``keep_ids``) the ``sessions`` table's ``date`` is empty.
    """
    if getattr(multiprocessing.current_process(), "_inheriting", False):
        # A spawned worker is re-importing the caller's script: the call is not guarded.
        raise UsageError(
            f"analyse_corpus() ran while a worker process was starting; {MAIN_GUARD_HINT}"
        )
    inputs = [paths] if isinstance(paths, str | Path) else list(paths)
    options: dict[str, Any] = {
        "workers": workers,
        "engine": engine,
        "ray_address": ray_address,
        "resume": resume,
        "include_text": include_text,
        "keep_ids": keep_ids,
        "keep_dates": keep_dates,
        "pipeline": pipeline,
        "progress": progress,
    }
    if output is not None:
        return _tables(run_batch(inputs, output, **options))
    with tempfile.TemporaryDirectory(prefix="alliancelens-batch-") as folder:
        return _tables(run_batch(inputs, folder, **options))


def _tables(run: BatchRun) -> CorpusTables:
    """The run's tables; a run in which every input failed wrote none (and left ``output``)."""
    if not run.written:
        first = run.failures[0]
        if all(f["code"] == WorkerLostError.code for f in run.failures):
            raise UsageError(
                f"no input could be analysed: the worker processes stopped before finishing any "
                f"of the {len(run.failures)} input(s), so the inputs were not the problem; "
                f"{MAIN_GUARD_HINT}; otherwise try workers=1 and check memory "
                "(the output folder was left unchanged)"
            )
        raise UsageError(
            f"no input could be analysed ({len(run.failures)} failed; the first: "
            f"{first['message']} [{first['code']}]); the output folder was left unchanged"
        )
    if run.failures:
        codes = Counter(f["code"] for f in run.failures)
        listed = ", ".join(f"{code} ×{n}" for code, n in sorted(codes.items()))
        totals = run.manifest["totals"]
        sessions = totals.get("sessions_failed", 0)
        also = f" and {sessions} session(s) of multi-session files" if sessions else ""
        warnings.warn(
            f"{totals['failed']} of {totals['inputs']} input(s){also} failed and are not in "
            f"the tables ({listed}); see tables.manifest['failures'] for each path (and "
            "session position), code and message",
            CorpusFailuresWarning,
            stacklevel=3,
        )
    return CorpusTables.read(run.directory)
