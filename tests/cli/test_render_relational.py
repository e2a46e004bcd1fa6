"""Terminal rendering of risk (review / nothing found / NOT ANALYSED), red flags and markers."""

from __future__ import annotations

import dataclasses

import pytest
from rich.console import Console

from alliancelens.analysers import AnalysisResult, Pipeline, create
from alliancelens.analysers.base import Analyser, FindingSet
from alliancelens.cli._render_relational import (
    _possible_line,
    _set_aside_line,
    render_relational,
    render_risk,
)
from alliancelens.domain import ROLES_GUESSED, Finding, Session
from alliancelens.testing import make_session


def _text(renderable: object) -> str:
    console = Console(record=True, width=120)
    console.print(renderable)
    return console.export_text()


def _run(session: Session, *names: str) -> AnalysisResult:
    return Pipeline([create(name) for name in names]).run(session)


def test_flags_are_shown_for_clinician_review() -> None:
    """A flag shows its utterance, kind and the review label."""
    session = make_session(("therapist", "How are you?"), ("client", "I wish I was dead."))
    text = _text(render_risk(_run(session, "risk.language")))
    assert "for clinician review" in text and "#1" in text
    assert "passive suicidal ideation" in text


def test_nothing_found_is_not_no_risk() -> None:
    """With no flags the panel says what was screened and that it is not a risk assessment."""
    session = make_session(("therapist", "How are you?"), ("client", "Fine, thanks."))
    text = _text(render_risk(_run(session, "risk.language")))
    assert "No risk language detected by this analyser" in text
    assert "Not screened" in text and "not a risk assessment" in text


class _Broken(Analyser):
    name = "risk.language"
    version = 1
    produces = frozenset({"risk.summary", "risk_screening.summary"})
    description = "always fails (test double)"

    def __init__(self) -> None:
        pass

    def _analyse(self, session: Session, upstream: FindingSet) -> list[Finding]:
        raise RuntimeError("boom")


class _PossibleOnly(Analyser):
    name = "risk.language"
    version = 1
    produces = frozenset({"risk.summary", "risk_screening.summary"})
    description = "no flags, two lower-confidence possible readings (test double)"

    def __init__(self) -> None:
        pass

    def _analyse(self, session: Session, upstream: FindingSet) -> list[Finding]:
        possible = [{"index": 1, "kind": "suicidal_ideation", "model_probability": 0.3}]
        return [
            self.session_finding("risk.summary", []),
            self.session_finding(
                "risk_screening.summary",
                {"statement": "No risk language detected by this analyser.", "possible": possible},
            ),
        ]


def test_possible_readings_are_listed_for_review() -> None:
    """Lower-confidence model readings are named in the text report, not only in the JSON."""
    session = make_session(("therapist", "How are you?"), ("client", "Tired of it all."))
    text = _text(render_risk(Pipeline([_PossibleOnly()]).run(session)))
    assert "1 possible reading(s) below the flag line" in text and "#1" in text
    assert "post-session review" in text


def test_failed_risk_analyser_shows_not_analysed() -> None:
    """A failed risk analyser is rendered as NOT ANALYSED, never as no risk."""
    session = make_session(("therapist", "How are you?"), ("client", "Fine."))
    text = _text(render_risk(Pipeline([_Broken()]).run(session)))
    assert "NOT ANALYSED" in text and "failed" in text
    assert "No risk language" not in text


def test_missing_risk_analyser_shows_not_analysed() -> None:
    """A pipeline without the risk analyser also shows NOT ANALYSED."""
    session = make_session(("therapist", "How are you?"), ("client", "Fine."))
    assert "NOT ANALYSED" in _text(render_risk(_run(session, "talk.statistics")))


def test_red_flags_skipped_without_talk_statistics() -> None:
    """Red flags skipped because talk statistics failed are shown as not analysed."""
    session = make_session(("therapist", "You should go."), ("client", "Okay."))
    text = _text(render_relational(_run(session, "relational.markers")))
    assert "Therapist red flags: not analysed (not in the pipeline)" in text


def test_red_flags_and_markers_are_listed() -> None:
    """Red flags are grouped by kind and markers list their utterances."""
    session = make_session(
        ("client", "I'm stuck."),
        ("therapist", "You should just quit. How was today's session for you?"),
    )
    text = _text(
        render_relational(
            _run(session, "talk.statistics", "relational.markers", "red_flags.therapist")
        )
    )
    assert "advice without permission: #1" in text
    assert "Feedback asked for: 1 (#1)" in text
    assert "Interrupting not assessable" in text


@pytest.mark.parametrize(
    ("turns", "reason"),
    [
        ((("therapist", "How are you?"), ("client", "Fine.")), "no timestamps"),
        (
            (("therapist", "How are you?", 1.0, None), ("client", "Fine.", 4.0, None)),
            "no end times",
        ),
    ],
    ids=["untimed", "start-times-only"],
)
def test_interrupting_not_assessable_says_what_is_missing(
    turns: tuple[tuple[object, ...], ...], reason: str
) -> None:
    """Without end times the red-flag line names the missing end times, not all timestamps."""
    session = make_session(*turns)  # type: ignore[arg-type]
    text = _text(render_relational(_run(session, "talk.statistics", "red_flags.therapist"))[0])
    assert f"Interrupting not assessable ({reason})." in text


def test_risk_panel_names_model_readings_apart_from_negated_wording() -> None:
    """'Yes.' set aside by the short-answer gate is not described as a negated statement."""
    line = _set_aside_line([5], [11])
    assert "1 with risk words read as negated" in line and "(#5)" in line
    assert "1 trained-model reading(s) set aside" in line and "(#11)" in line
    assert "#11" not in _set_aside_line([5], []) and "negated" not in _set_aside_line([], [11])


def test_dominating_talk_not_assessable_under_the_word_floor() -> None:
    """A short session says dominating talk time is not assessable, naming the word floor."""
    session = make_session(
        ("therapist", "You should try the worksheet every single day this week, okay?"),
        ("client", "Fine."),
    )
    text = _text(render_relational(_run(session, "talk.statistics", "red_flags.therapist"))[0])
    flat = " ".join(text.split())  # the terminal wraps long lines
    assert "Dominating talk time not assessable (fewer than 300 words; this session has" in flat


def test_guessed_roles_are_said_at_the_top_of_the_risk_panel() -> None:
    """With guessed roles the panel's first line says the screen is not reliable."""
    turns = (
        ("Kim", "i keep thinking they would all be better off without me"),
        ("Lee", "thank you for telling me have you had thoughts of ending your life"),
    )
    base = make_session(*turns)
    session = dataclasses.replace(base, metadata={**base.metadata, ROLES_GUESSED: "yes"})
    text = _text(render_risk(_run(session, "risk.language")))
    assert "Speaker roles were guessed" in text
    assert text.index("Speaker roles were guessed") < text.index("#0")
    assert text.count("Speaker roles were guessed") == 1


def test_possible_line_names_each_basis_in_order() -> None:
    """Possible readings are grouped by what they rest on, indexes sorted."""
    line = _possible_line(
        [
            {"index": 33, "basis": "model"},
            {"index": 5, "basis": "model"},
            {"index": 22, "basis": "thread_follow_up"},
        ]
    )
    assert "trained model alone: #5, #33" in line
    assert "answers inside a disclosure thread: #22" in line
