"""Pipeline building checks and run-time isolation of analysers."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

from alliancelens.analysers import FindingSet, Pipeline, default_pipeline
from alliancelens.analysers.base import Analyser
from alliancelens.analysers.talk import TalkStatistics
from alliancelens.domain import Finding, RunStatus, Session
from alliancelens.errors import PipelineError, UsageError
from alliancelens.ingest import IngestResult
from alliancelens.testing import make_session

SESSION = make_session(("therapist", "Hello?"), ("client", "Hi."))


class _Boom(Analyser):
    name = "test.boom"
    version = 1
    produces = frozenset({"boom.summary"})
    description = "always fails"

    def _analyse(self, session: Session, upstream: FindingSet) -> Iterable[Finding]:
        raise RuntimeError("secret transcript words")


class _Needs(Analyser):
    name = "test.needs"
    version = 1
    requires = frozenset({"boom.summary"})
    produces = frozenset({"needs.summary"})
    description = "depends on boom"

    def _analyse(self, session: Session, upstream: FindingSet) -> Iterable[Finding]:
        yield self.session_finding("needs.summary", len(upstream))


class _Liar(Analyser):
    name = "test.liar"
    version = 1
    produces = frozenset({"liar.summary"})
    description = "emits what it did not declare"

    def __init__(self, *, evidence: int = 99) -> None:
        self.evidence = evidence

    def _analyse(self, session: Session, upstream: FindingSet) -> Iterable[Finding]:
        yield self.session_finding("liar.summary", 1, utterance_indexes=[self.evidence])


def test_missing_requirement_fails_at_build_time() -> None:
    """A pipeline whose analyser needs a kind nobody produces earlier is refused when built."""
    with pytest.raises(PipelineError, match=r"requires boom\.summary"):
        Pipeline([_Needs(), _Boom()])


def test_duplicate_analyser_is_refused() -> None:
    """The same analyser twice is a build error."""
    with pytest.raises(PipelineError, match="twice"):
        Pipeline([TalkStatistics(), TalkStatistics()])


def test_failure_is_isolated_and_dependents_skipped() -> None:
    """One failing analyser keeps the others' results; its dependents are skipped, not run."""
    result = Pipeline([_Boom(), TalkStatistics(), _Needs()]).run(SESSION)
    statuses = {run.name: run.status for run in result.runs}
    assert statuses == {
        "test.boom": RunStatus.FAILED,
        "talk.statistics": RunStatus.OK,
        "test.needs": RunStatus.SKIPPED,
    }
    assert result.findings.of_kind("talk.summary")
    assert "test.boom" in (result.run_of("test.needs").reason or "")  # type: ignore[union-attr]


def test_failure_reason_never_contains_exception_text() -> None:
    """The recorded reason for an unexpected exception names only its type (no transcript text)."""
    result = Pipeline([_Boom()]).run(SESSION)
    reason = result.runs[0].reason or ""
    assert "secret" not in reason
    assert "RuntimeError" in reason


@pytest.mark.parametrize("evidence", [99, -1])
def test_contract_violation_is_a_failure(evidence: int) -> None:
    """Evidence pointing at utterances that do not exist marks the analyser failed."""
    result = Pipeline([_Liar(evidence=evidence)]).run(SESSION)
    assert result.runs[0].status is RunStatus.FAILED
    assert not result.findings


def test_params_are_recorded_with_the_run() -> None:
    """Each run record carries the analyser's parameters."""
    result = Pipeline([TalkStatistics(interruption_min_overlap=0.5)]).run(SESSION)
    assert result.runs[0].params == {"interruption_min_overlap": 0.5, "max_seconds_per_word": 1.0}
    finding = result.findings.of_kind("talk.summary")[0]
    assert finding.provenance.params == {
        "interruption_min_overlap": 0.5,
        "max_seconds_per_word": 1.0,
    }


def test_default_pipeline_runs_every_registered_analyser() -> None:
    """The default pipeline builds, and every analyser in it runs ok on an ordinary session."""
    result = default_pipeline().run(SESSION)
    assert result.runs
    assert all(run.status is RunStatus.OK for run in result.runs)


@pytest.mark.parametrize(
    ("given", "words"),
    [
        (
            IngestResult(
                "a.txt",
                "text",
                (
                    make_session(
                        ("T", "Hi."),
                    ),
                ),
            ),
            r"sessions\[0\]",
        ),
        ("session-02.vtt", "read the file first"),
        (Path("session-02.vtt"), "read the file first"),
        (None, "got NoneType"),
    ],
)
def test_run_refuses_anything_but_a_session(given: object, words: str) -> None:
    """Pipeline.run raises UsageError saying how to get a Session, not a run of failures."""
    with pytest.raises(UsageError, match=words):
        Pipeline([TalkStatistics()]).run(given)  # type: ignore[arg-type]
