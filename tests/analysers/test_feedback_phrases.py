"""One definition of "feedback asked for": relational.markers and alliance.bordin agree.

Every dialogue here was written for these tests.
"""

from __future__ import annotations

import pytest

from alliancelens.analysers.alliance import BordinAlliance
from alliancelens.analysers.pipeline import Pipeline
from alliancelens.analysers.relational import RelationalMarkers
from alliancelens.analysers.ruptures import RuptureDetector
from alliancelens.insights import InsightConfig, insights_for_caseload, session_record
from alliancelens.insights.model import Caseload
from alliancelens.report import codes_and_summary
from alliancelens.testing import make_session

ASKS = [
    "Before we wrap up, how did today feel for you? Anything you'd want more or less of?",
    "How was today for you?",
    "Is there anything that didn't feel right today?",
    "How are we doing, would you say?",
    "What was most helpful today?",
    # the session named between "anything" and the verb, and "what should I change" (qa15 #6)
    "Was there anything in this session that wasn't useful to you?",
    "Anything about today that did not sit right with you?",
    "Tell me if there's anything I ought to do differently.",
    "What would you like me to do differently next week?",
    # version 6 (qa22 item 4, qa24 item 3): the session between "how" and "felt", a yes/no
    # question about the session, and "today's session" / "this session" with "for each of you"
    "Could I ask how the session went for you, especially the harder bit?",
    "Has today been useful?",
    "How did our session feel for you both?",
    "How was this hour for the two of you? How was this session for all of you?",
    # QA28 #4: the construct, not one wording: wanting to hear how the session went, what the
    # client would change about how we work, and "anything ..., or that I overlooked"
    "We're nearly out of time, so I want to hear how this session went from your side.",
    "If something in the way we work together isn't working, could you tell me?",
    "Was there anything that felt off today, or anything I overlooked?",
]
DOES_NOT_ASK = [
    "See you next week.",
    "How was your weekend?",
    "Was there anything at work that didn't go well?",
    "What could you do differently with your sister?",
    # a homework review is not feedback on the session (qa22 item 4)
    "You said you'd try the breathing at home. How did that go?",
    "Was this helpful when you tried it on the bus?",
    # QA28 #4: a review of an exercise, with "anything that didn't work", is still homework
    "How did the breathing practice go at home? Was there anything that didn't work?",
    "We work on one thought at a time, and we change the ones that don't fit.",
]


def _run(last: str) -> tuple[set[int], set[int], list[str]]:
    """(relational feedback indexes, alliance feedback_asked indexes, insight rules)."""
    session = make_session(
        *[
            ("therapist" if i % 2 == 0 else "client", f"We talked about item {i}.")
            for i in range(8)
        ],
        ("therapist", last),
        ("client", "Fine."),
    )
    result = Pipeline([RuptureDetector(), BordinAlliance(), RelationalMarkers()]).run(session)
    summary = codes_and_summary(result)[1]
    relational = set(summary["relational"]["feedback_elicitation"]["indexes"])
    alliance = {
        e["index"]
        for part in ("goal", "task", "bond")
        for e in summary["alliance"][part]["evidence"]
        if e["signal"] == "feedback_asked"
    }
    caseload = Caseload("c", (session_record(session, summary),))
    rules = [i.rule for i in insights_for_caseload(caseload, InsightConfig())]
    return relational, alliance, rules


@pytest.mark.parametrize("text", ASKS)
def test_feedback_asked_is_one_construct_in_both_analysers(text: str) -> None:
    """A feedback question is coded by both analysers and no 'not asked' growth area fires."""
    relational, alliance, rules = _run(text)
    assert relational == alliance == {8}
    assert "feedback_not_elicited" not in rules


@pytest.mark.parametrize("text", DOES_NOT_ASK)
def test_other_questions_are_not_feedback_in_either(text: str) -> None:
    """An ordinary closing line is feedback in neither analyser."""
    relational, alliance, _ = _run(text)
    assert relational == alliance == set()
