"""Ignoring or overriding the client's feedback (version 3): objections in context."""

from __future__ import annotations

import pytest

from alliancelens.analysers.red_flags import red_flags_in
from alliancelens.testing import make_session

T, C = "therapist", "client"
IGNORING = "ignoring_client_feedback"


def _ignoring(*turns: tuple[str, str]) -> list[dict[str, object]]:
    items, _ = red_flags_in(make_session(*turns).utterances)
    return [i for i in items if i["kind"] == IGNORING and i["index"] == len(turns) - 1]


@pytest.mark.parametrize(
    ("turns", "flagged"),
    [
        (
            [
                (C, "These weekly check-in forms make me feel like a number."),
                (T, "Thanks for saying. They're a core part of the programme, so we'll need one."),
            ],
            True,
        ),
        (
            [
                (C, "These weekly check-in forms make me feel like a number."),
                (
                    T,
                    "Thanks for saying. Would it help to fill it in together, or skip it?",
                ),
            ],
            False,
        ),
        (
            [
                (C, "I don't want an interpretation of my dreams, I want tools."),
                (T, "Interesting that you want to move away from the dreams so fast."),
            ],
            True,
        ),
        (
            [
                (C, "Not everything is about my mum, you know."),
                (T, "Tell me about your mother's illness, then."),
            ],
            True,
        ),
        (
            [
                (C, "I'm tired of my flatmate's mess."),
                (T, "We need to look at what has kept you going so far."),
            ],
            False,
        ),
        (
            [
                (C, "Can we skip the worksheet today?"),
                (T, "Sure. Shall we look at how the week went?"),
            ],
            False,
        ),
        (
            [
                (C, "These worksheets are a bit pointless."),
                (T, "Pointless how?"),
                (C, "I already know the thoughts are silly."),
                (T, "So the worksheet tells you something you already know."),
            ],
            False,
        ),
    ],
)
def test_objection_and_reply(turns: list[tuple[str, str]], flagged: bool) -> None:
    """Insisting, reframing as resistance or returning to the refused topic is ignoring; a
    choice, an agreed request, a life complaint or a reflection after a question is not."""
    assert bool(_ignoring(*turns)) is flagged


def test_objection_spread_over_turns_is_read_together() -> None:
    """An objection, a filler and "Honestly." are read as one; the evidence is the turn answered."""
    turns = [
        (C, "I really don't want to do the role play."),
        (T, "Mm."),
        (C, "Honestly."),
        (
            T,
            "I hear you. It's really important we still practise it, so let's start with line one.",
        ),
    ]
    (item,) = _ignoring(*turns)
    assert item["evidence"] == [2, 3]


@pytest.mark.parametrize(
    ("client_line", "flagged"),
    [
        ("Honestly I feel stupid even bringing this up.", False),
        ("I felt stupid doing that breathing thing, to be honest.", True),
        ("It feels stupid, writing my thoughts in boxes.", True),
    ],
)
def test_self_criticism_is_not_an_objection(client_line: str, flagged: bool) -> None:
    """Version 6: a client's 'I feel stupid' about themselves is not feedback on the work."""
    from alliancelens.analysers._red_flag_lexicon import CLIENT_OBJECTION

    assert bool(CLIENT_OBJECTION.search(client_line.lower())) is flagged


@pytest.mark.parametrize(
    ("reply", "ignores"),
    [
        ("I know this feels scary, but it will get easier over time. Ready?", True),
        ("I know this feels scary. What would make it a bit more manageable?", False),
    ],
)
def test_token_understanding_then_reassurance_presses_on(reply: str, ignores: bool) -> None:
    """A token "I know it feels X, but it gets easier" after a refusal presses on (version 8)."""
    items, _ = red_flags_in(
        make_session(
            ("therapist", "Let's start the exposure now."),
            ("client", "I don't want to do the exposure today."),
            ("therapist", reply),
        ).utterances
    )
    assert any(i["kind"] == "ignoring_client_feedback" for i in items) is ignores
