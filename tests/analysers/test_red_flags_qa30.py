"""red_flags.therapist version 10: defending against a complaint, and moving on after it.

Every dialogue here was written for these tests.
"""

from __future__ import annotations

import pytest

from alliancelens.analysers.red_flags import red_flags_in
from alliancelens.testing import make_session

T, C = "therapist", "client"
IGNORING = "ignoring_client_feedback"


def _flagged(*turns: tuple[str, str]) -> set[int]:
    items, _ = red_flags_in(make_session(*turns).utterances)
    return {int(i["index"]) for i in items if i["kind"] == IGNORING}


_COMPLAINT = (C, "You kept me waiting again, and you cancelled on me last minute on Friday.")


@pytest.mark.parametrize(
    ("reply", "flagged"),
    [
        ("I did text you about Friday, and the bus strike was beyond my control.", True),
        ("That's hardly fair. I have lots of clients and I try my best with all of them.", True),
        ("We've still got most of the hour, so we can still get plenty done.", True),
        ("You're right, I kept you waiting and I cancelled late. That's on me.", False),
        ("That makes sense. What was it like sitting out there?", False),
    ],
)
def test_a_defence_against_a_complaint_about_the_therapist_is_flagged(
    reply: str, flagged: bool
) -> None:
    """Justifying or shrinking the complaint overrides it; owning or validating does not."""
    assert (1 in _flagged(_COMPLAINT, (T, reply))) is flagged


def test_moving_on_after_the_client_gives_up_the_complaint_is_flagged() -> None:
    """After a defence and 'never mind', going straight to the agenda ignores the feedback."""
    flagged = _flagged(
        _COMPLAINT,
        (T, "That's not fair, I do my best for everybody."),
        (C, "Never mind. Whatever."),
        (T, "Let's get the worksheet out from last week."),
    )
    assert flagged == {1, 3}


def test_moving_on_without_a_defence_first_is_not_this_flag() -> None:
    """'Never mind' after an ordinary question is not a complaint given up after a defence."""
    assert 3 not in _flagged(
        (C, "I wanted to ask something about my meds."),
        (T, "Of course. What is it?"),
        (C, "Never mind, I'll ask the GP."),
        (T, "Okay. Let's get the worksheet out from last week."),
    )
