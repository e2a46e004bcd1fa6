"""ruptures.detector version 18: endings, the call, other people's news, taking up a repair.

Every dialogue here was written for these tests (none comes from a data set, corpus or the QA
sessions that prompted the rules).
"""

from __future__ import annotations

from typing import Any

import pytest

from alliancelens.analysers.ruptures import RuptureDetector, RuptureKind
from alliancelens.analysers.ruptures._markers import ClientReading, Hit, _context
from alliancelens.analysers.ruptures._model_cues import ModelThresholds, model_hits
from alliancelens.analysers.ruptures._resolution import (
    TherapistMoves,
    first_reengagement,
    takes_up_repair,
)
from alliancelens.analysers.ruptures._strategies import strategies_in
from alliancelens.analysers.ruptures._text import Prompt, classify_prompt, features
from alliancelens.models.rupture_model import MarkerScores
from alliancelens.testing import Turn, make_session

T, C = "therapist", "client"
LIMITS = ModelThresholds()
#: The model, written by hand, reading a turn as a clear confrontation / withdrawal.
CROSS = MarkerScores(0.02, 0.95, (("complaint_about_therapist", 0.8), ("denial", 0.1)))
MEEK = MarkerScores(
    0.95, 0.02, (("deferential_appeasing", 0.8), ("complaint_about_therapist", 0.1))
)


def _proposed(text: str, previous: str, out: MarkerScores) -> set[str]:
    """Markers the model may add to ``text`` said after ``previous`` (after the vetoes)."""
    context = _context(features(text), classify_prompt(previous), previous)
    return {h.marker for h in model_hits(out, features(text), context, set(), LIMITS)}


@pytest.mark.parametrize(
    "text",
    [
        "Honestly I'll miss coming here. I'll miss you too.",
        "Don't, you'll make me cry in a minute.",
        "Huh. I didn't expect you to say that.",
        "Ugh, the audio keeps cutting out on my side.",
        "My brother's girlfriend had a miscarriage on Friday. He's in bits.",
    ],
)
def test_warmth_surprise_the_call_and_others_news_are_no_model_confrontation(text: str) -> None:
    """A confident model confrontation is vetoed on grief, surprise, tech trouble, others' news."""
    assert _proposed(text, "How are you finding today?", CROSS) == set()


@pytest.mark.parametrize(
    "text",
    [
        "You never listen to a word I say.",
        "I'm so frightened and you just sit there.",
    ],
)
def test_a_complaint_at_the_therapist_still_gets_the_model_hit(text: str) -> None:
    """Control: the same model reading on a move against the therapist is kept."""
    assert _proposed(text, "How are you finding today?", CROSS) == {"complaint_about_therapist"}


@pytest.mark.parametrize(
    ("text", "previous", "vetoed"),
    [
        ("Thanks ever so much for everything.", "I'm really glad we did this work.", True),
        ("You've been so patient with me.", "How has this been for you?", True),
        ("Sorry, you froze there. Say again?", "How was the week?", True),
        ("Right. Bye then.", "Take care of yourself, see you in a month.", True),
        ("Right. Bye then.", "It sounds like that still hurts a lot.", False),
        ("See you next week, I need to go.", "How does it feel to say that to me?", False),
    ],
)
def test_goodbyes_veto_a_model_withdrawal_only_at_the_close(
    text: str, previous: str, vetoed: bool
) -> None:
    """Thanks and tech trouble always; a goodbye only after the therapist closes (v18)."""
    assert (_proposed(text, previous, MEEK) == set()) is vetoed


@pytest.mark.parametrize(
    ("text", "strategy"),
    [
        (
            "Maybe something in the way I've been with you today isn't helping.",
            "invite_discussion_of_thoughts_feelings",
        ),
        (
            "I'd prefer we didn't drop it, if you can bear it.",
            "invite_discussion_of_thoughts_feelings",
        ),
        ("Perhaps I haven't given you enough space this week.", "acknowledge_own_contribution"),
        ("I think you're showing me something important.", "validate_defensive_posture"),
    ],
)
def test_metacommunication_and_tentative_owning_are_strategies(text: str, strategy: str) -> None:
    """Naming one's own part or keeping the subject open is a resolution strategy (v18)."""
    assert strategy in strategies_in(text)


