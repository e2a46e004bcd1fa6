"""Flattening analysed sessions into utterance, session and finding rows."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import ClassVar

import pytest

from alliancelens.analysers import Analyser, AnalysisResult, FindingSet, Pipeline, default_pipeline
from alliancelens.analysers.talk import TalkStatistics
from alliancelens.batch._rows import WITHHELD, codes_and_summary, produced_kinds, session_rows
from alliancelens.domain import Finding, Session, Speaker
from alliancelens.domain.session import Role
from alliancelens.errors import AllianceLensError
from alliancelens.report import result_to_json
from alliancelens.testing import make_session


class _Coder(Analyser):
    """Codes every utterance (nested dict and list values) and names a speaker in its summary."""

    name = "test.coder"
    version = 3
    produces: ClassVar[frozenset[str]] = frozenset({"coder.code", "coder.summary"})

    def _analyse(self, session: Session, upstream: FindingSet) -> Iterable[Finding]:
        del upstream
        for u in session.utterances:
            value = {"skill": "question" if "?" in u.text else "other", "probs": {"q": 0.5}}
            value["tags"] = ["a", "b"]
            yield self.utterance_finding("coder.code", value, utterance_index=u.index)
        first = session.utterances[0].speaker if session.utterances else None
        yield self.session_finding(
            "coder.summary",
            {"questions": sum("?" in u.text for u in session.utterances), "lead": first},
            utterance_indexes=[u.index for u in session.utterances if "?" in u.text],
            scores={"q": 0.25},
        )


class _Broken(Analyser):
    """Always fails: its counts must be null (not analysed), never zero."""

    name = "test.broken"
    version = 1
    produces: ClassVar[frozenset[str]] = frozenset({"broken.summary"})

    def _analyse(self, session: Session, upstream: FindingSet) -> Iterable[Finding]:
        del session, upstream
        raise AllianceLensError("deliberately broken")


SESSION = make_session(
    ("Dr. Lee", "How are you today?"),
    ("Sam", "Tired, honestly."),
    ("Dr. Lee", "Tired?"),
    session_id="s-1",
    speakers=[Speaker("Dr. Lee", Role.THERAPIST), Speaker("Sam", Role.CLIENT)],
)
PIPELINE = Pipeline([TalkStatistics(), _Coder(), _Broken()])


def _result() -> AnalysisResult:
    return PIPELINE.run(SESSION)


def test_one_utterance_row_per_utterance_with_flattened_codes() -> None:
    """Codes become codes.<key> columns: nested dicts dotted, lists as JSON text."""
    rows = session_rows(_result(), produced_kinds(PIPELINE))
    assert [r["index"] for r in rows.utterances] == [0, 1, 2]
    first = rows.utterances[0]
    assert first["codes.skill"] == "question"
    assert first["codes.probs.q"] == 0.5
    assert json.loads(first["codes.tags"]) == ["a", "b"]
    assert rows.utterances[1]["codes.skill"] == "other"
    assert first["words"] == 4 and first["role"] == "therapist"


def test_without_text_rows_hold_no_transcript_content() -> None:
    """By default: no text, speakers pseudonymised, labels in values replaced."""
    rows = session_rows(_result(), produced_kinds(PIPELINE))
    everything = json.dumps([rows.utterances, rows.session, rows.findings])
    assert "Dr. Lee" not in everything and "Sam" not in everything
    assert "Tired" not in everything
    assert [r["speaker"] for r in rows.utterances] == ["therapist-1", "client-1", "therapist-1"]
    assert rows.session["summary.coder.lead"] == "therapist-1"


def test_include_text_adds_text_and_labels() -> None:
    """include_text adds text and the real speaker label, and keeps labels in values."""
    rows = session_rows(_result(), produced_kinds(PIPELINE), include_text=True)
    assert rows.utterances[1]["text"] == "Tired, honestly."
    assert rows.utterances[1]["speaker_label"] == "Sam"
    assert rows.utterances[1]["speaker"] == "client-1"
    assert rows.session["summary.coder.lead"] == "Dr. Lee"


def test_session_row_has_statuses_counts_and_summary_scalars() -> None:
    """Status per analyser; counts per declared kind; scalars flattened; lists as n_items."""
    row = session_rows(_result(), produced_kinds(PIPELINE)).session
    assert row["status.test.coder"] == "ok" and row["status.test.broken"] == "failed"
    assert row["count.coder.code"] == 3 and row["count.coder.summary"] == 1
    assert row["summary.coder.questions"] == 2
    assert row["summary.talk.utterances"] == 3
    assert row["summary.talk.by_speaker.n_items"] == 2
    assert row["analysers_not_ok"] == 1
    assert (row["therapists"], row["clients"], row["speakers"]) == (1, 1, 2)


def test_a_failed_analyser_counts_as_not_analysed_never_zero() -> None:
    """count.<kind> of an analyser that did not run is None, not 0."""
    row = session_rows(_result(), produced_kinds(PIPELINE)).session
    assert row["count.broken.summary"] is None


def test_one_finding_row_per_finding() -> None:
    """Every finding: kind, analyser, version, scope, evidence and JSON value."""
    rows = session_rows(_result(), produced_kinds(PIPELINE)).findings
    assert len(rows) == 1 + 3 + 1  # talk summary, three codes, coder summary
    summary = next(r for r in rows if r["kind"] == "coder.summary")
    assert summary["analyser"] == "test.coder" and summary["analyser_version"] == 3
    assert summary["scope"] == "session" and summary["utterance_index"] is None
    assert summary["evidence_indexes"] == [0, 2]
    assert json.loads(summary["evidence_scores"]) == {"q": 0.25}
    assert json.loads(summary["value"]) == {"lead": "therapist-1", "questions": 2}
    code = next(r for r in rows if r["kind"] == "coder.code")
    assert code["scope"] == "utterance" and code["utterance_index"] == 0
    assert [r["finding"] for r in rows] == list(range(5))


@pytest.mark.parametrize("label", ["therapist", "client"])
def test_role_word_labels_are_not_rewritten_in_values(label: str) -> None:
    """A label that is just a role word is not identifying, so by_role keys stay intact."""
    session = make_session(("therapist", "Hello?"), ("client", "Hi."), session_id="r")
    rows = session_rows(Pipeline([TalkStatistics()]).run(session), {"talk.statistics": frozenset()})
    assert f"summary.talk.by_role.{label}.words" in rows.session


def test_empty_session_gives_a_session_row_and_no_utterances() -> None:
    """A session without utterances still has its session row."""
    empty = Session(id="empty", utterances=(), speakers=())
    rows = session_rows(Pipeline([TalkStatistics()]).run(empty), {"talk.statistics": frozenset()})
    assert rows.utterances == [] and rows.session["utterances"] == 0


def test_codes_and_summary_follow_the_report_rules() -> None:
    """Codes and summary are exactly what analyze --json reports for the same result."""
    result = _result()
    codes, summary = codes_and_summary(result)
    report = result_to_json(result)
    assert summary == report["summary"]
    assert [codes[u["index"]] for u in report["utterances"]] == [
        u["codes"] for u in report["utterances"]
    ]


class _Quoter(Analyser):
    """Quotes the client's words the way the risk and red-flag analysers do."""

    name = "test.quoter"
    version = 1
    produces: ClassVar[frozenset[str]] = frozenset({"quoter.hit", "quoter.summary"})

    def _analyse(self, session: Session, upstream: FindingSet) -> Iterable[Finding]:
        del upstream
        u = session.utterances[1]
        yield self.utterance_finding("quoter.hit", {"matched": u.text}, utterance_index=u.index)
        item = {"index": u.index, "matched": u.text, "reason": f"tired (matched: '{u.text}')"}
        reading = "below the MITI 'fair' threshold"
        yield self.session_finding("quoter.summary", {"flags": [item], "reading": reading})


