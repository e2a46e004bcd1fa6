"""The obvious sentences: plain first-person risk statements must always be flagged.

Added after a QA tester's first sentence ("Nothing matters and I want to kill myself.") was set
aside as negated (risk.language version 9). Each sentence is our own, the kind of thing a
clinician types to try the tool; several put a negator in an earlier clause. Full analyser with
the shipped model, after an ordinary question.
"""

from __future__ import annotations

import pytest

from alliancelens.analysers.risk import RiskLanguage
from alliancelens.testing import make_session

OBVIOUS = [
    "I want to kill myself.",
    "I'm going to end my life.",
    "I've been thinking about suicide every day.",
    "Nothing matters and I want to kill myself.",
    "I have a plan to take all my pills on Friday.",
    "I've been looking up how to hang myself.",
    "Honestly I just want to die.",
    "I wish I was dead.",
    "I wish I could go to sleep and never wake up.",
    "Everyone would be better off without me.",
    "I don't see the point in living anymore.",
    "I cut myself last night.",
    "I've been burning my arms with a lighter.",
    "I keep hitting my head against the wall until it bleeds.",
    "I hurt myself again this week.",
    "I'm going to kill him.",
    "I want to stab my boss.",
    "I've been thinking about hurting my ex.",
    "I bought a knife to get back at him.",
    "Some days I think about ending it all.",
    "I can't go on like this, I want it all to end.",
    "I took an overdose last week.",
    "I've written goodbye letters to my kids.",
    "I'm so tired and I want to die.",
    "I feel like a burden and they'd be better off if I was gone.",
    "I don't sleep and I want to die.",
    "Nobody cares, and I'm going to kill myself.",
    "I can't cope and I've been cutting again.",
    "I'm not okay and I want to end it.",
    "No one listens so I want to kill myself.",
    "It's not working and I keep thinking about suicide.",
    "I never feel better and I wish I was dead.",
    "I'm not sleeping, I'm not eating, I just want to die.",
    "I didn't go to work because I wanted to kill myself.",
    "I won't lie, I've thought about killing myself.",
]


@pytest.mark.parametrize("text", OBVIOUS)
def test_a_plain_risk_statement_is_flagged(text: str) -> None:
    """Every plain first-person statement of suicidal ideation, self-harm or harm is a flag."""
    session = make_session(("therapist", "How have things been since last week?"), ("client", text))
    findings = {f.kind: f.value for f in RiskLanguage().analyse(session)}
    assert [item["index"] for item in findings["risk.summary"]] == [1]
