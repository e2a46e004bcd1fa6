"""Feedback asked with "How was today?" and against last time (QA37 #8).

Every line here was written for these tests.
"""

from __future__ import annotations

from typing import Any

import pytest

from alliancelens.analysers._feedback_phrases import asks_feedback
from alliancelens.analysers.alliance import BordinAlliance
from alliancelens.analysers.base import FindingSet
from alliancelens.analysers.relational import RelationalMarkers
from alliancelens.testing import make_session

T, C = "therapist", "client"


@pytest.mark.parametrize(
    "text",
    [
        "How was today?",
        "We're nearly out of time. How was today?",
        "How was that compared to last time?",
        "How did today compare to last time?",
        "How was today compared to last time?",
        "How did this session compare with last week's?",
        "We did the exposure together just now. How was that compared to last time?",
    ],
)
def test_how_was_today_and_against_last_time_ask_for_feedback(text: str) -> None:
    """The bare "How was today?" and comparing the session with the last one ask for feedback."""
    assert asks_feedback(text.lower())


@pytest.mark.parametrize(
    "text",
    [
        "How was the week?",
        "How did that go?",
        "How was today at work?",
        "How was your day today?",
        "How was the week compared to last time?",
        "You tried the breathing at home. How was that compared to last time?",
        "How did the breathing go at home? How was that compared to last time?",
    ],
)
def test_homework_and_week_reviews_stay_not_feedback(text: str) -> None:
    """Reviews of the week or of homework, also compared with last time, are not feedback."""
    assert not asks_feedback(text.lower())


def _summary(analyser: Any, kind: str, *turns: tuple[str, str]) -> Any:
    found = analyser.analyse(make_session(*turns), upstream=FindingSet())
    return next(f.value for f in found if f.kind == kind)


_SESSION = (
    (T, "How was the week?"),
    (C, "Busy, but okay."),
    (T, "We're nearly out of time. How was today?"),
    (C, "Better than last time, actually."),
)


def test_relational_and_alliance_both_count_how_was_today() -> None:
    """relational.markers and alliance.bordin both see "How was today?" and not the week."""
    relational = _summary(RelationalMarkers(), "relational.summary", *_SESSION)
    assert relational["feedback_elicitation"]["indexes"] == [2]
    alliance = _summary(BordinAlliance(), "alliance.summary", *_SESSION)
    signals = {(e["index"], e["signal"]) for e in alliance["bond"]["evidence"]}
    assert (2, "feedback_asked") in signals
    assert (0, "feedback_asked") not in signals
