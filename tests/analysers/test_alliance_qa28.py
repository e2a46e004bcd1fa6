"""alliance.bordin version 5 (QA28): role-play, invited feedback, reflections, shared advice.

Every dialogue here was written for these tests (none comes from a data set or a QA session).
"""

from __future__ import annotations

from typing import Any

import pytest

from alliancelens.analysers.alliance import BordinAlliance
from alliancelens.analysers.alliance._analyser import reflective_sentence
from alliancelens.analysers.pipeline import Pipeline
from alliancelens.analysers.red_flags import red_flags_in
from alliancelens.analysers.ruptures import RuptureDetector
from alliancelens.testing import make_session

T, C = "therapist", "client"


def alliance(*turns: tuple[str, str]) -> dict[str, Any]:
    """``summary.alliance`` for a dialogue (ruptures run first, as in the default pipeline)."""
    result = Pipeline([RuptureDetector(), BordinAlliance()]).run(make_session(*turns))
    (value,) = (f.value for f in result.findings.of_kind("alliance.summary"))
    return dict(value)


def signals(value: dict[str, Any]) -> set[tuple[int, str]]:
    """(index, signal) pairs that moved any sub-score."""
    return {
        (e["index"], e["signal"])
        for part in ("goal", "task", "bond")
        for e in value[part]["evidence"]
    }


REHEARSAL = (
    (T, "Shall we rehearse it? I'll be your landlord and you ask for the repair."),
    (C, "Okay, let's try."),
    (T, "(as landlord) I'm very busy, I can't send anyone this month."),
    (C, "That's not good enough. You promised in March."),
    (T, "(as landlord) Well, these things take time."),
    (C, "Thanks, I will."),
    (T, "Let's pause there. How was that for you?"),
    (C, "Strange, but good."),
)


def test_in_role_turns_are_no_alliance_evidence() -> None:
    """Lines spoken to the character in a rehearsal neither add nor take alliance evidence."""
    found = signals(alliance(*REHEARSAL))
    assert {i for i, _ in found} & {2, 3, 4, 5} == set()


def test_in_role_therapist_lines_are_no_red_flags() -> None:
    """A therapist playing a dismissive character is not flagged for what the character says."""
    turns = (
        (T, "Would it help to practise? I'll play your father."),
        (C, "Alright."),
        (T, "(as father) You should be ashamed, you never finish anything."),
        (C, "That's not true and you know it."),
        (T, "Let's step out of the role now. What did you notice?"),
    )
    items, _ = red_flags_in(make_session(*turns).utterances)
    assert [i for i in items if i["index"] in {2, 3}] == []


def test_invited_criticism_is_no_rupture_penalty() -> None:
    """A complaint given in answer to the therapist's own feedback question costs no sub-score."""
    value = alliance(
        (T, "What would you like to focus on today?"),
        (C, "My sleep, mostly."),
        (T, "Okay. Before we stop, I'd like to hear how this session went for you."),
        (C, "Honestly the exercise felt pointless and a bit of a waste of time."),
        (T, "Thank you for telling me. I pushed the exercise too hard. Shall we change it?"),
        (C, "Yes, I'd like that."),
    )
    negatives = [
        e for part in ("goal", "task", "bond") for e in value[part]["evidence"] if e["index"] == 3
    ]
    assert all(e["weight"] > 0 for e in negatives)
    if value["ruptures"]["episodes"]:
        assert value["ruptures"]["invited_feedback"] >= 1
        assert (3, "invited_feedback") in signals(value)


@pytest.mark.parametrize(
    ("text", "reflects"),
    [
        ("Six months of trying and it feels like you're back at the start.", True),
        ("It sounds really disheartening to work that hard for nothing.", True),
        ("So the worry is less about the exam and more about your dad's face.", True),
        ("You felt let down?", True),
        ("And maybe tell your sister when you feel left out.", False),
        ("You could also go for a walk whenever you feel tense.", False),
        ("What do you want to get out of today?", False),
        ("How tired do you feel this week, from one to ten?", False),
        ("Is there anything else you want to cover?", False),
    ],
)
def test_reflective_listening_is_read_per_sentence(text: str, reflects: bool) -> None:
    """Reflections count without "you feel"; questions and advice with "you feel" do not."""
    assert reflective_sentence(text.lower()) is reflects


def test_bare_assent_to_unsolicited_advice_is_no_task_agreement() -> None:
    """ "Yes, fine, sounds good." right after advice nobody asked for earns no task_accepted."""
    value = alliance(
        (T, "How was the week?"),
        (C, "Tiring."),
        (T, "What I'd suggest is a run every morning before work, even when it rains."),
        (C, "Yes, fine. Sounds good."),
    )
    assert (3, "task_accepted") not in signals(value)
    assert (2, "advice_without_permission") in signals(value)


@pytest.mark.parametrize(
    ("therapist", "understood"),
    [
        ("It sounds like you felt completely on your own with it.", True),
        ("Right, so do the worksheet and we'll look at it next week.", False),
    ],
)
def test_bare_thanks_is_feeling_understood_only_after_an_attuned_turn(
    therapist: str, understood: bool
) -> None:
    """A closing "Yes. Thanks." is no sign of feeling understood unless the turn before attuned."""
    value = alliance((C, "I was alone with the whole thing."), (T, therapist), (C, "Yes. Thanks."))
    assert ((2, "feels_understood") in signals(value)) is understood


def test_metacommunication_is_alliance_evidence() -> None:
    """Inviting talk about the relationship and owning one's part move bond and task."""
    value = alliance(
        (C, "Whatever. It's fine."),
        (T, "Can I pause for a moment? I'm wondering what it's like being here with me today."),
        (C, "A bit tense, if I'm honest."),
    )
    bond = {(e["index"], e["signal"]) for e in value["bond"]["evidence"]}
    assert (1, "metacommunication") in bond


@pytest.mark.parametrize(
    "advice",
    [
        "I think it would also help to write a gratitude list twice a day.",
        "It really does work if you keep at it every night.",
        "I think it will really help you to phone your brother tonight.",
    ],
)
def test_advice_is_one_definition_in_alliance_and_red_flags(advice: str) -> None:
    """Persuading without permission is flagged by red flags and costs task agreement, together."""
    turns = ((C, "I keep putting things off."), (T, advice))
    items, _ = red_flags_in(make_session(*turns).utterances)
    flagged = {i["index"] for i in items if i["kind"] == "unsolicited_advice"}
    assert flagged == {1}
    assert (1, "advice_without_permission") in signals(alliance(*turns))


def test_version_is_current() -> None:
    """Outputs changed with the qa30 feedback construct and rupture fixes: version 6."""
    assert BordinAlliance.version == 8
