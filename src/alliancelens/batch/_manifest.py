"""The run manifest, ``DIR/manifest.json``: what went in, with what, how long, what failed.

It never holds transcript text or speaker labels. Inputs are named ``input-<n>`` (their place in
discovery order) unless the run keeps ids (``--keep-ids``, ``--include-text``), then by path;
failures by error code and a message that names that input, line or field (see
``docs/batch.md`` for every key).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alliancelens import __version__
from alliancelens.batch._parts import write_atomically
from alliancelens.batch._spec import RunSpec
from alliancelens.batch._writer import WrittenTable

__all__ = ["MANIFEST", "MANIFEST_VERSION", "InputRecord", "WorkerStats", "build", "write"]

MANIFEST = "manifest.json"
#: A path this short is only replaced at the start of a message (:meth:`InputRecord.named`).
_SHORT = 3
#: Version of the manifest layout; keys are only ever added within a major version.
MANIFEST_VERSION = "1.0"


@dataclass(slots=True)
class InputRecord:
    """One input: where it is, its content hash, and what happened to it."""

    path: str
    #: The input's name in the manifest and tables when ids are not kept (``input-0007``);
    #: None: named by ``path``.
    label: str | None = None
    sha256: str | None = None
    bytes: int | None = None
    status: str = "pending"  # analysed | resumed | failed
    format: str | None = None
    encoding: str | None = None
    sessions: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    error_code: str | None = None
    error_message: str | None = None
    part: str | None = None
    #: ids of its sessions (not listed per input; used to find ids repeated across inputs)
    session_ids: list[str] = field(default_factory=list)
    #: sessions of this (multi-session) file that failed: {"session", "code", "message"}
    session_failures: list[dict[str, Any]] = field(default_factory=list)

    @property
    def name(self) -> str:
        """How the manifest and tables name this input: its label, else its path."""
        return self.label if self.label is not None else self.path

    def named(self, message: str) -> str:
        """``message`` with the input's path replaced by its :attr:`name`.

        Messages start with the path (``path: line 3: …``); elsewhere a path of a few
        characters is left alone, as it could be part of other words.
        """
        if self.label is None:
            return message
        if message.startswith(self.path):
            message = self.label + message[len(self.path) :]
        return message.replace(self.path, self.label) if len(self.path) > _SHORT else message

    def as_json(self) -> dict[str, Any]:
        """The manifest entry."""
        entry: dict[str, Any] = {
            "path": self.name,
            "sha256": self.sha256,
            "bytes": self.bytes,
            "status": self.status,
            "format": self.format,
            "encoding": self.encoding,
            "sessions": self.sessions,
            "seconds": round(self.seconds, 4),
            "warnings": self.warnings,
        }
        if self.session_failures:
            entry["sessions_failed"] = len(self.session_failures)
        if self.status == "failed":
            entry["error"] = {"code": self.error_code, "message": self.error_message}
        return entry


@dataclass(slots=True)
class WorkerStats:
    """Tasks and peak resident memory of one worker process."""

    tasks: int = 0
    peak_rss_mb: float = 0.0
    busy_seconds: float = 0.0
    cpu_seconds: float = 0.0


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def build(
    *,
    run_id: str,
    spec: RunSpec,
    engine: Mapping[str, object],
    inputs: Sequence[InputRecord],
    tables: Sequence[WrittenTable],
    workers: Mapping[str, WorkerStats],
    analyser_seconds: Mapping[str, float],
    analyser_runs: Mapping[str, Any],
    timings: Mapping[str, Any],
    options: Mapping[str, Any],
) -> dict[str, Any]:
    """The manifest document."""
    failed = [i for i in inputs if i.status == "failed"]
    return {
        "manifest_version": MANIFEST_VERSION,
        "run_id": run_id,
        "generator": {"name": "alliancelens", "version": __version__},
        "finished": _now(),
        "engine": dict(engine),
        "options": dict(options),
        "pipeline": _pipeline(spec),
        "totals": {
            "inputs": len(inputs),
            "analysed": sum(i.status == "analysed" for i in inputs),
            "resumed": sum(i.status == "resumed" for i in inputs),
            "failed": len(failed),
            "sessions": sum(i.sessions for i in inputs),
            "sessions_failed": sum(len(i.session_failures) for i in inputs),
            **{f"{t.name}_rows": t.rows for t in tables},
        },
        "tables": {
            t.name: {"rows": t.rows, "columns": t.columns, "files": sorted(t.files)} for t in tables
        },
        "timings": dict(timings),
        "analyser_runs": dict(sorted(analyser_runs.items())),
        "analyser_seconds": {k: round(v, 4) for k, v in sorted(analyser_seconds.items())},
        "workers": [
            {
                "worker": name,
                "tasks": s.tasks,
                "peak_rss_mb": s.peak_rss_mb,
                "busy_seconds": round(s.busy_seconds, 3),
                "cpu_seconds": round(s.cpu_seconds, 3),
            }
            for name, s in sorted(workers.items())
        ],
        "inputs": [i.as_json() for i in inputs],
        "failures": _failures(inputs),
    }


def _failures(inputs: Sequence[InputRecord]) -> list[dict[str, Any]]:
    """Failed inputs and failed sessions of analysed inputs, in input order.

    A failed session's row has ``session``: its 1-based position in the file (never its id).
    """
    rows: list[dict[str, Any]] = []
    for i in inputs:
        if i.status == "failed":
            rows.append(
                {
                    "path": i.name,
                    "sha256": i.sha256,
                    "code": i.error_code,
                    "message": i.error_message,
                }
            )
        rows.extend({"path": i.name, "sha256": i.sha256, **f} for f in i.session_failures)
    return rows


def _pipeline(spec: RunSpec) -> dict[str, Any]:
    """The spec, with --therapist/--client names replaced by their number (they may be names)."""
    described = spec.as_json()
    described["therapists"] = len(spec.therapists)
    described["clients"] = len(spec.clients)
    return {"fingerprint": spec.fingerprint(), **described}


def write(directory: Path, manifest: Mapping[str, Any]) -> Path:
    """Write ``manifest.json`` atomically."""
    path = directory / MANIFEST
    text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    write_atomically(path, lambda p: p.write_text(text, "utf-8"))
    return path


def read(directory: Path) -> dict[str, Any]:
    """The manifest of a finished run in ``directory``."""
    loaded: dict[str, Any] = json.loads((directory / MANIFEST).read_text("utf-8"))
    return loaded
