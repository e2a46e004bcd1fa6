"""``evaluate all``: every evaluation that applies to the corpora under one data root.

Built for independent evaluation on held-out data laid out like ``shared/data``: ``annomi/``
(micro-skills with the shipped model, no retraining, and the alliance AUC), ``epitome/``
(empathy), ``mibot/`` (silver-code agreement and self-reports) and ``ruptures-examples/``
(ruptures, risk language, therapist red flags and, with ``speed``, pipeline timing). Each
evaluation calls the same function as its own ``evaluate`` command; nothing is re-implemented
or retrained here. A missing corpus folder is reported as *not found*, and an evaluation that
fails gives a one-line reason while the others still run. Headline numbers are set against the
issue targets (:data:`TARGETS`) and marked met / missed; on a corpus that is development data
(the shared-data corpora the rules were tuned on, recognised by content: :mod:`._development`)
they are marked "met/missed on development data (optimistic)". The report is headed
"independent evaluation" only when the user says the data was held out (``held_out``) and no
evaluated corpus is development data (QA36 item 7).

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
from alliancelens.evaluation._development import is_development
from alliancelens.evaluation.all_runs import CORPORA, SPECS, SPEED, TARGETS, Headline, Spec

#: Evaluations whose numbers do not depend on what the data was used for (timing).
_NOT_ACCURACY = frozenset({SPEED.name})

__all__ = [
    "CorpusReport",
    "EvaluationRun",
    "SuiteReport",
    "evaluate_all",
    "headline_rows",
    "to_json",
    "to_markdown",
    "verdict",
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
    #: the corpus the rules and models were developed on: its numbers are optimistic
    development: bool = False

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
            "development_data": self.development,
            "evaluations": [self._marked(run.as_dict()) for run in self.evaluations],
        }

    def _marked(self, run: dict[str, Any]) -> dict[str, Any]:
        development = self.development and run["name"] not in _NOT_ACCURACY
        for head in run["headlines"]:
            head["verdict"] = verdict(head["verdict"], development=development)
        return run


@dataclass(slots=True)
class SuiteReport:
    """Everything ``evaluate all`` measured, with versions and model digests."""

    data_root: Path
    version: str
    date: str
    models: dict[str, str | None]
    corpora: list[CorpusReport]
    seconds: float = 0.0
    #: the user stated that the data was held out from development (``--held-out``)
    held_out: bool = False

    @property
    def independent(self) -> bool:
        """Held out by the user's word, and no evaluated corpus is known development data."""
        evaluated = [c for c in self.corpora if c.found and c.evaluations]
        return self.held_out and bool(evaluated) and not any(c.development for c in evaluated)

    @property
    def title(self) -> str:
        """The report's heading: "independent" only for :attr:`independent` data."""
        if self.independent:
            return "AllianceLens independent evaluation"
        if any(c.development for c in self.corpora):
            return "AllianceLens evaluation on development data (optimistic)"
        return "AllianceLens evaluation"

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
            "title": self.title,
            "held_out": self.held_out,
            "independent": self.independent,
            "development_corpora": [c.name for c in self.corpora if c.development],
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
    held_out: bool = False,
) -> SuiteReport:
    """Run every evaluation whose corpus folder exists under ``data_root``.

    ``held_out``: the caller states the data was not used in development (see
    :attr:`SuiteReport.independent`).

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
        corpus.development = corpus.found and is_development(name, folder)
        specs = SPECS[name] + ((SPEED,) if speed and name == "ruptures-examples" else ())
        for spec in specs if corpus.found else ():
            if progress is not None:
                progress(f"{name}: {spec.name}")
            corpus.evaluations.append(_run(spec, folder))
        corpora.append(corpus)
    stamp = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    report = SuiteReport(root, __version__, stamp, _model_digests(), corpora, held_out=held_out)
    report.seconds = time.perf_counter() - started
    return report


def _cell(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def verdict(plain: str, *, development: bool) -> str:
    """``met``/``missed``, or on development data "met on development data (optimistic)"."""
    if development and plain in {"met", "missed"}:
        return f"{plain} on development data (optimistic)"
    return plain


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
            development = corpus.development and run.name not in _NOT_ACCURACY
            marked = verdict(head.verdict, development=development)
            rows.append((run.name, head.measure, _cell(head.value), target, marked))
    return rows


#: Said once in a report that holds development data (pasted into a paper, it keeps the caveat).
_DEVELOPMENT_NOTE = (
    "Corpora marked *development data* are those the rules, thresholds and models were "
    "developed on: their numbers are optimistic and are not an independent estimate of accuracy."
)


def to_markdown(report: SuiteReport) -> str:
    """The compact per-corpus tables as Markdown (``--markdown``)."""
    lines = [
        f"# {report.title}",
        "",
        f"AllianceLens {report.version}, {report.date}, data root `{report.data_root}`, "
        f"{report.evaluated} evaluation(s) in {report.seconds:.0f} s.",
        "",
        "Models (SHA-256): "
        + ", ".join(f"{k} `{(v or 'unreadable')[:12]}`" for k, v in report.models.items()),
    ]
    if any(c.development for c in report.corpora):
        lines += ["", _DEVELOPMENT_NOTE]
    for corpus in report.corpora:
        dev = " (development data)" if corpus.development else ""
        lines += ["", f"## {corpus.name}: {corpus.status}{dev}"]
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
