"""The run spec: pipeline as data, rebuilt per process, and the fingerprint resume relies on."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

import pytest

from alliancelens.analysers import Analyser, FindingSet, Pipeline, default_pipeline
from alliancelens.analysers.talk import TalkStatistics
from alliancelens.batch._spec import (
    AnalyserSpec,
    RunSpec,
    check_read_options,
    jsonable,
    part_key,
)
from alliancelens.domain import Finding, Session
from alliancelens.errors import UsageError


class _Unregistered(Analyser):
    name = "test.unregistered"
    version = 1
    produces: ClassVar[frozenset[str]] = frozenset({"test.summary"})

    def _analyse(self, session: Session, upstream: FindingSet) -> Iterable[Finding]:
        del session, upstream
        return ()


def test_spec_records_names_versions_and_params() -> None:
    """from_pipeline keeps every analyser's name, version and parameters."""
    analyser = TalkStatistics(interruption_min_overlap=2.5)
    spec = RunSpec.from_pipeline(Pipeline([analyser]))
    params = tuple(sorted(analyser.get_params().items()))
    assert ("interruption_min_overlap", 2.5) in params
    assert spec.analysers == (AnalyserSpec("talk.statistics", TalkStatistics.version, params),)
    assert spec.as_json()["analysers"][0]["params"] == dict(params)


def test_the_rebuilt_pipeline_has_the_same_parameters() -> None:
    """pipeline() rebuilds the analysers from the registry with the recorded parameters."""
    spec = RunSpec.from_pipeline(Pipeline([TalkStatistics(interruption_min_overlap=2.5)]))
    rebuilt = spec.pipeline()
    assert [a.name for a in rebuilt.analysers] == ["talk.statistics"]
    assert rebuilt.analysers[0].get_params()["interruption_min_overlap"] == 2.5


@pytest.mark.parametrize(
    "other",
    [
        RunSpec.from_pipeline(Pipeline([TalkStatistics(interruption_min_overlap=2.0)])),
        RunSpec.from_pipeline(Pipeline([TalkStatistics()]), include_text=True),
        RunSpec.from_pipeline(Pipeline([TalkStatistics()]), format="text"),
        RunSpec.from_pipeline(Pipeline([TalkStatistics()]), therapists=["Dr. Lee"]),
        RunSpec(
            (
                AnalyserSpec(
                    "talk.statistics",
                    TalkStatistics.version + 1,
                    tuple(sorted(TalkStatistics().get_params().items())),
                ),
            )
        ),
    ],
)
def test_fingerprint_changes_with_anything_that_changes_rows(other: RunSpec) -> None:
    """Parameters, versions, text and read options all change the fingerprint."""
    base = RunSpec.from_pipeline(Pipeline([TalkStatistics()]))
    assert base.fingerprint() != other.fingerprint()
    assert base.fingerprint() == RunSpec.from_pipeline(Pipeline([TalkStatistics()])).fingerprint()


def test_unregistered_analysers_are_refused() -> None:
    """Workers rebuild from the registry, so an unregistered analyser is a usage error."""
    with pytest.raises(UsageError, match="register"):
        RunSpec.from_pipeline(Pipeline([_Unregistered()]))


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (
            AnalyserSpec("talk.statistics", 99),
            f"version {TalkStatistics.version}, the run expects version 99",
        ),
        (AnalyserSpec("nobody.here", 1), "no analyser 'nobody.here'"),
    ],
)
def test_a_worker_with_other_analysers_refuses_to_run(spec: AnalyserSpec, message: str) -> None:
    """A worker whose registry differs from the run's (e.g. another version) says so."""
    with pytest.raises(UsageError, match=message):
        RunSpec((spec,)).pipeline()


def test_default_pipeline_round_trips() -> None:
    """The default pipeline can be described and rebuilt."""
    spec = RunSpec.from_pipeline(default_pipeline())
    assert [a.name for a in spec.pipeline().analysers] == [a.name for a in spec.analysers]


def test_jsonable_and_part_key() -> None:
    """Parameters become JSON types; the part key depends on path, hash and fingerprint."""
    assert jsonable({"a": (1, 2), "b": frozenset({"y", "x"}), "c": object}) == {
        "a": [1, 2],
        "b": ["x", "y"],
        "c": repr(object),
    }
    keys = {part_key(p, h, f) for p in ("a", "b") for h in ("1", "2") for f in ("x", "y")}
    assert len(keys) == 8


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"format": "pdf"}, "--format: unknown format 'pdf'; known formats: "),
        ({"format": "TEXT "}, "--format: unknown format"),
        ({"therapists": ["Dr Lee", ""]}, "--therapist: a name is empty"),
        ({"clients": [" \t"]}, "--client: a name is empty"),
    ],
)
def test_read_options_that_fail_every_input_are_usage_errors(
    options: dict[str, object], message: str
) -> None:
    """An unknown format or an empty/blank speaker name is refused with the option named."""
    arguments: dict[str, object] = {"format": None, "therapists": (), "clients": ()} | options
    with pytest.raises(UsageError, match=message):
        check_read_options(**arguments)  # type: ignore[arg-type]


def test_usable_read_options_pass() -> None:
    """A known format and real names are accepted."""
    check_read_options(format="vtt", therapists=["Dr Lee"], clients=["Sam"])
