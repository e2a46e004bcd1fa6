"""ruptures.detector version 22: backing down after a defence, naming the pattern, voicing.

Every dialogue here was written for these tests (none comes from a data set, corpus or the QA
sessions that prompted the rules).
"""

from __future__ import annotations

from typing import Any

import pytest

from alliancelens.analysers.ruptures import RuptureDetector, strategies_in
from alliancelens.analysers.ruptures._reply_cues import Hit, cue_hits
from alliancelens.analysers.ruptures._retraction import backing_down
from alliancelens.analysers.ruptures._text import Prompt, features
from alliancelens.analysers.ruptures._third_party import reason_about_others
from alliancelens.domain import Finding
from alliancelens.testing import Turn, make_session

T, C = "therapist", "client"

_DEFENDED: list[Turn] = [
    (T, "Hi Sam, sorry about the wait outside. Come in, sit down."),
    (C, "This is the second week running you've kept me waiting, and you moved my slot twice."),
    (T, "The room before ran over, and I did email you about the change of time."),
    (C, "I booked the whole morning off for this. I was outside for a quarter of an hour."),
    (T, "That's not fair. I've got a full list and I'm doing my best for everyone on it."),
    (C, "Oh, forget it. Doesn't matter."),
    (T, "Let's look at the sleep log you brought."),
    (C, "Fine."),
    (T, "Which night went best?"),
    (C, "Don't know."),
    (T, "Was any night easier than the rest?"),
    (C, "Not really."),
    (
        T,
        "Sam, I want to go back. I got defensive just now and brushed off what you said. "
        "I'm sorry.",
    ),
    (C, "Right."),
    (
        T,
        "You've had to wait for me twice and I moved your slot. That's on me, and I can see why "
        "it feels like you come last here.",
    ),
    (
        C,
        "It does feel like that. I make a big effort to get here and then I sit there wondering "
        "whether I'm worth being on time for.",
    ),
    (T, "That makes sense. Waiting like that brings up the sense of not counting."),
    (C, "It's how it always was with my mum. I was the one she forgot at the swimming pool."),
]


def _run(turns: list[Turn], **params: Any) -> list[Finding]:
    return list(RuptureDetector(**params).analyse(make_session(*turns)))


def _episodes(turns: list[Turn], **params: Any) -> list[dict[str, Any]]:
    (summary,) = (f.value for f in _run(turns, **params) if f.kind == "ruptures.summary")
    return list(summary)


@pytest.mark.parametrize("use_model", [True, False])
def test_giving_up_after_a_defence_is_a_withdrawal_that_the_owned_repair_resolves(
    use_model: bool,
) -> None:
    """'Never mind. It doesn't matter.' after a defence opens a withdrawal, resolved after R5."""
    episodes = _episodes(_DEFENDED, use_model=use_model)
    withdrawal = [e for e in episodes if e["kind"] == "withdrawal"]
    assert withdrawal, episodes
    (episode,) = withdrawal
    assert episode["start_index"] == 5
    assert episode["resolved"] and episode["resolution_index"] == 15
    assert "acknowledge_own_contribution" in episode["resolution_strategies"]
    assert not any("rejecting_intervention" in e["markers"] for e in episodes)


@pytest.mark.parametrize(
    ("reply", "retracted"),
    [
        ("Never mind. It doesn't matter.", True),
        ("Whatever.", True),
        ("Oh, forget it.", True),
        ("It doesn't matter, it's fine.", True),
        ("Forget it. You never listen to a word I say about my week.", False),
    ],
)
def test_a_bare_retraction_after_a_defence_reads_as_w5(reply: str, retracted: bool) -> None:
    """Only a turn that says nothing beyond taking the complaint back becomes W5 w5_retract."""
    hits = [Hit("rejecting_intervention", "c2_forget_it", 1)]
    out = backing_down(hits, features(reply), "That's not fair, I'm doing what I can.")
    assert (Hit("deferential_appeasing", "w5_retract", 2) in out) is retracted
    assert (hits[0] in out) is not retracted