QUOTING = Pipeline([_Quoter()])


def test_without_text_quoted_transcript_words_are_withheld_from_every_table() -> None:
    """Without include_text, matched fields and quotes in reasons become the withheld marker."""
    rows = session_rows(QUOTING.run(SESSION), produced_kinds(QUOTING))
    everything = json.dumps([rows.utterances, rows.session, rows.findings])
    assert "Tired" not in everything
    summary = json.loads(rows.findings[-1]["value"])
    assert summary["flags"][0]["matched"] == WITHHELD
    assert summary["flags"][0]["reason"] == f"tired (matched: {WITHHELD})"
    assert summary["reading"] == "below the MITI 'fair' threshold"
    assert rows.utterances[1]["codes.matched"] == WITHHELD


def test_include_text_keeps_quoted_words_in_findings() -> None:
    """With include_text, finding values keep the words the analyser quoted."""
    rows = session_rows(QUOTING.run(SESSION), produced_kinds(QUOTING), include_text=True)
    assert json.loads(rows.findings[-1]["value"])["flags"][0]["matched"] == "Tired, honestly."


def test_risk_and_red_flag_words_are_withheld_without_text() -> None:
    """The shipped risk and red-flag analysers' quoted words stay out of text-free rows."""
    session = make_session(
        ("T", "You should just go to the gym more, I did shifts like that for years."),
        ("C", "Honestly I don't really want to be here any more, nobody would notice."),
    )
    pipeline = default_pipeline()
    rows = session_rows(pipeline.run(session), produced_kinds(pipeline))
    everything = json.dumps(rows.findings, ensure_ascii=False).lower()
    assert WITHHELD in everything
    for words in ("want to be here", "nobody would notice", "you should"):
        assert words not in everything


