"""ruptures.detector version 21: a topic shift the therapist names marks the turn before as W4.

Every dialogue here was written for these tests (none comes from a data set or a blind set).
"""

from __future__ import annotations

from alliancelens.analysers.ruptures._markers import read_client_turns
from alliancelens.analysers.ruptures._shift_named import shift_named
from alliancelens.testing import make_session

T, C = "therapist", "client"


def _markers(*turns: tuple[str, str]) -> dict[int, set[str]]:
    """Rule markers read on each client utterance (before episodes are formed)."""
    readings = read_client_turns(make_session(*turns), run_window=99)
    return {r.index: {h.marker for h in r.hits} for r in readings}


def test_naming_a_shift_marks_the_story_before_it() -> None:
    """ "I notice we got onto the caravan quite fast" marks the client's story as W4."""
    turns = (
        (T, "How has it been since your brother's funeral?"),
        (
            C,
            "Oh, we took the caravan out, actually, up the coast, the awning nearly blew off",
        ),
        (T, "That sounds eventful. I notice we got onto the caravan quite fast, though."),
        (C, "Yeah. Well. It's easier."),
    )
    assert "avoidant_storytelling_or_topic_shift" in _markers(*turns)[1]


def test_only_the_next_therapist_turn_counts() -> None:
    """A naming two turns later, or a therapist's own proposal to move on, marks nothing."""
    utterances = make_session(
        (T, "What happened at work?"),
        (C, "My manager moved my shift again."),
        (T, "Shall we move on to the sleep diary now?"),
        (C, "Sure."),
        (T, "You changed the subject there."),
    ).utterances
    assert not shift_named(utterances, 1)
    assert shift_named(utterances, 3)


def test_phrasings_of_a_named_shift() -> None:
    """Several ways of naming a move away are read; a move the client asked for is not."""
    utterances = make_session(
        (C, "Anyway, the dog ate a sock."),
        (T, "We seem to have moved away from your mum again."),
    ).utterances
    assert shift_named(utterances, 0)
    other = make_session(
        (C, "Can I tell you about the dog?"),
        (T, "Of course, we can talk about the dog."),
    ).utterances
    assert not shift_named(other, 0)
