"""The agreed plan read from the transcript (QA 22 item 9): proposals another speaker accepted.

Every dialogue here was written for these tests (different wording from any tester's session).
"""

from __future__ import annotations

import pytest

from alliancelens.analysers import AnalysisResult
from alliancelens.analysers.base import FindingSet
from alliancelens.domain import AnalyserRun, Role, RunStatus, Speaker
from alliancelens.notes._plan import agreed_plan
from alliancelens.notes._transcript import TranscriptFacts
from alliancelens.testing import make_session

RUNS = (AnalyserRun("risk.language", 1, RunStatus.OK),)


def _plan(*turns: tuple[str, str], member: str | None = None) -> list[str]:
    speakers = [
        Speaker(label, Role.THERAPIST if label == "therapist" else Role.CLIENT)
        for label in dict.fromkeys(s for s, _ in turns)
    ]
    session = make_session(*turns, speakers=speakers)
    result = AnalysisResult(session, FindingSet(()), RUNS)
    facts = TranscriptFacts.of(result, member)
    return [s.text for s in agreed_plan(facts)]


def test_a_proposal_the_client_takes_up_is_quoted_with_the_reply() -> None:
    """A therapist's 'how about ... each night this week' and the client's 'I can do that'."""
    (line,) = _plan(
        ("therapist", "How about jotting down one good moment each night this week?"),
        ("client", "Yeah, I can do that."),
        ("therapist", "Good."),
        ("client", "It might even help."),
    )
    assert line.startswith('Plan agreed — proposed by the therapist (utterance 0): "How about')
    assert 'accepted by the client (utterance 1): "Yeah, I can do that."' in line
    assert "record the plan in your own words" in line


@pytest.mark.parametrize(
    "reply",
    ["I'd rather not, honestly.", "Hmm. What would be the point?", "Not yet."],
)
def test_a_proposal_that_is_declined_or_left_open_is_not_a_plan(reply: str) -> None:
    """No acceptance in the replies, no plan line."""
    assert (
        _plan(
            ("therapist", "Could we try a short walk every morning for the next two weeks?"),
            ("client", reply),
            ("therapist", "Tell me more about that."),
            ("client", "It's just a lot."),
        )
        == []
    )


def test_a_review_of_last_week_is_not_an_arrangement() -> None:
    """'Did you manage the diary this week?' followed by 'Yes' reviews, it does not plan."""
    assert (
        _plan(
            ("therapist", "Did you manage the diary this week, like we said?"),
            ("client", "Yes, most days."),
            ("therapist", "What did you notice?"),
            ("client", "Mostly that mornings are worse."),
        )
        == []
    )


def test_an_answer_to_a_planning_question_is_a_proposal_too() -> None:
    """'Would you like to choose the day?' 'Thursdays, after work.' 'Okay, Thursdays.' agreed."""
    lines = _plan(
        ("therapist", "Would you like to choose the day for the call?"),
        ("client", "Maybe on Thursdays, after work."),
        ("therapist", "Okay, Thursdays it is."),
        ("client", "Right."),
    )
    assert len(lines) == 1 and "the client (utterance 1)" in lines[0]
    assert "accepted by the therapist (utterance 2)" in lines[0]


def test_a_closing_arrangement_by_the_therapist_is_listed_as_stated() -> None:
    """The therapist's last word 'Let's pick this up next session' is listed as stated."""
    (line,) = _plan(
        ("therapist", "What stayed with you today?"),
        ("client", "The bit about my brother."),
        ("therapist", "Let's pick this up next session, then."),
    )
    assert line.startswith("Arrangement stated at the end of the session — the therapist")


def test_another_members_words_are_cited_by_index_only() -> None:
    """In one member's note, the other client's proposal is neither quoted nor cited."""
    turns = (
        ("therapist", "What could the two of you try?"),
        ("Noor", "Maybe we can leave phones in the hall every evening for a month."),
        ("Ilan", "Okay, a month sounds fair."),
        ("therapist", "A good experiment."),
    )
    (line,) = _plan(*turns, member="Ilan")
    assert "another client;" in line and "phones" not in line and "utterance 1" not in line
    assert 'accepted by the client (utterance 2): "Okay, a month sounds fair."' in line
    noor = _plan(*turns, member="Noor")[0]
    assert noor.startswith("Plan agreed — proposed by the client (utterance 1)")
    assert _plan(*turns[:3], ("Sami", "Sure, fine by me."), member="Sami") == []


