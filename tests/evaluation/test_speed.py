"""The pipeline timing helper: a long session built from examples, and what is reported."""

from __future__ import annotations

from alliancelens.analysers.pipeline import Pipeline
from alliancelens.analysers.ruptures import RuptureDetector
from alliancelens.evaluation.labelled_examples import LabelledExample
from alliancelens.evaluation.speed import long_session, time_pipeline
from alliancelens.testing import make_session


def _examples() -> list[LabelledExample]:
    session = make_session(
        ("therapist", "How are you?"), ("client", "Okay."), ("therapist", "What happened?")
    )
    return [LabelledExample("sess-1", "session", "", session, (), (), (), ())]


def test_long_session_cycles_and_reindexes() -> None:
    """The built session has exactly the requested utterances, indexed 0..n-1, roles kept."""
    session = long_session(_examples(), 7)
    assert [u.index for u in session.utterances] == list(range(7))
    assert [u.role.value for u in session.utterances[:4]] == [
        "therapist",
        "client",
        "therapist",
        "therapist",
    ]
    assert {s.label for s in session.speakers} == {"therapist", "client"}


def test_time_pipeline_reports_each_analyser() -> None:
    """Timing reports the fastest total and every analyser's seconds and status."""
    report = time_pipeline(long_session(_examples(), 30), Pipeline([RuptureDetector()]), repeats=2)
    assert report["utterances"] == 30 and report["repeats"] == 2
    assert report["seconds"] >= 0
    assert report["analysers"]["ruptures.detector"]["status"] == "ok"