class _Screen(Analyser):
    """A stand-in risk screen: flags utterances that mention 'bridge' (or fails on demand)."""

    name = "test.screen"
    version = 1
    produces: ClassVar[frozenset[str]] = frozenset({"risk_screening.summary"})

    def __init__(self, *, broken: bool = False) -> None:
        self.broken = broken

    def _analyse(self, session: Session, upstream: FindingSet) -> Iterable[Finding]:
        del upstream
        if self.broken:
            raise AllianceLensError("deliberately broken screen")
        flagged = [u.index for u in session.utterances if "bridge" in u.text]
        yield self.session_finding(
            "risk_screening.summary", {"flagged": len(flagged)}, utterance_indexes=flagged
        )


BRIDGES = make_session(
    ("T", "What went through your mind at the bridge?"),
    ("C", "The bridge again, and the drop."),
    ("C", "And the bridge on the way home too."),
)


def test_risk_flags_counts_flagged_utterances_not_summary_records() -> None:
    """risk_flags is the screen's number of flagged utterances; count.*.summary stays 1."""
    pipeline = Pipeline([_Screen()])
    row = session_rows(pipeline.run(BRIDGES), produced_kinds(pipeline)).session
    assert row["risk_flags"] == 3
    assert row["count.risk_screening.summary"] == 1


@pytest.mark.parametrize(
    "analysers",
    [[TalkStatistics()], [TalkStatistics(), _Screen(broken=True)]],
    ids=["absent", "failed"],
)
def test_risk_flags_is_null_when_risk_was_not_screened(analysers: list[Analyser]) -> None:
    """Not screened (no screen in the pipeline, or it failed) is null, never 0."""
    pipeline = Pipeline(analysers)
    row = session_rows(pipeline.run(BRIDGES), produced_kinds(pipeline)).session
    assert row["risk_flags"] is None


def test_risk_flags_of_the_shipped_screen_match_its_summary() -> None:
    """With the default pipeline, risk_flags equals summary.risk_screening.flagged."""
    session = make_session(
        ("T", "How have the nights been?"),
        ("C", "Bad. Some nights I think about ending my life."),
    )
    pipeline = default_pipeline()
    row = session_rows(pipeline.run(session), produced_kinds(pipeline)).session
    assert row["risk_flags"] == row["summary.risk_screening.flagged"] >= 1
