"""Tests for the in-role detector shared by the rupture, alliance and red-flag analysers."""

from __future__ import annotations

from alliancelens.analysers._roleplay import (
    MAX_SPAN,
    in_role_indexes,
    opens_roleplay,
    steps_out,
    tagged_in_role,
)
from alliancelens.testing import make_session


def _indexes(*turns: tuple[str, str]) -> list[int]:
    return sorted(in_role_indexes(make_session(*turns).utterances))


def test_tagged_turns_and_their_answers_are_in_role() -> None:
    """A "(as landlord)" therapist turn and the client's reply to it are in role."""
    got = _indexes(
        ("therapist", "Shall we practise the call about the deposit?"),
        ("client", "Okay."),
        ("therapist", "(as landlord) The deposit covers the carpet, that's final."),
        ("client", "That carpet was worn when I moved in and you know it."),
        ("therapist", "Let's pause there. How was that?"),
        ("client", "Scary but alright."),
    )
    assert got == [2, 3]


def test_announced_enactment_starts_after_the_clients_yes() -> None:
    """The client's agreement to the proposal is not in role; the enactment after it is."""
    got = _indexes(
        ("therapist", "Would it help if I play your sister and you tell her about the move?"),
        ("client", "Yes, go on."),
        ("therapist", "You're moving away? Again? Typical."),
        ("client", "It's not typical, I've been here six years."),
        ("therapist", "And stepping out of the role. What did you notice?"),
        ("client", "That I didn't back down."),
    )
    assert got == [2, 3]


def test_a_declined_proposal_opens_nothing() -> None:
    """ "I'd rather not" to a proposed role-play leaves every later line out of role."""
    got = _indexes(
        ("therapist", "We could try a role-play with your father, if you like."),
        ("client", "I'd rather not, honestly."),
        ("therapist", "That's fine. What would be more useful?"),
        ("client", "Honestly this whole thing feels pointless."),
    )
    assert got == []


def test_putting_a_roleplay_off_is_not_an_announcement() -> None:
    """ "Let's leave the role-play for now" does not open a span."""
    assert not opens_roleplay("Let's leave the interview role-play for now.")
    assert not opens_roleplay("Okay, no role play. Shall we write it down instead?")
    assert opens_roleplay("Let's try a quick role-play of Monday's meeting.")
    assert opens_roleplay("Can I be your manager for a minute?")
    assert not opens_roleplay("I'll be the one to phone the school, then.")


def test_stage_notes_and_step_outs_are_recognised() -> None:
    """Stage notes in brackets mark a tagged turn; a check-in question steps out."""
    assert tagged_in_role("[as your mum] You never ring me.")
    assert tagged_in_role("(in role) Sit down, please.")
    assert not tagged_in_role("(laughs) That's true.")
    assert steps_out("OK, out of role now. How did that feel?")
    assert not steps_out("Tell me more about the meeting.")


def test_an_unclosed_span_ends_after_max_span() -> None:
    """Without a step-out turn the span stops after MAX_SPAN utterances."""
    turns: list[tuple[str, str]] = [
        ("therapist", "Let me play your coach and you tell me you're quitting."),
        ("client", "Sure."),
    ]
    for _ in range(MAX_SPAN + 6):
        turns += [("therapist", "Go on."), ("client", "Fine.")]
    got = _indexes(*turns)
    assert got
    assert max(got) <= MAX_SPAN + 2


def test_ordinary_session_has_nothing_in_role() -> None:
    """A session with no enactment returns no indexes."""
    got = _indexes(
        ("therapist", "How was the week?"),
        ("client", "Rough. My boss shouted at me again."),
        ("therapist", "What did he say?"),
        ("client", "That I'm useless. I said nothing back."),
    )
    assert got == []


def test_answer_is_remembered_for_the_same_utterance_tuple_only() -> None:
    """Asking twice about one session gives the same answer; a different session its own."""
    rehearsal = make_session(
        ("therapist", "(as boss) I can't move your shifts this month."),
        ("client", "That isn't fair to me."),
    )
    plain = make_session(("therapist", "How was the week?"), ("client", "Quiet, mostly."))
    first = in_role_indexes(rehearsal.utterances)
    assert in_role_indexes(rehearsal.utterances) is first
    assert sorted(first) == [0, 1]
    assert in_role_indexes(plain.utterances) == frozenset()
    assert sorted(in_role_indexes(list(rehearsal.utterances))) == [0, 1]
