"""The therapist's own problems (version 3): invited disclosure, recipes and follow-ups."""

from __future__ import annotations

import pytest

from alliancelens.analysers.red_flags import red_flags_in
from alliancelens.testing import make_session

T, C = "therapist", "client"
OWN = "therapist_own_problems"

BURNT_OUT = (
    "I have, a few years back, when I was working two jobs and looking after my dad, and I didn't "
    "notice it until I was sleeping through my alarm every single morning. You're the expert on "
    "your own version, though. What does it look like for you?"
)


def _kinds(*turns: tuple[str, str]) -> dict[int, set[str]]:
    items, _ = red_flags_in(make_session(*turns).utterances)
    found: dict[int, set[str]] = {}
    for item in items:
        found.setdefault(item["index"], set()).add(item["kind"])
    return found


@pytest.mark.parametrize(
    ("client", "flagged"),
    [("Have you ever been burnt out?", False), ("Work is exhausting.", True)],
)
def test_invited_disclosure_handed_back_may_be_longer(client: str, flagged: bool) -> None:
    """Asked "have you ever ...?", a handed-back answer of up to 60 words is not a red flag."""
    assert (OWN in _kinds((C, client), (T, BURNT_OUT)).get(1, set())) is flagged


def test_we_narrative_and_own_distress_are_own_problems() -> None:
    """A "we" story with a season anchor and the therapist's own stress is their own problems."""
    reply = (
        "Oh, we had exactly that last spring. We ended up sofa-surfing for a month and I've "
        "never been so stressed."
    )
    assert _kinds((C, "Our landlord is selling the house."), (T, reply)) == {1: {OWN}}


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        (
            "What I used to do when I was a student was leave my phone in the hall. You should "
            "do that tonight.",
            {"unsolicited_advice"},
        ),
        (
            "After my divorce I stopped sleeping for months, my sister had to move in, and I lost "
            "my job. What got me through was running. You should try it.",
            {OWN, "unsolicited_advice"},
        ),
    ],
)
def test_brief_recipe_is_advice_but_a_story_stays(reply: str, expected: set[str]) -> None:
    """A brief "what worked for me" behind advice is advice only; a longer story is both."""
    assert _kinds((C, "I can't switch off at night."), (T, reply)) == {1: expected}


STORY = [
    (C, "I'm dreading Christmas."),
    (T, "Oh, me too. My mother and my sister haven't spoken for years and I end up refereeing."),
    (C, "Oh no, that sounds awful. Will they both be there?"),
]


@pytest.mark.parametrize(
    ("reply", "continued"),
    [
        (
            "Yes, both of them, and my brother's bringing his new girlfriend, so it'll be carnage.",
            True,
        ),
        ("Probably! Anyway, back to you, what is it about Christmas that you dread?", False),
    ],
)
def test_answering_the_clients_question_continues_the_story(reply: str, continued: bool) -> None:
    """After the client asks about the therapist's story, telling more is own problems too."""
    items, own_words = red_flags_in(make_session(*STORY, (T, reply)).utterances)
    own = {i["index"] for i in items if i["kind"] == OWN}
    assert own == ({1, 3} if continued else {1})
    assert own_words > len(STORY[1][1].split()) if continued else True
