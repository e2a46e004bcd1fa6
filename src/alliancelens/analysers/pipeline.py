"""Run analysers over a session in dependency order, recording what ran, failed or was skipped.

The pipeline is checked when it is built: every requirement of every analyser must be a session
capability (:data:`~alliancelens.analysers.base.SESSION_CAPABILITIES`) or a finding kind produced by
an analyser earlier in the list. At run time one failing analyser never loses the others' results;
analysers that depend on a failed one are *skipped*, and both states mean *not analysed*.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from alliancelens.analysers.base import SESSION_CAPABILITIES, Analyser, FindingSet
from alliancelens.analysers.registry import available
from alliancelens.domain import AnalyserRun, Finding, RunStatus, Scope, Session
from alliancelens.errors import AllianceLensError, PipelineError, UsageError

__all__ = ["AnalysisResult", "Pipeline", "default_pipeline"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class AnalysisResult:
    """A session with every finding and the run record of every analyser."""

    session: Session
    findings: FindingSet
    runs: tuple[AnalyserRun, ...]

    def run_of(self, name: str) -> AnalyserRun | None:
        """The run record of analyser ``name``, if it was in the pipeline."""
        return next((r for r in self.runs if r.name == name), None)


class ContractViolationError(AllianceLensError):
    """An analyser emitted something its declaration does not allow (a bug in that analyser)."""

    code = "AL101"


class Pipeline:
    """An ordered, validated list of analysers."""

    def __init__(self, analysers: Sequence[Analyser]) -> None:
        self.analysers = tuple(analysers)
        self._check()

    def _check(self) -> None:
        names: set[str] = set()
        known = set(SESSION_CAPABILITIES)
        for analyser in self.analysers:
            if analyser.name in names:
                raise PipelineError(f"analyser {analyser.name!r} appears twice in the pipeline")
            names.add(analyser.name)
            missing = sorted(set(analyser.requires) - known)
            if missing:
                raise PipelineError(
                    f"analyser {analyser.name!r} requires {', '.join(missing)}, which no earlier "
                    "analyser produces; add the producing analyser before it"
                )
            known |= set(analyser.produces)

    def run(self, session: Session) -> AnalysisResult:
        """Run every analyser on ``session``; never raises for an analyser's failure.

        Raises :class:`~alliancelens.errors.UsageError` when ``session`` is not a
        :class:`~alliancelens.domain.Session` (e.g. the ``IngestResult`` of ``read_file``).
        """
        _check_session(session)
        findings = FindingSet()
        runs: list[AnalyserRun] = []
        unavailable: dict[str, str] = {}  # finding kind -> analyser that should have produced it
        for analyser in self.analysers:
            params = analyser.get_params()
            blocked = sorted(unavailable[k] for k in analyser.requires if k in unavailable)
            if blocked:
                for kind in analyser.produces:
                    unavailable[kind] = analyser.name
                runs.append(
                    AnalyserRun(
                        analyser.name,
                        analyser.version,
                        RunStatus.SKIPPED,
                        params,
                        reason=f"requires output of {', '.join(blocked)}, which did not run",
                    )
                )
                continue
            started = time.perf_counter()
            try:
                produced = analyser.analyse(session, upstream=findings)
                _check_contract(analyser, session, produced)
            except Exception as exc:  # noqa: BLE001 - isolate analysers: one failure loses nothing else
                for kind in analyser.produces:
                    unavailable[kind] = analyser.name
                reason = _describe(exc)
                # Only the exception type and our own message: never transcript text.
                logger.warning("analyser %s failed: %s", analyser.name, reason)
                runs.append(
                    AnalyserRun(
                        analyser.name,
                        analyser.version,
                        RunStatus.FAILED,
                        params,
                        reason=reason,
                        seconds=time.perf_counter() - started,
                    )
                )
                continue
            findings = findings.plus(produced)
            runs.append(
                AnalyserRun(
                    analyser.name,
                    analyser.version,
                    RunStatus.OK,
                    params,
                    seconds=time.perf_counter() - started,
                    findings=len(produced),
                )
            )
        return AnalysisResult(session=session, findings=findings, runs=tuple(runs))


def _check_session(session: object) -> None:
    """Refuse anything but a Session, saying how to get one (never echoing the value)."""
    if isinstance(session, Session):
        return
    got = type(session).__name__
    if got == "IngestResult":
        how = "pass one of its sessions: read_file(path).sessions[0], or loop over .sessions"
    elif isinstance(session, str | PurePath):
        how = "read the file first: read_file(path).sessions[0]"
    else:
        how = "e.g. read_file(path).sessions[0] or alliancelens.testing.make_session(...)"
    raise UsageError(f"analyse() needs a Session, got {got}; {how}")


def _describe(exc: Exception) -> str:
    """A reason safe to show and log: our own messages, else only the exception type."""
    if isinstance(exc, AllianceLensError):
        return f"{type(exc).__name__}: {exc.message}"
    return f"internal error ({type(exc).__name__}); please report it"


def _check_contract(analyser: Analyser, session: Session, produced: Sequence[Finding]) -> None:
    indexes = session.indexes
    for finding in produced:
        if finding.kind not in analyser.produces:
            raise ContractViolationError(f"emitted undeclared finding kind {finding.kind!r}")
        bad = [i for i in finding.evidence.utterance_indexes if i not in indexes]
        if bad:
            raise ContractViolationError(
                f"evidence points at utterance indexes not in the session: {bad}"
            )
        if finding.scope is Scope.UTTERANCE and finding.utterance_index not in indexes:
            raise ContractViolationError("utterance finding without a valid utterance_index")


def default_pipeline() -> Pipeline:
    """Every registered analyser with its default parameters, in dependency order."""
    return Pipeline([cls() for cls in available().values()])
