"""Rupture resolution (``_resolution``): re-engagement, and no resolution straight after a defence.

Every dialogue and reading here was written for these tests (none comes from a data set).
"""

from __future__ import annotations

from typing import Any

import pytest

from alliancelens.analysers.ruptures import RuptureDetector
from alliancelens.analysers.ruptures._episodes import EpisodeRules, find_clusters
from alliancelens.analysers.ruptures._markers import ClientReading, Hit
from alliancelens.analysers.ruptures._resolution import TherapistMoves, reengages
from alliancelens.analysers.ruptures._text import Prompt, features
from alliancelens.testing import Turn, make_session

T, C = "therapist", "client"
COMPLAINT = Hit("complaint_about_therapist", "c1_you_dont", 2)
LONG_REPLY = (
    "I'm not after a score out of ten. I want somebody in this room to take me seriously for "
    "a change."
)


def reading(position: int, text: str, *found: Hit) -> ClientReading:
    """A client reading at ``position`` (utterance index 2 * position + 1), no model."""
    return ClientReading(2 * position + 1, "Client", position, features(text), Prompt.OPEN, found)


def episodes(*turns: Turn) -> list[dict[str, Any]]:
    """The ``ruptures.summary`` episodes of a dialogue (default detector, with the model)."""
    found = RuptureDetector().analyse(make_session(*turns))
    (summary,) = (f.value for f in found if f.kind == "ruptures.summary")
    return list(summary)


@pytest.mark.parametrize(
    ("moves", "allowed"),
    [
        (TherapistMoves(), True),
        (TherapistMoves(repairs=frozenset({2})), True),
        (TherapistMoves(defences=frozenset({4})), False),
        (TherapistMoves(repairs=frozenset({2}), defences=frozenset({4})), False),
        (TherapistMoves(repairs=frozenset({4, 6}), defences=frozenset({4})), True),
        (TherapistMoves(defences=frozenset({12})), True),
    ],
)
def test_a_defence_needs_a_repair_after_it(moves: TherapistMoves, allowed: bool) -> None:
    """After a defensive reply, only a repair at or after it lets a reply resolve (v16)."""
    assert moves.allow(1, 9) is allowed


@pytest.mark.parametrize("moves", [None, TherapistMoves(defences=frozenset({6}))])
def test_a_long_reply_after_a_defence_does_not_resolve(moves: TherapistMoves | None) -> None:
    """The client's next long complaint after a defence is not re-engagement (qa13 item 4)."""
    readings = [
        reading(0, "You never hear a word I say.", COMPLAINT),
        reading(1, "Same old speech, week after week.", COMPLAINT),
        reading(2, "And you're still not listening to me.", COMPLAINT),
        reading(3, LONG_REPLY),
        reading(4, "Whatever, forget it."),
    ]
    (episode,) = find_clusters(readings, EpisodeRules(), moves)
    assert (episode.resolution is None) is (moves is not None)


@pytest.mark.parametrize(
    "text",
    [
        "Yeah, a bit. It felt like being quizzed by my old maths teacher, honestly.",
        "I do want to get on with it, I just go blank when someone watches me.",
    ],
)
def test_saying_how_a_moment_felt_is_reengagement(text: str) -> None:
    """Voicing how the session felt, or wanting the work, re-engages in 8+ words (v16)."""
    assert reengages(reading(0, text))


WITHDRAWAL_REPAIRED: list[Turn] = [
    (T, "Last week we talked about writing the worry down before bed. How did that go?"),
    (C, "Okay, I suppose."),
    (T, "What did you notice on the nights you tried it?"),
    (C, "Don't know really."),
    (T, "Take a moment. Which night stands out?"),
    (C, "Dunno. Whatever."),
    (T, "Well, you could put that Monday was calmer. That would count, wouldn't it?"),
    (C, "Fine."),
    (T, "And the worry itself is probably about the rent, isn't it?"),
    (C, "Mm."),
    (
        T,
        "You've gone very quiet on me in the last little while. I'm wondering if something "
        "I said put you off.",
    ),
    (C, "It's nothing."),
    (
        T,
        "Maybe. I think I was rushing you, and I kind of answered it for you. If it came "
        "across as a test, I'd genuinely like to hear it.",
    ),
    (C, "Yeah, a bit. It felt like being quizzed by my old maths teacher, honestly."),
    (T, "Thank you for saying so. That's on me."),
    (C, "I do want to get better at the worry thing, I just shut down when I'm put on the spot."),
]


def test_a_metacommunicated_repair_is_found_and_resolves() -> None:
    """Naming the quiet and owning a push are R4/R5; the voiced reaction resolves (qa13 3)."""
    (episode,) = episodes(*WITHDRAWAL_REPAIRED)
    assert (episode["kind"], episode["resolved"], episode["resolution_index"]) == (
        "withdrawal",
        True,
        13,
    )
    found = {(s["index"], s["strategy"]) for s in episode["strategy_evidence"]}
    assert (10, "invite_discussion_of_thoughts_feelings") in found
    assert (12, "acknowledge_own_contribution") in found


ESCALATING: list[Turn] = [
    (T, "How has the week been?"),
    (C, "Pointless. I don't know why I keep coming to these appointments."),
    (T, "Let's look at the breathing sheet. Did you use it?"),
    (C, "No. I told you the breathing stuff is useless for me."),
    (T, "You did say you'd try. It's the core of the programme."),
    (C, "You decided that. I just nodded so you'd stop going on."),
    (T, "That isn't what I meant. I meant that practice is how it works."),
    (C, "You never listen to a word I say. You just read from your script."),
    (T, "I'm not reading from a script. I'm explaining the treatment."),
    (C, "There you go again. Same speech every single week, and nothing changes."),
    (T, "That's not fair. I'm only trying to help."),
    (C, "Well it isn't helping. Maybe I need a different therapist."),
]


def test_a_defensive_reply_is_no_strategy() -> None:
    """The strategy model's reading of "that isn't what I meant" is dropped (qa13 item 4)."""
    (episode,) = episodes(*ESCALATING)
    assert episode["kind"] == "confrontation"
    assert not episode["resolved"]
    assert 6 not in {s["index"] for s in episode["strategy_evidence"]}
