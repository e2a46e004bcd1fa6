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
from typing import Final

from alliancelens.analysers._language import looks_english
from alliancelens.analysers.base import SESSION_CAPABILITIES, Analyser, FindingSet
from alliancelens.analysers.registry import available
from alliancelens.domain import AnalyserRun, Finding, Role, RunStatus, Scope, Session
from alliancelens.errors import AllianceLensError, PipelineError, UsageError

__all__ = [
    "LANGUAGE_NEUTRAL",
    "LANGUAGE_NOT_SUPPORTED",
    "NOT_ENGLISH_SHARE",
    "AnalysisResult",
    "Pipeline",
    "default_pipeline",
]

logger = logging.getLogger(__name__)

#: QA43 #4: when more than this share of a session's client utterances do not read as English
#: (:func:`~alliancelens.analysers._language.looks_english`), the analysers that read English
#: wording are *skipped* (not analysed), never run to report "nothing found" on text they
#: cannot read. More than half: the session is mostly in another language; an English session
#: with a few lines in another language is analysed as before (those lines are simply not
#: matched, and the risk screen lists them as not screened).
NOT_ENGLISH_SHARE: Final = 0.5
#: Analysers that still run on such a session: talk statistics count words, turns and times in
#: any language; the risk screen reads line by line and reports each line that does not read as
#: English as *not screened (language not supported)* itself. Every other analyser (ruptures,
#: alliance, relational markers, red flags, micro-skills codes and summary, and any new one) is
#: treated as reading English.
LANGUAGE_NEUTRAL: Final = frozenset({"talk.statistics", "risk.language"})
#: The reason recorded on an analyser skipped for the session's language.
LANGUAGE_NOT_SUPPORTED: Final = (
    "language not supported: most client utterances are not in English, which this analyser reads"
)


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
        foreign = _mostly_not_english(session)
        for analyser in self.analysers:
            params = analyser.get_params()
            blocked = sorted(unavailable[k] for k in analyser.requires if k in unavailable)
            unread = foreign and analyser.name not in LANGUAGE_NEUTRAL
            if blocked or unread:
                for kind in analyser.produces:
                    unavailable[kind] = analyser.name
                runs.append(
                    AnalyserRun(
                        analyser.name,
                        analyser.version,
                        RunStatus.SKIPPED,
                        params,
                        reason=LANGUAGE_NOT_SUPPORTED
                        if unread
                        else f"requires output of {', '.join(blocked)}, which did not run",
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


def _mostly_not_english(session: Session) -> bool:
    """Whether more than :data:`NOT_ENGLISH_SHARE` of the client utterances are not English."""
    client = [u.text for u in session.utterances if u.role is Role.CLIENT]
    foreign = sum(not looks_english(text) for text in client)
    return bool(client) and foreign > NOT_ENGLISH_SHARE * len(client)


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
