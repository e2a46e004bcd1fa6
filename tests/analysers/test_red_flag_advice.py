"""The shared advice definition (``_red_flag_advice``): permission window and turns in role.

Every dialogue here was written for these tests.
"""

from __future__ import annotations

from alliancelens.analysers import _red_flag_rules as rules
from alliancelens.analysers._red_flag_advice import ADVICE_WINDOW, unsolicited_advice
from alliancelens.testing import make_session

T, C = "therapist", "client"


def test_advice_nobody_asked_for_is_found_by_utterance_index() -> None:
    """A directive with no request and no permission is returned with its wording."""
    session = make_session((C, "Work is piling up."), (T, "You need to say no to your boss."))
    assert unsolicited_advice(session.utterances) == {1: "you need to"}


def test_permission_within_the_window_covers_the_advice() -> None:
    """Advice after the therapist asked permission (and the client agreed) is not flagged."""
    session = make_session(
        (T, "Could I share an idea about that?"),
        (C, "Go on."),
        (T, "You need to say no to your boss, at least once this week."),
    )
    assert ADVICE_WINDOW == 3
    assert unsolicited_advice(session.utterances) == {}


def test_in_role_directive_is_not_advice() -> None:
    """The therapist playing a character gives that character's orders, not advice."""
    line = "(as manager) You need to stay late again tonight."
    assert rules.advice_cue(line.lower(), invited=False, last_client="") is not None
    session = make_session(
        (T, "Let's rehearse it. I'll be your manager."),
        (C, "Okay."),
        (T, line),
        (C, "No. I've stayed late every night this week."),
    )
    assert unsolicited_advice(session.utterances) == {}


def test_repeated_calls_give_equal_independent_answers() -> None:
    """The remembered answer is copied: a caller changing its dict does not change the next."""
    session = make_session((C, "I keep skipping lunch."), (T, "You should set an alarm for it."))
    first = unsolicited_advice(session.utterances)
    first.clear()
    assert unsolicited_advice(session.utterances) == {1: "you should"}
