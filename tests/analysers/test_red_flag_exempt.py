"""red_flags.therapist version 7: screening, owned mistakes, thanks, curious questions."""

from __future__ import annotations

import pytest

from alliancelens.analysers import _red_flag_exempt as exempt
from alliancelens.analysers.red_flags import red_flags_in
from alliancelens.testing import make_session

T, C = "therapist", "client"


def _kinds(*turns: tuple[str, str]) -> set[str]:
    """Red-flag kinds on the last turn of a made-up session."""
    items, _ = red_flags_in(make_session(*turns).utterances)
    return {i["kind"] for i in items if i["index"] == len(turns) - 1}


@pytest.mark.parametrize(
    ("client", "therapist"),
    [
        (
            "Some nights I think everyone would manage fine without me.",
            "Have you considered acting on these urges, or making any plans?",
        ),
        ("The thoughts come most nights now.", "Have you thought about killing yourself?"),
        (
            "I keep thinking about the tablets in the drawer.",
            "Would you consider acting on that, do you think?",
        ),
        ("it comes and goes", "have you thought about acting on it or made any plans"),
    ],
    ids=["plan-question", "ideation-question", "intent-question", "unpunctuated-asr"],
)
def test_risk_screening_questions_are_never_advice(client: str, therapist: str) -> None:
    """A question about ideation, plan or intent is never a suggestion put as a question."""
    assert _kinds((C, client), (T, therapist)) == set()


@pytest.mark.parametrize(
    ("client", "therapist"),
    [
        (
            "I'm so tired of the arguing.",
            "Have you thought about acting on them? Why don't you just move out.",
        ),
        ("My boss shouts a lot.", "Have you considered just making plans to leave?"),
    ],
    ids=["advice-after-a-screen", "plans-as-advice"],
)
def test_advice_next_to_screening_wording_is_still_flagged(client: str, therapist: str) -> None:
    """Advice in another sentence, or plans that are not risk plans, are still advice."""
    assert "unsolicited_advice" in _kinds((C, client), (T, therapist))


@pytest.mark.parametrize(
    "therapist",
    [
        "I rushed you into the breathing practice, I'm sorry. You need to set the pace now.",
        "I think I pushed the worksheets too hard. Sorry. Take it one page at a time.",
        "I should have asked first. I apologise. You should pick the next step yourself.",
    ],
)
def test_a_turn_owning_a_mistake_is_never_advice(therapist: str) -> None:
    """The therapist owning their own mistake is congruence, not advice or persuasion."""
    client = "The practice last week was honestly too much for me."
    assert "unsolicited_advice" not in _kinds((C, client), (T, therapist))


def test_an_apology_that_softens_advice_is_still_advice() -> None:
    """ "I'm sorry, but you need to ..." owns nothing, so the directive still counts."""
    turns = ((C, "I had four pints on Saturday."), (T, "I'm sorry, but you need to stop drinking."))
    assert "unsolicited_advice" in _kinds(*turns)


@pytest.mark.parametrize(
    ("client", "therapist"),
    [
        (
            "Thank you. You were the only one who never made me feel silly for asking.",
            "You were never silly. You were careful, and you asked anyway.",
        ),
        (
            "Honestly, you listened when I said the diary was too much.",
            "That matters. Let's write the plan now.",
        ),
    ],
    ids=["thanks", "praise"],
)
def test_thanks_and_praise_are_not_objections(client: str, therapist: str) -> None:
    """Gratitude or praise that mentions an old complaint is not an objection to press past."""
    assert "ignoring_client_feedback" not in _kinds((C, client), (T, therapist))


def test_thanks_but_a_refusal_is_still_an_objection() -> None:
    """ "Thanks, but ..." followed by a refusal is still an objection the reply must take up."""
    turns = (
        (C, "Thanks, but the worksheet is pointless and I'm not doing it."),
        (T, "Anyway, let's go through the worksheet now."),
    )
    assert "ignoring_client_feedback" in _kinds(*turns)


@pytest.mark.parametrize(
    ("client", "expected"),
    [
        ("That wasn't what I expected you to say at all.", set()),
        ("I was surprised you didn't tell me off.", set()),
        ("I skipped my tablets all week and then crashed.", {"judgmental_remark"}),
    ],
    ids=["follows-client-expectation", "follows-client-surprise", "retort-to-own-act"],
)
def test_what_did_you_expect_depends_on_what_it_answers(client: str, expected: set[str]) -> None:
    """'What did you expect?' invites the client's view unless it retorts to their own act."""
    assert _kinds((C, client), (T, "What did you expect?")) == expected


@pytest.mark.parametrize(
    ("therapist", "expected"),
    [
        ("So it matters to you a great deal not letting your sister down.", set()),
        ("You're terrified of letting everyone down.", set()),
        ("Honestly, you're letting your sister down again.", {"judgmental_remark"}),
    ],
    ids=["value-reflected", "fear-reflected", "verdict"],
)
def test_letting_down_is_a_verdict_only_when_said_of_the_client(
    therapist: str, expected: set[str]
) -> None:
    """Reflecting the client's care or fear about letting people down is not a verdict."""
    assert _kinds((C, "My sister needs me at weekends."), (T, therapist)) == expected


@pytest.mark.parametrize(
    ("sentence", "screening"),
    [
        ("Have you made any plans?", True),
        ("Are you safe tonight?", True),
        ("Have you made any plans for the holidays?", False),
        ("You should make a plan.", False),
    ],
)
def test_is_risk_question(sentence: str, screening: bool) -> None:
    """Only questions about ideation, plan, intent, means or safety are screening questions."""
    assert exempt.is_risk_question(sentence.lower()) is screening


@pytest.mark.parametrize(
    "therapist",
    [
        "I realise I've been pressing the breathing exercise and you've gone quiet. How is this "
        "landing for you right now?",
        "I wonder if I skipped over something that mattered about the exercise sheet.",
        "Something is going on between us around the exercise sheet; I'd like to understand it.",
    ],
    ids=["notices-own-pressing", "wonders-if-missed", "between-us"],
)
def test_metacommunication_never_ignores_an_objection(therapist: str) -> None:
    """A turn that owns the therapist's part or opens the relationship answers an objection."""
    turns = (
        (T, "Did you get to the exercise sheet this week?"),
        (C, "Meh. The exercise sheet is a waste of time. Can we drop it."),
        (T, therapist),
    )
    assert "ignoring_client_feedback" not in _kinds(*turns)


def test_pressing_on_after_an_objection_is_still_flagged() -> None:
    """Going straight back to the refused exercise sheet is still ignoring the objection."""
    turns = (
        (T, "Did you get to the exercise sheet this week?"),
        (C, "Meh. The exercise sheet is a waste of time. Can we drop it."),
        (T, "Let's just fill in the exercise sheet together now, it only takes five minutes."),
    )
    assert "ignoring_client_feedback" in _kinds(*turns)
