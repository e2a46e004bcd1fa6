"""Feedback asked about the session's own work counts (QA qa30 #4). Lines written for the tests."""

from __future__ import annotations

import re

import pytest

from alliancelens.analysers._feedback_phrases import FEEDBACK_ELICITATION_PATTERN

_ASKS = re.compile(FEEDBACK_ELICITATION_PATTERN)


@pytest.mark.parametrize(
    "text",
    [
        "how do you feel about what we've worked on today?",
        "how did you feel about the role play?",
        "was there anything about the chair work that didn't sit right for you?",
        "anything in that exercise which wasn't helpful?",
    ],
)
def test_asking_about_the_sessions_work_is_feedback(text: str) -> None:
    """Asking how the session's exercise or work felt is feedback elicitation (CTRS 2)."""
    assert _ASKS.search(text)


@pytest.mark.parametrize(
    "text",
    [
        "how do you feel about your sister moving away?",
        "how do you feel about the task of ringing him?",
    ],
)
def test_feelings_about_life_events_are_not_feedback(text: str) -> None:
    """A question about the client's feelings on their own life is not feedback."""
    assert not _ASKS.search(text)
