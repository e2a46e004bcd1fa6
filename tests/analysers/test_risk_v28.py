"""risk.language version 28: a partial denial that still affirms the thought is flagged.

"Are you having thoughts of killing yourself?" answered with a denial of intent or a plan and then
the thought's presence ("it's there", "the thought comes") or a passive wish was set aside as a
denial since version 23. Denial of a plan is not denial of ideation (clinical-reference §10).
Every dialogue here was written for these tests.
"""

from __future__ import annotations

import pytest
from risk_helpers import risk_readings

T, C = "therapist", "client"
QUESTION = "Are you having thoughts of killing yourself?"


def _answer(text: str, question: str = QUESTION) -> dict[str, object]:
    return risk_readings(
        (T, "How has the fortnight been?"), (C, "Rough."), (T, question), (C, text)
    )


@pytest.mark.parametrize(
    "answer",
    [
        "No plan. The thought just comes in the evenings.",
        "No, I'm not suicidal. It's just there some days.",
        "I wouldn't do anything. But it's still there.",
        "Nope, no plan. It creeps in when the house is quiet.",
        "No, I wouldn't do anything. I just think about it most nights.",
    ],
)
def test_denial_then_the_thought_is_there_is_flagged_as_ideation(answer: str) -> None:
    """A denial of intent or plan followed by 'it's there' / 'the thought comes' is an SI flag."""
    out = _answer(answer)
    flag = out["flags"][3]
    assert (flag["kind"], flag["severity"]) == ("suicidal_ideation", "moderate")
    assert "partial denial" in flag["reason"]
    assert not any(e["reason"].startswith("denial") for e in out["aside"])


@pytest.mark.parametrize(
    "answer",
    ["Nope. Only that I'd be better off gone, honestly.", "No. Just that I wish I wasn't around."],
)
def test_denial_then_a_passive_wish_is_flagged_as_passive(answer: str) -> None:
    """A denial followed by a passive wish ('just that I'd be better off gone') is passive SI."""
    flag = _answer(answer)["flags"][3]
    assert (flag["kind"], flag["severity"]) == ("passive_suicidal_ideation", "moderate")


@pytest.mark.parametrize(
    "answer",
    [
        "No, never.",
        "No, I'm safe.",
        "No plan, no thoughts.",
        "No, I wouldn't. Not with the kids.",
        "No. Just worn out.",
        "No, I'm not suicidal. Just stressed some days.",
        "No, the thought never comes any more.",
    ],
)
def test_plain_denials_stay_set_aside(answer: str) -> None:
    """A denial without a clause affirming the thought stays a set-aside denial, never a flag."""
    out = _answer(answer)
    assert 3 not in out["flags"]
    assert 3 not in out["possible"]
    assert any(e["index"] == 3 and e["reason"].startswith("denial") for e in out["aside"])


def test_partial_denial_of_a_plan_question_is_not_raised_to_high_by_the_question() -> None:
    """'Nah, no plan. It's just there most nights.' to a plan question stays moderate (as v23)."""
    flag = _answer(
        "Nah, no plan. It's just there most nights.",
        question="Have you made any plans to end your life?",
    )["flags"][3]
    assert (flag["kind"], flag["severity"]) == ("suicidal_ideation", "moderate")
    assert "'high'" not in flag["reason"]
