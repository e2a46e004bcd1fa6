"""Fixtures for note tests: the demo sessions analysed once, their measures, a checker."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from typing import Any

import pytest

from alliancelens import services
from alliancelens.analysers import AnalysisResult
from alliancelens.measures import MeasuresReport, demo_csv, report_for_csv
from alliancelens.notes import NOT_DISCUSSED

Checker = Callable[[dict[str, Any], AnalysisResult], None]
_QUOTE = re.compile(r'"([^"]+)"')
_CITED = re.compile(r"utterances? (\d+)|utterance\(s\) ([\d, ]+)|utterances \d+–(\d+)")


@pytest.fixture(scope="session")
def demo_results() -> dict[str, AnalysisResult]:
    """Every demo session analysed with the default pipeline, by session id."""
    return {r.session.id: r for r in services.analyse_demo().results}


@pytest.fixture(scope="session")
def demo_measures() -> MeasuresReport:
    """The demo measures report with alerts at every administration."""
    return report_for_csv(demo_csv(), history=True)


def _measure_rows() -> set[tuple[str, str, str]]:
    with demo_csv().open(encoding="utf-8") as stream:
        return {(row["measure"], row["session"], row["date"]) for row in csv.DictReader(stream)}


def _check_sentence(sentence: dict[str, Any], result: AnalysisResult, session: str) -> None:
    text, evidence = sentence["text"], sentence["evidence"]
    if text == NOT_DISCUSSED:
        assert evidence == []
        return
    assert evidence, f"no evidence for {text!r}"
    indexes = {u.index: u.text for u in result.session.utterances}
    runs = {run.name for run in result.runs}
    cited = [e["index"] for e in evidence if e["kind"] == "utterance"]
    for e in evidence:
        if e["kind"] == "utterance":
            assert e["index"] in indexes
        elif e["kind"] == "measure":
            assert (e["measure"], e["session"], e["date"]) in _measure_rows()
            assert e["session"] == session
        else:
            assert e["kind"] == "finding"
            assert e["analyser"] in runs or e.get("status") == "not in pipeline"
    for match in _QUOTE.finditer(text):
        quoted = match.group(1).removesuffix(" …")
        assert any(quoted in " ".join(indexes[i].split()) for i in cited), quoted
    for groups in _CITED.findall(text):
        for number in re.findall(r"\d+", " ".join(groups)):
            assert int(number) in cited, f"utterance {number} named without evidence in {text!r}"


@pytest.fixture
def check_evidence() -> Checker:
    """Assert every sentence of a note's JSON is traceable to utterances, measures or findings."""

    def check(note: dict[str, Any], result: AnalysisResult) -> None:
        assert note["sections"]
        for section in note["sections"]:
            assert section["sentences"]
            for sentence in section["sentences"]:
                _check_sentence(sentence, result, note["session"])

    return check
