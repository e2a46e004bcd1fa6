"""alliance.bordin version 4: goal-agreement questions, impatience, steering back, signal names.

Every dialogue here was written for these tests (none comes from a data set or a QA session).
"""

from __future__ import annotations

from typing import Any

import pytest

from alliancelens.analysers.alliance import BordinAlliance
from alliancelens.analysers.alliance._signals import SIGNALS
from alliancelens.analysers.pipeline import Pipeline
from alliancelens.analysers.ruptures import RuptureDetector
from alliancelens.testing import make_session

T, C = "therapist", "client"


def alliance(*turns: tuple[str, str]) -> dict[str, Any]:
    """``summary.alliance`` for a dialogue (ruptures run first, as in the default pipeline)."""
    result = Pipeline([RuptureDetector(), BordinAlliance()]).run(make_session(*turns))
    (value,) = (f.value for f in result.findings.of_kind("alliance.summary"))
    return dict(value)


def signals(value: dict[str, Any], part: str) -> set[tuple[int, str]]:
    """(index, signal) pairs that moved one sub-score."""
    return {(e["index"], e["signal"]) for e in value[part]["evidence"]}


@pytest.mark.parametrize(
    "question",
    [
        "What would show the two of you that things are getting better?",
        "How will you know this is helping?",
        "How would each of you know it's working?",
    ],
)
def test_asking_how_success_would_look_invites_goals(question: str) -> None:
    """A question about how the family/client would know it works is goal-setting (WAI-SR 4, 8)."""
    value = alliance((T, question), (C, "Fewer rows at breakfast."))
    assert ("agenda_goal_invited" in {s for _, s in signals(value, "goal")}) is True
    assert value["goal"]["score"] > 50


@pytest.mark.parametrize(
    ("reply", "goal"),
    [
        ("Frustrating, to be honest. I want to get on with it.", False),
        ("I just want to get it over with.", False),
        ("I want to get back to driving by the summer.", True),
    ],
)
def test_impatience_is_no_goal_but_a_named_aim_is(reply: str, goal: bool) -> None:
    """ "I want to get on with it" is impatience with the pace, not the client's own goal."""
    value = alliance((T, "We'll slow things down for a couple of weeks."), (C, reply))
    assert ("goal_stated" in {s for _, s in signals(value, "goal")}) is goal


@pytest.mark.parametrize(
    ("reply", "understood"),
    [
        ("Thanks. Anyway, back to my brother.", False),
        ("Thank you. So, about the move.", False),
        ("Thank you, that helps to hear.", True),
    ],
)
def test_thanks_while_steering_back_is_not_feeling_understood(reply: str, understood: bool) -> None:
    """Thanking the therapist while pulling the session back to one's topic is no bond signal."""
    value = alliance((T, "My week has been awful, honestly, with the move."), (C, reply))
    assert ((1, "feels_understood") in signals(value, "bond")) is understood


def test_the_phrase_signal_is_not_called_a_reflection() -> None:
    """The bond signal is "reflective_listening", not the MITI "reflection" code (qa24 #10)."""
    value = alliance((T, "It sounds like this isn't working for you. Can we talk?"), (C, "Yes."))
    assert (0, "reflective_listening") in signals(value, "bond")
    assert "reflection" not in {s.id for s in SIGNALS}
