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


# --- version 8 (qa22 items 2 and 3, qa24 item 10) ---------------------------------------------
OWN_STORY = (
    "Oh, my marriage went the same way. My husband moved out last year and I'm still paying off "
    "the loan."
)


def test_strain_and_impairment_are_own_problems() -> None:
    """The therapist's own sleeplessness and drinking are their own problems, on their own."""
    reply = "Forgive me, I'm not at my best. I haven't been sleeping and I'm drinking too much."
    assert _kinds((C, "I had a hard week."), (T, reply)) == {1: {OWN}}


@pytest.mark.parametrize(("story_first", "flagged"), [(True, True), (False, False)])
def test_open_story_lowers_the_bar_by_one_cue(story_first: bool, flagged: bool) -> None:
    """Once the therapist told their story, one told cue continues it; without one it does not."""
    opener = OWN_STORY if story_first else "What brings you in today?"
    found = _kinds(
        (C, "We keep fighting about the car."),
        (T, opener),
        (C, "Right."),
        (T, "My sister did exactly that with hers."),
    )
    assert (OWN in found.get(3, set())) is flagged


def test_story_clause_before_advice_is_own_problems_too() -> None:
    """A story clause before ", you should ..." is the therapist's own problems and advice."""
    reply = "When I was at uni I dropped out for a year, you should email your tutor."
    assert _kinds((C, "I'm behind on everything."), (T, reply)) == {1: {OWN, "unsolicited_advice"}}


def test_repair_naming_the_detour_is_not_the_story() -> None:
    """Owning the detour ("I've been going on about my sister") is repair, not more story."""
    repair = "I've been going on about my sister, which isn't what you came here for. Sorry."
    found = _kinds((C, "My dad is ill."), (T, OWN_STORY), (C, "Oh."), (T, repair))
    assert OWN not in found.get(3, set())


def test_share_counts_the_whole_told_story() -> None:
    """The own-problems words include the story sentences around the cue, not only the cue."""
    reply = "My ex did that with the car. Bought it without a word. I was livid for months."
    _, words = red_flags_in(make_session((C, "He bought a bike."), (T, reply)).utterances)
    assert words == len(reply.split())


def test_feedback_answered_with_own_story_ignores_it() -> None:
    """The client's wish to talk about their own topic, answered with the therapist's story."""
    found = _kinds(
        (T, "How did today feel?"),
        (C, "I was hoping we'd get to talk about my job."),
        (T, "Next week, promise. My landlord is selling my flat, I couldn't sleep last night."),
    )
    assert found[2] >= {OWN, "ignoring_client_feedback"}
