"""Feedback asked about the therapist's move, not about a client's event (QA qa35 #9).

Lines written for the tests.
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
        "you've gone a bit quiet. did what i just suggested miss the mark?",
        "was my advice off just now?",
        "we tried the grounding together. how did that feel?",
        "how did that feel for you, doing it here with me?",
    ],
)
def test_asking_whether_ones_own_move_missed_is_feedback(text: str) -> None:
    """Asking whether the therapist's own move missed, or how the session's work felt, counts."""
    assert asks_feedback(text)


@pytest.mark.parametrize(
    "text",
    [
        "you stood up and read your poem to the whole class. how did that feel?",
        "you rang your dad on sunday. how did that land?",
    ],
)
def test_how_did_that_feel_about_a_clients_event_is_not_feedback(text: str) -> None:
    """A bare "how did that feel?" after something the client did elsewhere is about the event."""
    assert not asks_feedback(text)


def _summary(analyser: Any, kind: str, *turns: tuple[str, str]) -> Any:
    found = analyser.analyse(make_session(*turns), upstream=FindingSet())
    return next(f.value for f in found if f.kind == kind)


_SESSION = (
    (T, "You rang your dad on Sunday. How did that feel?"),
    (C, "Weird, but okay."),
    (T, "You should just ring him every week."),
    (C, "Sure."),
    (T, "I noticed you went quiet there. Did what I said miss the mark?"),
    (C, "Kind of."),
)


def test_relational_counts_only_the_real_feedback_question() -> None:
    """relational.markers credits the "miss the mark" turn, not the question about the call."""
    summary = _summary(RelationalMarkers(), "relational.summary", *_SESSION)
    assert summary["feedback_elicitation"]["indexes"] == [4]


def test_alliance_credits_metacommunication_at_the_turn_that_asks() -> None:
    """alliance.bordin reads feedback and metacommunication at the turn that asks, not later."""
    summary = _summary(BordinAlliance(), "alliance.summary", *_SESSION)
    signals = {(e["index"], e["signal"]) for e in summary["bond"]["evidence"]}
    assert (4, "feedback_asked") in signals
    assert (4, "metacommunication") in signals
    assert (0, "feedback_asked") not in signals
