"""ruptures.detector v25: an explicit "these sessions are pointless"; an honest "I didn't do it".

Every dialogue here was written for these tests.
"""

from __future__ import annotations

from typing import Any

import pytest

from alliancelens.analysers.ruptures import RuptureDetector
from alliancelens.analysers.ruptures._homework_report import honest_not_done
from alliancelens.analysers.ruptures._markers import read_client_turns
from alliancelens.analysers.ruptures._text import normalise
from alliancelens.analysers.ruptures._therapy_pointless import therapy_pointless
from alliancelens.testing import make_session

T, C = "therapist", "client"


def _episodes(*turns: tuple[str, str]) -> list[dict[str, Any]]:
    found = RuptureDetector().analyse(make_session(*turns))
    return list(next(f.value for f in found if f.kind == "ruptures.summary"))


def _lone(line: str) -> list[dict[str, Any]]:
    return _episodes(
        (T, "How have things been since last week?"),
        (C, "Okay, work has been busy but I managed to see my sister on Sunday."),
        (T, "What would you like to focus on today?"),
        (C, line),
        (T, "Okay. Let's look at your diary."),
        (C, "Sure, I filled it in on Monday and Tuesday."),
    )


@pytest.mark.parametrize(
    "line",
    [
        "I don't see the point of these sessions.",
        "Honestly, these sessions are pointless.",
        "Therapy isn't helping.",
        "What's the point of coming here?",
    ],
)
def test_a_lone_explicit_complaint_about_the_therapy_is_an_episode(line: str) -> None:
    """One explicit statement that the therapy is pointless is a confrontation episode (3RS C5)."""
    episodes = _lone(line)
    assert [(e["kind"], e["start_index"]) for e in episodes] == [("confrontation", 3)]
    assert "complaint_about_progress" in episodes[0]["markers"]


@pytest.mark.parametrize(
    "line",
    [
        "I'm not saying these sessions are pointless.",
        "My mum thinks therapy is pointless.",
        "I used to think therapy was useless.",
        "I don't see the point of living some days.",
        "His therapy is useless, he says.",
        "Are these sessions pointless?",
    ],
)
def test_reported_denied_or_other_views_are_not_explicit_complaints(line: str) -> None:
    """Someone else's view, a denial, a past view, a question or life itself is no C5 hit."""
    assert therapy_pointless(normalise(line)) is None


_HOMEWORK_CHECKS = [
    "Did you manage the breathing practice this week?",
    "How did the breathing practice go this week?",
    "How did you get on with the homework?",
]


@pytest.mark.parametrize("check", _HOMEWORK_CHECKS)
@pytest.mark.parametrize("answer", ["I didn't do it.", "Honestly, I didn't do it."])
def test_an_honest_not_done_report_is_no_withdrawal_marker(check: str, answer: str) -> None:
    """ "I didn't do it." to a homework check carries no denial or minimal-response marker."""
    session = make_session(
        (T, "Hi, come in. How was your week?"),
        (C, "It was okay, a bit busy at work."),
        (T, check),
        (C, answer),
        (T, "Okay, what got in the way?"),
        (C, "I had late shifts four nights and by the time I got home I just forgot about it."),
    )
    reading = next(r for r in read_client_turns(session) if r.index == 3)
    assert not {h.marker for h in reading.hits} & {"minimal_response", "denial"}


@pytest.mark.parametrize(
    ("answer", "prompt", "honest"),
    [
        ("i didn't do it.", "how did the homework go?", True),
        ("no, i didn't do it this week.", "did you manage the breathing practice?", True),
        ("i didn't do it.", "how are you feeling about your dad?", False),
        ("dunno. didn't really.", "how did the homework go?", False),
        ("i didn't do it. i never do.", "how did the homework go?", False),
    ],
)
def test_honest_not_done(answer: str, prompt: str, honest: bool) -> None:
    """Only a bare not-done report after a task check counts as an honest answer."""
    assert honest_not_done(answer, prompt) is honest


def test_version_is_25() -> None:
    """The output changed in version 25 (explicit C5 episode, honest not-done), so it says so."""
    assert RuptureDetector.version >= 25
