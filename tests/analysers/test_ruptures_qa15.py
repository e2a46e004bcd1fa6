"""ruptures.detector version 17: grounding, taking sides in couple work, frame-setting repairs.

Every dialogue here was written for these tests (none comes from a data set, corpus or the
QA sessions that prompted the rules).
"""

from __future__ import annotations

from typing import Any

import pytest

from alliancelens.analysers.ruptures import RuptureDetector
from alliancelens.analysers.ruptures._lexicon import CUES
from alliancelens.analysers.ruptures._markers import read_client_turns
from alliancelens.analysers.ruptures._repair_cues import REPAIR_CUE, repair_hits
from alliancelens.analysers.ruptures._reply_cues import Hit
from alliancelens.analysers.ruptures._strategies import strategies_in
from alliancelens.analysers.ruptures._text import normalise
from alliancelens.testing import Turn, make_session

T, C = "therapist", "client"


def _episodes(*turns: Turn, **params: Any) -> list[dict[str, Any]]:
    found = RuptureDetector(**params).analyse(make_session(*turns))
    (summary,) = (f.value for f in found if f.kind == "ruptures.summary")
    return list(summary)


_ANSWERS = ("A bookshelf. The rug. A mug. The door.", "Dunno.", "Warm, I guess.", "Sort of.")


def _grounding() -> list[Turn]:
    return [
        (T, "Stay with me, Priya. You're safe in the room. Name four things you can see."),
        (C, _ANSWERS[0]),
        (T, "Well done. Three things you can hear?"),
        (C, _ANSWERS[1]),
        (T, "Put your hands around the mug. What's the temperature?"),
        (C, _ANSWERS[2]),
        (T, "Plant both feet on the floor and press down. Can you feel your feet?"),
        (C, _ANSWERS[3]),
    ]


def _invitations() -> list[Turn]:
    prompts = (
        "What's it been like for you since we last met?",
        "What's going on inside as you say that?",
        "How do you feel about being here today?",
        "What would you like to get from today?",
    )
    return [turn for p, a in zip(prompts, _ANSWERS, strict=True) for turn in ((T, p), (C, a))]


@pytest.mark.parametrize("use_model", [True, False])
def test_short_answers_to_a_grounding_exercise_are_no_withdrawal(use_model: bool) -> None:
    """Clipped, concrete replies to 'name things you can see/hear' prompts are not a rupture."""
    assert _episodes(*_grounding(), use_model=use_model) == []


def test_the_same_answers_to_invitations_are_a_withdrawal() -> None:
    """Control: the same replies to open invitations still make a withdrawal episode."""
    assert [e["kind"] for e in _episodes(*_invitations())] == ["withdrawal"]


def test_grounding_blocks_withdrawal_markers_on_each_reply() -> None:
    """No client reply to a grounding prompt carries a withdrawal marker, even before runs."""
    readings = read_client_turns(make_session(*_grounding()), run_window=10)
    assert all(not any(h.kind.value == "withdrawal" for h in r.hits) for r in readings)


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("It's the same every time, you always side with her.", True),
        ("You're clearly on my wife's side in all this.", True),
        ("You still lean towards him, if I'm honest.", True),
        ("You turned it all about her again.", True),
        ("My sister always takes his side.", False),
        ("I'm on her side about the holiday.", False),
    ],
)
def test_taking_sides_is_a_complaint_about_the_therapist(text: str, fires: bool) -> None:
    """The therapist siding with the other party, said as a statement, is C1; others are not."""
    (cue,) = (c for c in CUES if c.id == "c1_taking_sides")
    assert (cue.pattern.search(normalise(text)) is not None) is fires


def test_a_partner_confronting_the_therapist_is_an_episode_and_repaired() -> None:
    """Two clear 'you take his side' complaints, met by invitation and owning, then a feeling."""
    found = _episodes(
        (T, "Welcome, both. Where shall we begin?"),
        ("Mira", "The weekend. Again."),
        (T, "Tom, can you say what happened for you at the weekend?"),
        ("Tom", "I just went for a walk. I needed air."),
        (T, "Mira, could you hear what Tom needed there?"),
        ("Mira", "Here we go. You always side with him, every single session."),
        (T, "I'm glad you told me. What did I say just now that felt like that?"),
        ("Mira", "You turned it all about him again, like I'm the problem."),
        (T, "You're right, I went straight to Tom. Tell me what the weekend was like for you."),
        ("Mira", "Lonely. I was in the house with him all weekend and I felt completely alone."),
        (T, "Lonely, with him right there."),
    )
    (episode,) = found
    assert (episode["kind"], episode["start_index"], episode["resolved"]) == (
        "confrontation",
        5,
        True,
    )
    assert episode["resolution_index"] == 9
    assert {"invite_discussion_of_thoughts_feelings", "acknowledge_own_contribution"} <= set(
        episode["resolution_strategies"]
    )


def test_a_repair_raises_the_worded_kind_not_the_models_other_guess() -> None:
    """A phrase-cued complaint plus a model-only withdrawal: the repair confirms the complaint."""
    hits = [
        Hit("complaint_about_therapist", "c1_taking_sides", 1),
        Hit("denial", "model_withdrawal", 1),
    ]
    leans_withdrawal = (("denial", 0.8), ("complaint_about_therapist", 0.1))
    raised = repair_hits(hits, leans_withdrawal, "That's on me, I rushed past you.")
    assert raised[-1] == Hit("complaint_about_therapist", REPAIR_CUE, 2)


@pytest.mark.parametrize(
    ("therapist", "strategy"),
    [
        ("Anything you tell me in here stays confidential, unless I'm worried.", "R1"),
        ("It's only us now, and it stays between you and me.", "R1"),
        ("Would you rather I talked with you on your own for a few minutes?", "R2"),
        ("Let me see Leo by himself for a bit, if that's alright.", "R2"),
        ("What have I done that made it feel that way?", "R4"),
        ("I can tell you're annoyed that your dad brought that up.", "R9"),
    ],
)
def test_frame_and_format_repairs(therapist: str, strategy: str) -> None:
    """Confidentiality, seeing a young person alone, asking what I did, naming displeasure."""
    codes = {
        "R1": "clarify_misunderstanding",
        "R2": "change_tasks_or_goals",
        "R4": "invite_discussion_of_thoughts_feelings",
        "R9": "validate_defensive_posture",
    }
    assert codes[strategy] in strategies_in(therapist)


@pytest.mark.parametrize(
    "therapist",
    ["Fair enough. How many nights did you sleep?", "I can see the bus stop from here."],
)
def test_everyday_wording_is_not_a_frame_repair(therapist: str) -> None:
    """A bare 'fair enough' or 'I can see' about the world is no strategy."""
    assert strategies_in(therapist) == []
