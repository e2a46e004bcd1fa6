"""Drafts for every demo session and format are traceable, flag risk and never invent."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest

from alliancelens.analysers import AnalysisResult, Pipeline, available
from alliancelens.domain import AnalyserRun, RunStatus
from alliancelens.measures import MeasuresReport
from alliancelens.notes import (
    FORMATS,
    NOT_DISCUSSED,
    SECTIONS,
    Note,
    NoteFormat,
    build_note,
    neutral_title,
)
from alliancelens.testing import make_session

DEMO_IDS = ("alex-01", "alex-02", "alex-03", "jordan-casey-couple", "riley-07")
#: The client whose note is drafted from a demo session with several clients (QA 20 item 6).
MEMBER = {"jordan-casey-couple": "Jordan"}
Checker = Callable[[dict[str, Any], AnalysisResult], None]
#: Phrases a note must never produce on its own (outside a quote of the client's words).
INVENTED = re.compile(r"denies|no suicidal|no risk|not suicidal|no self-harm|no si\b", re.I)


def _texts(note: Note) -> list[str]:
    return [s.text for section in note.sections for s in section.sentences]


@pytest.mark.parametrize("session", DEMO_IDS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_demo_note_is_traceable(
    session: str,
    fmt: NoteFormat,
    demo_results: dict[str, AnalysisResult],
    demo_measures: MeasuresReport,
    check_evidence: Checker,
) -> None:
    """Every sentence cites existing utterances, measure rows of this session or findings."""
    result = demo_results[session]
    note = build_note(result, fmt, measures=demo_measures, member=MEMBER.get(session))
    assert [s.name for s in note.sections] == [name for name, _ in SECTIONS[fmt]]
    check_evidence(note.to_json(), result)


@pytest.mark.parametrize("fmt", FORMATS)
def test_riley_risk_flag_at_27_is_in_the_note(
    fmt: NoteFormat, demo_results: dict[str, AnalysisResult]
) -> None:
    """riley-07's possible passive-SI language at utterance 27 appears for clinician review."""
    note = build_note(demo_results["riley-07"], fmt)
    flagged = [
        s
        for section in note.sections
        for s in section.sentences
        if s.text.startswith("FOR CLINICIAN REVIEW") and "utterance 27" in s.text
    ]
    assert len(flagged) == 1
    assert any(e.kind == "utterance" and e.details["index"] == 27 for e in flagged[0].evidence)


@pytest.mark.parametrize("fmt", FORMATS)
def test_alex_01_reports_the_screening_answer_without_inventing(
    fmt: NoteFormat, demo_results: dict[str, AnalysisResult]
) -> None:
    """alex-01's answer at 33 is quoted, nothing is flagged and no 'denies SI' line is made up."""
    result = demo_results["alex-01"]
    texts = _texts(build_note(result, fmt))
    assert not any(INVENTED.search(re.sub(r'"[^"]*"', "", t)) for t in texts)
    assert not any(t.startswith("FOR CLINICIAN REVIEW") for t in texts)
    answer = " ".join(result.session.utterances[33].text.split())
    assert any("utterance 33" in t and f'"{answer}"' in t for t in texts)


def _without_risk(result: AnalysisResult, failed: bool) -> AnalysisResult:
    pipeline = Pipeline([cls() for name, cls in available().items() if name != "risk.language"])
    bare = pipeline.run(result.session)
    if failed:
        run = AnalyserRun("risk.language", 1, RunStatus.FAILED, reason="simulated failure")
        bare = replace(bare, runs=(*bare.runs, run))
    return bare


@pytest.mark.parametrize(("failed", "status"), [(False, "not in pipeline"), (True, "failed")])
@pytest.mark.parametrize("fmt", FORMATS)
def test_missing_risk_analyser_says_not_analysed(
    failed: bool, status: str, fmt: NoteFormat, demo_results: dict[str, AnalysisResult]
) -> None:
    """Without a risk run the note says 'Risk language: not analysed', citing the run record."""
    note = build_note(_without_risk(demo_results["riley-07"], failed), fmt)
    risk = [s for section in note.sections for s in section.sentences if "isk" in s.text]
    assert len(risk) == 1 and risk[0].text.startswith("Risk language: not analysed")
    assert [e.to_json()["status"] for e in risk[0].evidence] == [status]
    assert risk[0].evidence[0].kind == "finding"


def test_a_section_with_nothing_to_report_says_nothing_was_detected() -> None:
    """A two-line session has no plan material: the Plan says nothing was detected (QA 22 #9)."""
    session = make_session(("therapist", "How has the week been?"), ("client", "Fine."))
    result = Pipeline([cls() for cls in available().values()]).run(session)
    plan = build_note(result, "soap").sections[-1]
    assert plan.name == "Plan"
    assert [(s.text, s.evidence) for s in plan.sentences] == [(NOT_DISCUSSED, ())]
    assert NOT_DISCUSSED == "Nothing detected automatically — complete from the session."