def test_a_question_about_the_next_meeting_agreed_is_a_plan() -> None:
    """'Same slot on Friday, then?' answered 'Yes, fine.' is an agreed arrangement."""
    (line,) = _plan(
        ("therapist", "We're at time. Same slot on Friday, then?"),
        ("client", "Yes, fine."),
    )
    assert line.startswith("Plan agreed — proposed by the therapist (utterance 0)")


def test_a_problem_told_in_answer_to_an_agenda_question_is_no_plan() -> None:
    """QA29 #5: a problem stated and an empathic question are not a plan agreed."""
    assert (
        _plan(
            ("therapist", "Where would you like to begin today? What would you like to cover?"),
            ("client", "My mornings. I'm dreading work every morning and I freeze."),
            ("therapist", "That sounds really draining. When did the dread begin?"),
            ("client", "Around the spring, after the reorganisation."),
        )
        == []
    )


@pytest.mark.parametrize("reply", ["That sounds lonely.", "That sounds so hard, honestly."])
def test_that_sounds_with_a_feeling_word_is_not_an_acceptance(reply: str) -> None:
    """'That sounds lonely.' reflects a feeling; only 'that sounds good/doable…' accepts."""
    assert (
        _plan(
            ("client", "Maybe I can ring my sister every Sunday for a while."),
            ("therapist", reply),
            ("client", "It is."),
            ("therapist", "Tell me about her."),
        )
        == []
    )


def test_a_habit_described_with_i_cant_is_not_a_proposal() -> None:
    """'I can't switch off every evening' describes a difficulty; 'I can' is not proposed."""
    assert (
        _plan(
            ("client", "I can't switch off every evening, the laptop stays open."),
            ("therapist", "Okay. What happens when you try?"),
            ("client", "I just keep answering emails."),
            ("therapist", "Mm."),
        )
        == []
    )


def test_an_open_question_about_the_week_still_leads_to_a_plan() -> None:
    """'What could you try this week?' proposes a task; 'Sounds doable.' agrees the answer."""
    (line,) = _plan(
        ("therapist", "What could you try this week, however small?"),
        ("client", "Perhaps a ten-minute walk at lunch every day."),
        ("therapist", "Sounds doable to me."),
        ("client", "I'll put it in my calendar."),
    )
    assert line.startswith("Plan agreed — proposed by the client (utterance 1)")
    assert 'accepted by the therapist (utterance 2): "Sounds doable to me."' in line


def test_a_check_in_about_the_week_answered_fine_is_no_plan() -> None:
    """'How has the fortnight been at work this week?' 'Fine.' checks in; nothing is arranged."""
    assert (
        _plan(
            ("therapist", "Good to see you. How has work been this week?"),
            ("client", "Okay, I suppose. Quiet."),
            ("therapist", "Quiet in a good way?"),
            ("client", "Mostly."),
        )
        == []
    )


@pytest.mark.parametrize(
    "proposal",
    [
        "Right. I'd like to try cycling to work on Mondays.",
        "I want to try a short walk every evening.",
        "I might try phoning my brother this weekend.",
    ],
)
def test_the_clients_own_proposal_is_credited_to_the_client(proposal: str) -> None:
    """A client's plan that the therapist agrees to (and builds on) is proposed by the client."""
    lines = _plan(
        ("therapist", "So the mornings feel like the hardest part."),
        ("client", proposal),
        (
            "therapist",
            "That sounds like a good idea. Could we note down what might get in the way?",
        ),
        ("client", "Sure, let's do that."),
    )
    assert len(lines) == 1
    assert lines[0].startswith("Plan agreed — proposed by the client (utterance 1)")
    assert "accepted by the therapist (utterance 2)" in lines[0]
    assert "proposed by the therapist" not in lines[0]


def test_a_risk_follow_up_answer_can_still_propose_a_plan() -> None:
    """The client's answer after a risk follow-up is not a risk item: its plan is listed."""
    turns = (
        ("client", "Lately I wish I could just disappear for a while."),
        ("therapist", "Thank you for telling me. What happens when that feeling comes?"),
        ("client", "I'd like to try calling my aunt on Saturdays when it gets heavy."),
        ("therapist", "That sounds workable."),
    )
    session = make_session(*turns)
    flag = {"index": 0, "kind": "suicidal_ideation", "therapist_follow_up": True}
    result = AnalysisResult(session, FindingSet(()), RUNS)
    facts = TranscriptFacts(result, {u.index: {} for u in session.utterances}, {"risk": [flag]})
    assert 2 in facts.risk_indexes()  # kept out of change-talk quotes, as before
    (line,) = [s.text for s in agreed_plan(facts)]
    assert line.startswith("Plan agreed — proposed by the client (utterance 2)")
    assert "utterance 0" not in line