@pytest.mark.parametrize(
    ("text", "owns"),
    [
        ("I'm so sorry. What an awful thing to go through.", False),
        ("I'm really sorry, that is a lot to carry on your own.", False),
        ("I'm sorry. I rushed you into that and it's a lot to carry.", True),
        ("I'm sorry, that was on me.", True),
    ],
)
def test_sympathy_is_not_owning_a_part(text: str, owns: bool) -> None:
    """'Sorry' for the client's news is sympathy; with an owning phrase it is still R5."""
    assert ("acknowledge_own_contribution" in strategies_in(text)) is owns


def _reading(position: int, text: str, prompt: int | None, *found: Hit) -> ClientReading:
    """A client reading at utterance 2 * position + 1 answering therapist turn ``prompt``."""
    scores = MarkerScores(0.05, 0.05, (("denial", 0.05),))
    return ClientReading(
        2 * position + 1,
        "Client",
        position,
        features(text),
        Prompt.OPEN,
        found,
        scores,
        prompt_index=prompt,
    )


COMPLAINT = Hit("complaint_about_therapist", "c1_you_dont", 2)


@pytest.mark.parametrize(
    ("text", "moves", "taken"),
    [
        ("Okay. I think I'd welcome that.", TherapistMoves(repairs=frozenset({2})), True),
        ("That sounds more manageable, yes.", TherapistMoves(repairs=frozenset({2})), True),
        ("Okay. I think I'd welcome that.", TherapistMoves(), False),
        (
            "I'd feel less on trial if I knew what you thought of me.",
            TherapistMoves(repairs=frozenset({4}), invitations=frozenset({4})),
            True,
        ),
        (
            "I'd feel less on trial if I knew what you thought of me.",
            TherapistMoves(repairs=frozenset({4})),
            False,
        ),
    ],
)
def test_taking_up_a_repair_resolves(text: str, moves: TherapistMoves, taken: bool) -> None:
    """Accepting an offer after a repair, or answering an invitation, re-engages (v18)."""
    readings = [_reading(0, "You don't care what I think.", None, COMPLAINT)]
    readings.append(_reading(1, "Nah.", 2))
    readings.append(_reading(2, text, 4))
    found = first_reengagement(
        readings, RuptureKind.CONFRONTATION, (readings[0], readings[0]), 3, moves
    )
    assert (found is not None and found.index == 5) is taken


def test_a_model_leaning_reply_to_an_invitation_is_not_taken_up() -> None:
    """An answer the model half-reads as the rupture going on does not resolve it."""
    reading = _reading(2, "Right now I feel a bit told off, honestly, is how it feels.", 4)
    leaning = ClientReading(
        reading.index,
        reading.speaker,
        reading.position,
        reading.features,
        reading.prompt,
        (),
        MarkerScores(0.05, 0.3, (("complaint_about_therapist", 0.2),)),
        prompt_index=4,
    )
    moves = TherapistMoves(repairs=frozenset({4}), invitations=frozenset({4}))
    assert takes_up_repair(reading, RuptureKind.CONFRONTATION, moves)
    assert not takes_up_repair(leaning, RuptureKind.CONFRONTATION, moves)


def _episodes(*turns: Turn, **params: Any) -> list[dict[str, Any]]:
    found = RuptureDetector(**params).analyse(make_session(*turns))
    (summary,) = (f.value for f in found if f.kind == "ruptures.summary")
    return list(summary)


def test_a_group_member_calling_the_group_useless_is_a_confrontation() -> None:
    """'This group is a waste … we go round in circles' is C5 by phrase, without the model."""
    turns: list[Turn] = [
        (T, "Who wants to go next?"),
        ("Sam", "Look, these sessions are a waste. We just go around in circles."),
        (T, "Sam, you sound fed up with how it's going."),
        ("Sam", "Because nothing ever changes. Same chat every Tuesday."),
    ]
    session = make_session(*turns)
    found = RuptureDetector(use_model=False).analyse(session)
    (summary,) = (f.value for f in found if f.kind == "ruptures.summary")
    assert [e["kind"] for e in summary] == ["confrontation"]
