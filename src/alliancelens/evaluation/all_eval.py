"""``evaluate all``: every evaluation that applies to the corpora under one data root.

Built for independent evaluation on held-out data laid out like ``shared/data``: ``annomi/``
(micro-skills with the shipped model, no retraining, and the alliance AUC), ``epitome/``
(empathy), ``mibot/`` (silver-code agreement and self-reports) and ``ruptures-examples/``
(ruptures, risk language, therapist red flags and, with ``speed``, pipeline timing). Each
evaluation calls the same function as its own ``evaluate`` command; nothing is re-implemented
or retrained here. A missing corpus folder is reported as *not found*, and an evaluation that
fails gives a one-line reason while the others still run. Headline numbers are set against the
issue targets (:data:`TARGETS`) and marked met / missed.

Privacy: reasons are our errors' messages (file, line, field) or, for anything unexpected, only
the exception's type; no transcript text is ever part of a result.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alliancelens.analysers.registry import create
from alliancelens.errors import AllianceLensError, ModelFileError, UsageError
from alliancelens.evaluation.all_runs import CORPORA, SPECS, SPEED, TARGETS, Headline, Spec

__all__ = [
    "CorpusReport",
    "EvaluationRun",
    "SuiteReport",
    "evaluate_all",
    "headline_rows",
    "to_json",
    "to_markdown",
]


@dataclass(slots=True)
class EvaluationRun:
    """One evaluation on one corpus: its full result, or the one-line reason it failed."""

    name: str
    command: str
    analysers: list[dict[str, Any]] = field(default_factory=list)
    result: Any = None
    reason: str | None = None
    seconds: float = 0.0
    headlines: list[Headline] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the evaluation produced a result."""
        return self.reason is None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (the full result of the evaluation function)."""
        return {
            "name": self.name,
            "command": self.command,
            "status": "ok" if self.ok else "failed",
            "reason": self.reason,
            "seconds": round(self.seconds, 2),
            "analysers": self.analysers,
            "headlines": [h.as_dict() for h in self.headlines],
            "notes": self.notes,
            "result": self.result,
        }


@dataclass(slots=True)
class CorpusReport:
    """One corpus folder: found or not, and its evaluations."""

    name: str
    path: Path
    found: bool
    evaluations: list[EvaluationRun] = field(default_factory=list)

    @property
    def status(self) -> str:
        """``not found``, ``evaluated``, ``partly failed`` or ``failed``."""
        if not self.found:
            return f"not found at {self.path}"
        ok = sum(run.ok for run in self.evaluations)
        if ok == len(self.evaluations):
            return "evaluated"
        return "failed" if ok == 0 else "partly failed"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "corpus": self.name,
            "path": str(self.path),
            "status": self.status,
            "evaluations": [run.as_dict() for run in self.evaluations],
        }


@dataclass(slots=True)
class SuiteReport:
    """Everything ``evaluate all`` measured, with versions and model digests."""

    data_root: Path
    version: str
    date: str
    models: dict[str, str | None]
    corpora: list[CorpusReport]
    seconds: float = 0.0

    @property
    def evaluated(self) -> int:
        """Number of evaluations that produced a result."""
        return sum(run.ok for corpus in self.corpora for run in corpus.evaluations)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (``evaluate all --json``)."""
        return {
            "alliancelens_version": self.version,
            "date": self.date,
            "data_root": str(self.data_root),
            "seconds": round(self.seconds, 1),
            "evaluations_run": self.evaluated,
            "models_sha256": self.models,
            "targets": TARGETS,
            "corpora": [c.as_dict() for c in self.corpora],
        }


Progress = Callable[[str], None]


def _jsonable(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool | type(None)) else str(value)


def _analysers(names: Sequence[str]) -> list[dict[str, Any]]:
    """Name, version and parameters (model digests included) of each analyser, as it runs."""
    out = []
    for name in names:
        provenance = create(name).provenance
        params = {k: _jsonable(v) for k, v in provenance.params.items()}
        out.append({"name": name, "version": provenance.version, "params": params})
    return out