def test_measures_of_the_session_are_included(
    demo_results: dict[str, AnalysisResult], demo_measures: MeasuresReport
) -> None:
    """alex-03's note gives its SRS total and the below-cut-off alert, each citing the row."""
    texts = _texts(build_note(demo_results["alex-03"], "soap", measures=demo_measures))
    assert (
        "SRS total 33.4, completed by the client on 2026-09-21, below the alliance cut-off of 36."
        in texts
    )
    assert any(t.startswith("Measure alert (warning): SRS total 33.4 is below") for t in texts)


@pytest.mark.parametrize("session", ["riley-07", "alex-03"])
def test_without_measures_no_measure_sentences(
    session: str, demo_results: dict[str, AnalysisResult], demo_measures: MeasuresReport
) -> None:
    """No measures file, or no rows for the session id, gives no measure sentences."""
    measures = demo_measures if session == "riley-07" else None
    note = build_note(demo_results[session], "dap", measures=measures)
    kinds = {e.kind for section in note.sections for s in section.sentences for e in s.evidence}
    assert "measure" not in kinds


def test_unknown_format_is_refused(demo_results: dict[str, AnalysisResult]) -> None:
    """build_note refuses a format it has no layout for."""
    with pytest.raises(ValueError, match="unknown note format"):
        build_note(demo_results["alex-01"], "narrative")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "sentence",
    [
        {"text": "Client said so at utterance 5.", "evidence": [{"kind": "utterance", "index": 4}]},
        {"text": 'Client: "not said"', "evidence": [{"kind": "utterance", "index": 4}]},
        {"text": "Something.", "evidence": [{"kind": "utterance", "index": 999}]},
        {"text": "Something.", "evidence": []},
        {"text": "Something.", "evidence": [{"kind": "finding", "analyser": "made.up"}]},
    ],
)
def test_the_evidence_check_catches_untraceable_sentences(
    sentence: dict[str, Any], demo_results: dict[str, AnalysisResult], check_evidence: Checker
) -> None:
    """The checker used above fails on uncited indexes, invented quotes and unknown sources."""
    note = {"session": "alex-01", "sections": [{"name": "Data", "sentences": [sentence]}]}
    with pytest.raises(AssertionError):
        check_evidence(note, demo_results["alex-01"])


def test_possible_risk_readings_are_in_the_note() -> None:
    """Lower-confidence possible readings get a review sentence citing their utterances."""
    session = make_session(
        ("therapist", "How has the week been?"),
        ("client", "Long. Some nights I just want it all to stop."),
    )
    result = Pipeline([cls() for cls in available().values()]).run(session)
    (run,) = [f for f in result.findings if f.kind == "risk_screening.summary"]
    possible = [{"index": 1, "kind": "passive_suicidal_ideation", "model_probability": 0.3}]
    screening = replace(run, value={**run.value, "possible": possible})
    others = [
        f for f in result.findings if f.kind not in ("risk_screening.summary", "risk.summary")
    ]
    risk_flags = replace(next(f for f in result.findings if f.kind == "risk.summary"), value=[])
    rebuilt = replace(result, findings=type(result.findings)([*others, risk_flags, screening]))
    texts = _texts(build_note(rebuilt, "soap"))
    (line,) = [t for t in texts if "lower-confidence possible reading" in t]
    assert "utterance(s) 1 " in line and "post-session review" in line


@pytest.mark.parametrize("fmt", FORMATS)
def test_unrepaired_rupture_names_the_repair_attempt(
    fmt: NoteFormat, demo_results: dict[str, AnalysisResult]
) -> None:
    """riley-07's unrepaired withdrawal (33-37) names the attempt at 38; the first names none."""
    texts = [t for t in _texts(build_note(demo_results["riley-07"], fmt)) if "rupture" in t]
    assert any(
        "from utterance 33 to 37; repair attempted (validate defensive posture at utterance 38, "
        "right after the episode); no resolution detected automatically" in t
        for t in texts
    )
    assert any("from utterance 1 to 9; no repair detected automatically." in t for t in texts)


@pytest.mark.parametrize(
    ("date", "expected"),
    [(dt.date(2026, 11, 20), "Session of 2026-11-20"), (None, "Session, date not recorded")],
)
def test_title_replaces_the_session_id(date: dt.date | None, expected: str) -> None:
    """build_note(title=neutral_title(...)) labels the note by date, never by session id."""
    session = replace(make_session(("therapist", "Hello."), ("client", "Hi.")), date=date)
    result = Pipeline([cls() for cls in available().values()]).run(replace(session, id="J Q"))
    note = build_note(result, "soap", title=neutral_title(result))
    assert note.session == expected and note.to_json()["session"] == expected


#: An internal field name: a backticked term or a snake_case word (``therapist_follow_up``).
FIELD_NAME = re.compile(r"`|\b[a-z]+_[a-z_]+\b")


@pytest.mark.parametrize("session", DEMO_IDS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_note_sentences_use_plain_words_only(
    session: str, fmt: NoteFormat, demo_results: dict[str, AnalysisResult]
) -> None:
    """No note sentence carries a backtick or an analysis field name (QA35 #6)."""
    note = build_note(demo_results[session], fmt, member=MEMBER.get(session))
    assert [t for t in _texts(note) if FIELD_NAME.search(t)] == []
