"""risk.language version 26 (QA37 #3): only a question about the disclosure follows it up.

Every dialogue here was written for these tests.
"""

from __future__ import annotations

import pytest
from risk_helpers import risk_readings

from alliancelens.analysers import _risk_thread as thr
from alliancelens.analysers._risk_text import normalise
from alliancelens.analysers.risk import RiskLanguage

T, C = "therapist", "client"
SELF_HARM = "I cut my arms again last night."
PASSIVE = "Some nights I wish I could go to sleep and not wake up."


@pytest.mark.parametrize(
    ("opener", "question", "answer"),
    [
        (SELF_HARM, "Did you bring the form?", "Yes, I filled it in."),
        (PASSIVE, "Is your sister still staying with you?", "Yes, till Sunday."),
        (PASSIVE, "Did you manage to park okay?", "Yeah, found a space round the back."),
    ],
)
def test_an_answer_to_an_unrelated_question_does_not_continue_the_thread(
    opener: str, question: str, answer: str
) -> None:
    """An answer to a question about something else is neither a thread flag nor possible."""
    found = risk_readings((C, opener), (T, question), (C, answer))
    assert 0 in found["flags"]
    assert 2 not in found["flags"]
    assert 2 not in found["possible"]


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Where were you?", "in the bathroom"),
        ("Go on.", "I just couldn't stop."),
        ("How many times this week?", "three maybe four"),
        ("Were they deep?", "Not really, I cleaned them."),
        ("Did the cuts on your arms need stitches?", "One did."),
    ],
)
def test_a_question_about_the_disclosure_still_follows_it_up(question: str, answer: str) -> None:
    """Questions about the disclosure, and invitations to go on, still continue the thread."""
    found = risk_readings((C, SELF_HARM), (T, question), (C, answer))
    assert 2 in found["flags"] or 2 in found["possible"]


@pytest.mark.parametrize(
    ("question", "about"),
    [
        ("Did you bring the form?", False),
        ("What time works next week?", False),
        ("Would you like a glass of water?", False),
        ("Have you thought about when?", True),
        ("What were you planning to do?", True),
        ("Okay. And how's the hand now?", True),
        ("Has any of it got infected, or needed looking at?", True),
        ("Where's the blade now?", True),
        ("Tell me more.", True),
    ],
)
def test_asks_on_thread(question: str, about: bool) -> None:
    """A follow-up is an invitation, risk wording, pointing back, or the client's own words."""
    assert thr.asks_on_thread(normalise(question), normalise("I keep a blade in my room.")) is about


def test_version_is_26() -> None:
    """The output changed in version 26 (QA37 #3), so the version says so."""
    assert RiskLanguage.version >= 26