def _model_digests() -> dict[str, str | None]:
    """SHA-256 of each shipped model (None when its files cannot be read)."""
    from alliancelens.models.coder import model_digest  # noqa: PLC0415
    from alliancelens.models.risk_model import risk_model_digest  # noqa: PLC0415
    from alliancelens.models.rupture_model import rupture_model_digest  # noqa: PLC0415

    digests: dict[str, str | None] = {}
    for name, digest in (
        ("microskills", model_digest),
        ("ruptures", rupture_model_digest),
        ("risk", risk_model_digest),
    ):
        try:
            digests[name] = digest()
        except ModelFileError:
            digests[name] = None
    return digests


def _reason(exc: Exception) -> str:
    """One line naming what went wrong, never the data's content."""
    if isinstance(exc, AllianceLensError):
        return f"{exc.message} [{exc.code}]"
    if isinstance(exc, OSError):
        return f"cannot read {exc.filename or 'a file'} ({exc.strerror or type(exc).__name__})"
    return (
        f"unexpected {type(exc).__name__} while evaluating; run the single command with "
        "ALLIANCELENS_DEBUG=1 for details"
    )


def _run(spec: Spec, folder: Path) -> EvaluationRun:
    run = EvaluationRun(spec.name, f"alliancelens {spec.command} --data {folder}")
    started = time.perf_counter()
    try:
        run.analysers = _analysers(spec.analysers)
        run.result, run.headlines, run.notes = spec.run(folder)
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # noqa: BLE001 - one corpus must not stop the others
        run.result, run.headlines, run.notes = None, [], []
        run.reason = _reason(exc)
    run.seconds = time.perf_counter() - started
    return run


def evaluate_all(
    data_root: str | Path,
    *,
    speed: bool = False,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> SuiteReport:
    """Run every evaluation whose corpus folder exists under ``data_root``.

    Raises :class:`UsageError` only when ``data_root`` is not a folder; everything else is
    reported per corpus and per evaluation.
    """
    from alliancelens import __version__  # noqa: PLC0415 - the installed package's version

    root = Path(data_root)
    if not root.is_dir():
        raise UsageError(f"--data-root {root}: not a folder; give the folder holding the corpora")
    started = time.perf_counter()
    corpora = []
    for name in CORPORA:
        folder = root / name
        corpus = CorpusReport(name, folder, folder.is_dir())
        specs = SPECS[name] + ((SPEED,) if speed and name == "ruptures-examples" else ())
        for spec in specs if corpus.found else ():
            if progress is not None:
                progress(f"{name}: {spec.name}")
            corpus.evaluations.append(_run(spec, folder))
        corpora.append(corpus)
    stamp = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    report = SuiteReport(root, __version__, stamp, _model_digests(), corpora)
    report.seconds = time.perf_counter() - started
    return report


def _cell(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def headline_rows(corpus: CorpusReport) -> list[tuple[str, str, str, str, str]]:
    """(evaluation, measure, value, target, verdict) rows for one corpus's table."""
    rows = []
    for run in corpus.evaluations:
        if not run.ok:
            rows.append((run.name, "failed", "–", "", str(run.reason)))
            continue
        for head in run.headlines:
            bound = "≤" if head.at_most else "≥"
            target = "–" if head.target is None else f"{bound} {head.target:.2f}"
            rows.append((run.name, head.measure, _cell(head.value), target, head.verdict))
    return rows


def to_markdown(report: SuiteReport) -> str:
    """The compact per-corpus tables as Markdown (``--markdown``)."""
    lines = [
        "# AllianceLens independent evaluation",
        "",
        f"AllianceLens {report.version}, {report.date}, data root `{report.data_root}`, "
        f"{report.evaluated} evaluation(s) in {report.seconds:.0f} s.",
        "",
        "Models (SHA-256): "
        + ", ".join(f"{k} `{(v or 'unreadable')[:12]}`" for k, v in report.models.items()),
    ]
    for corpus in report.corpora:
        lines += ["", f"## {corpus.name}: {corpus.status}"]
        if not corpus.found:
            continue
        lines += ["", "| evaluation | measure | value | target | |", "|---|---|---|---|---|"]
        lines += [f"| {' | '.join(row)} |" for row in headline_rows(corpus)]
        notes = [f"{run.name}: {note}" for run in corpus.evaluations for note in run.notes]
        lines += [""] + [f"- {note}" for note in notes] if notes else []
    return "\n".join(lines) + "\n"


def to_json(report: SuiteReport) -> str:
    """The full report as indented JSON (``--json`` / ``-o``)."""
    return json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n"