def test_a_retraction_without_a_defence_before_it_is_left_alone() -> None:
    """Without a defensive therapist turn the cues of the turn are unchanged."""
    hits = [Hit("rejecting_intervention", "c2_forget_it", 1)]
    out = backing_down(hits, features("Forget it."), "Shall we try the breathing exercise?")
    assert out == hits


@pytest.mark.parametrize(
    "text",
    [
        "Whenever we come to your dad, we end up talking about the football.",
        "And there we go again. I'm curious what happens in you when I ask about him.",
        "I notice that whenever I suggest something, you say yes straight away.",
        "It seems we've drifted away from your dad again.",
    ],
)
def test_naming_the_pattern_in_the_room_is_r4(text: str) -> None:
    """Naming the client's shift or pattern here and now is R4 metacommunication."""
    found = strategies_in(text)
    assert "invite_discussion_of_thoughts_feelings" in found
    assert "redirect_refocus" not in found


def test_a_link_to_somewhere_familiar_is_r7_r8() -> None:
    """'Does that feel familiar from somewhere else?' links the room to wider patterns."""
    assert "link_to_larger_patterns" in strategies_in("Does that feel familiar from home?")


_SHIFTING: list[Turn] = [
    (T, "It's a year since your dad's stroke. How have you been with it this week?"),
    (
        C,
        "Oh, flat out. The football season started and I'm coaching the under-tens now, they are "
        "all over the place.",
    ),
    (T, "Whenever we come to your dad, we end up talking about the football."),
    (C, "Do we? I suppose it's been busy."),
    (T, "It has. I wonder if your dad feels like a lot to bring in here."),
    (C, "Maybe. Anyway, the boiler packed in on Sunday, so that was another bill."),
    (T, "And there we go again, off to the boiler."),
    (C, "My throat closes up when anyone says his name."),
    (T, "Your throat closes up."),
    (C, "If I let myself think about it I'll be in bits all week."),
]


def test_the_client_answering_the_named_pattern_resolves_the_episode() -> None:
    """After R4 naming the shift, the client saying what happens inside is re-engagement."""
    episodes = _episodes(_SHIFTING)
    (episode,) = [e for e in episodes if e["kind"] == "withdrawal"]
    assert episode["resolution_index"] == 7
    assert "invite_discussion_of_thoughts_feelings" in episode["resolution_strategies"]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Whenever I tell them anything, they start shouting. So what's the point.", False),
        ("What's the point of coming here, nothing changes.", True),
    ],
)
def test_what_is_the_point_about_other_people_is_not_w7(text: str, kept: bool) -> None:
    """'What's the point' explained by what others do with the client's words is voicing."""
    hit = Hit("self_criticism_or_hopelessness", "w7_no_point", 2)
    assert (hit in reason_about_others([hit], features(text))) is kept


def test_a_reply_to_another_family_member_keeps_no_lone_complaint() -> None:
    """A parent answering their child keeps no stray C1 code (answers no therapist turn)."""
    findings = _run(
        [
            (T, "Ali, what do you wish your parents knew?"),
            ("Ali", "That I'm scared about the move."),
            ("Dad", "You never said. I thought you didn't care about leaving."),
            (T, "Thank you both."),
        ]
    )
    assert not [f for f in findings if f.kind == "ruptures.marker" and f.utterance_index == 2]


@pytest.mark.parametrize(
    "text",
    ["Are you tired? You look exhausted.", "I don't want to be a difficult client, sorry."],
)
def test_caretaking_the_therapist_is_w5(text: str) -> None:
    """Worrying about the therapist's tiredness, or about being a bother, is W5 caretaking."""
    assert any(h.cue == "w5_caretaking" for h in cue_hits(features(text), Prompt.OPEN))
