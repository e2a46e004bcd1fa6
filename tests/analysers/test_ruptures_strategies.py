"""Therapist resolution strategies (3RS R1-R10) from wording written for these tests."""

from __future__ import annotations

import pytest

from alliancelens.analysers.ruptures import STRATEGIES, STRATEGY_CODES
from alliancelens.analysers.ruptures._strategies import (
    STRATEGY_PATTERNS,
    _strategies,
    forget_texts,
    is_defensive,
    owns_or_discloses,
    strategies_in,
)


def test_every_strategy_has_a_pattern_and_a_code() -> None:
    """The pattern table covers exactly the corpus strategy identifiers, in R order."""
    assert tuple(name for name, _ in STRATEGY_PATTERNS) == STRATEGIES
    assert set(STRATEGY_CODES) == set(STRATEGIES)


@pytest.mark.parametrize(
    ("therapist", "strategy"),
    [
        (
            "I didn't mean it that way. The exercise isn't about proving you wrong.",
            "clarify_misunderstanding",
        ),
        (
            "Can I check what you understood about the policy? I don't want to assume.",
            "clarify_misunderstanding",
        ),
        (
            "What if we just picked one small thing instead of the whole week?",
            "change_tasks_or_goals",
        ),
        ("Let's put the diary to one side for now.", "change_tasks_or_goals"),
        ("Can I explain why I keep asking about the evenings?", "illustrate_task_rationale"),
        ("The idea is to notice the moment the worry starts.", "illustrate_task_rationale"),
        ("How does it feel to hear that from me?", "invite_discussion_of_thoughts_feelings"),
        (
            "Is there something I said that didn't sit right?",
            "invite_discussion_of_thoughts_feelings",
        ),
        ("I think I rushed you there, and I'm sorry.", "acknowledge_own_contribution"),
        ("That was my mistake, not yours.", "acknowledge_own_contribution"),
        ("I notice I feel a bit sad while you're laughing.", "disclose_internal_experience"),
        ("Does this happen with other people in your life too?", "link_to_larger_patterns"),
        ("It makes a lot of sense that you'd hold back.", "validate_defensive_posture"),
        ("That's a fair point, and I'm glad you raised it.", "validate_defensive_posture"),
        ("Can we come back to what happened in the car?", "redirect_refocus"),
    ],
)
def test_strategy_wording(therapist: str, strategy: str) -> None:
    """Typical wording of each strategy is recognised."""
    assert strategy in strategies_in(therapist)


@pytest.mark.parametrize(
    ("therapist", "not_strategy"),
    [
        ("I'm sorry to hear that.", "acknowledge_own_contribution"),
        ("I'm not criticising you.", "clarify_misunderstanding"),
        ("How many times did you check?", "invite_discussion_of_thoughts_feelings"),
        ("You need to do the homework every night.", "change_tasks_or_goals"),
    ],
)
def test_not_a_strategy(therapist: str, not_strategy: str) -> None:
    """Sympathy, defending and ordinary questions are not repair strategies."""
    assert not_strategy not in strategies_in(therapist)


def test_order_is_r_number_order_without_repeats() -> None:
    """An utterance with several strategies lists each once, in R order."""
    found = strategies_in(
        "You're right, I pushed too hard, I'm sorry. What if we tried something smaller?"
    )
    assert found == [s for s in STRATEGIES if s in found]
    assert len(found) == len(set(found)) >= 2


@pytest.mark.parametrize(
    ("therapist", "strategy"),
    [
        ("Hang on, can I clear one thing up about the waiting list?", "clarify_misunderstanding"),
        ("i didnt mean you personally i meant the form", "clarify_misunderstanding"),
        ("I can look at another slot that fits round your shifts.", "change_tasks_or_goals"),
        (
            "It's quite normal for the worry to go up at first when you stop checking.",
            "illustrate_task_rationale",
        ),
        (
            "What has it been like, coming here every week?",
            "invite_discussion_of_thoughts_feelings",
        ),
        ("I haven't kept in touch the way I should have.", "acknowledge_own_contribution"),
        ("I notice I'm feeling a bit protective of you right now.", "disclose_internal_experience"),
        ("I wonder if it's a bit like what happens with your brother.", "link_to_larger_patterns"),
        ("It makes sense you'd want to keep your guard up.", "validate_defensive_posture"),
        ("That's kind. But you were telling me about the move.", "redirect_refocus"),
    ],
)
def test_softer_strategy_wording(therapist: str, strategy: str) -> None:
    """Conversational repair wording (the third phrase set) is recognised too."""
    assert strategy in strategies_in(therapist)


@pytest.mark.parametrize(
    ("therapist", "strategy"),
    [
        (
            "You've gone very quiet on me since the worksheet came out.",
            "invite_discussion_of_thoughts_feelings",
        ),
        (
            "I'm wondering if something I said a minute ago put you off.",
            "invite_discussion_of_thoughts_feelings",
        ),
        (
            "If it came across as a test, I'd genuinely like to hear it.",
            "invite_discussion_of_thoughts_feelings",
        ),
        (
            "Should anything I do next time rub you up the wrong way, please tell me.",
            "invite_discussion_of_thoughts_feelings",
        ),
        ("I think I was rushing you towards an answer there.", "acknowledge_own_contribution"),
        ("I kind of answered it for you, didn't I?", "acknowledge_own_contribution"),
        ("Looking back, I got a bit defensive just then.", "acknowledge_own_contribution"),
    ],
)
def test_metacommunication_wording(therapist: str, strategy: str) -> None:
    """Naming the withdrawal, wondering about one's own part and owning a push are R4/R5 (v16)."""
    assert strategy in strategies_in(therapist)


@pytest.mark.parametrize(
    "therapist",
    [
        "Could I share what some people find useful? You can tell me if it fits.",
        "You mentioned your brother had gone quiet at dinner.",
    ],
)
def test_permission_and_third_parties_are_not_invitations(therapist: str) -> None:
    """Asking permission to inform, or a reflection about someone else, is not R4."""
    assert "invite_discussion_of_thoughts_feelings" not in strategies_in(therapist)


@pytest.mark.parametrize(
    ("therapist", "defensive"),
    [
        ("Hang on, that wasn't what I said at all.", True),
        ("I'm not having a go at you. I'm only trying to help.", True),
        ("It's not what I meant. I meant the plan matters for your job.", True),
        ("Maybe I wasn't clear. What did you hear me say?", False),
        ("I'm sorry, I think I rushed you.", False),
    ],
)
def test_defensive_replies(therapist: str, defensive: bool) -> None:
    """Rejecting the client's reading of the therapist is a defence, not a repair (v16)."""
    assert is_defensive(therapist) is defensive


def test_owns_or_discloses_matches_r5_and_r6_only() -> None:
    """The cheap R5/R6 check agrees with the full strategy reading."""
    assert owns_or_discloses("That's on me, I went too fast.")
    assert owns_or_discloses("I notice I feel a bit stuck right now.")
    assert not owns_or_discloses("Can we come back to what happened in the car?")


def test_memo_returns_fresh_lists_and_is_emptied_per_session() -> None:
    """A caller changing the returned list cannot change later answers; forget_texts empties it."""
    text = "I think I got that wrong just now, I'm sorry."
    first = strategies_in(text)
    first.append("not a strategy")
    assert "not a strategy" not in strategies_in(text)
    forget_texts()
    assert _strategies.cache_info().currsize == 0
    assert strategies_in(text) == first[:-1]
