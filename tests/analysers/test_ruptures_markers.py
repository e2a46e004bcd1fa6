"""Rupture markers read in context: cues, counter-evidence and runs (text written for tests)."""

from __future__ import annotations

import pytest

from alliancelens.analysers.ruptures import MARKER_KIND
from alliancelens.analysers.ruptures._lexicon import CUES
from alliancelens.analysers.ruptures._markers import ClientReading, read_client_turns
from alliancelens.testing import make_session

T, C = "therapist", "client"


def readings(*turns: tuple[str, str], run_window: int = 2) -> dict[int, ClientReading]:
    """Client readings by utterance index."""
    session = make_session(*turns)
    return {r.index: r for r in read_client_turns(session, run_window=run_window)}


def markers(*turns: tuple[str, str]) -> dict[int, set[str]]:
    """Marker ids per client utterance index (after counter-evidence and runs)."""
    return {i: {h.marker for h in r.hits} for i, r in readings(*turns).items()}


def test_every_cue_names_a_known_marker() -> None:
    """Cue ids are unique and every cue points at a corpus marker identifier."""
    assert len({c.id for c in CUES}) == len(CUES)
    assert all(c.marker in MARKER_KIND and c.strength in {1, 2} for c in CUES)


@pytest.mark.parametrize(
    ("therapist", "client"),
    [
        ("How many hours did you sleep?", "About six."),
        ("Did you bring the diary?", "Yep. Here."),
        ("Any naps?", "No."),
        ("Shall we start with the diary?", "Yeah, that's fine."),
        ("Can I share something I noticed?", "Sure."),
    ],
)
def test_short_answers_to_closed_questions_are_not_markers(therapist: str, client: str) -> None:
    """A short answer is complete when the question was closed, factual or a proposal."""
    assert markers((T, therapist), (C, client)) == {1: set()}


def test_a_single_clipped_answer_is_weak_and_dropped() -> None:
    """One "Fine." to "How has the week been?" is a weak cue: without a run it is not kept."""
    found = readings((T, "How has the week been?"), (C, "Fine."))
    assert found[1].hits == ()


def test_brushing_off_a_feeling_question_is_denial() -> None:
    """ "Fine." to a question about feelings is denial, a clear cue that stands alone."""
    found = markers((T, "What was it like for you when he left?"), (C, "Fine. He had work."))
    assert found == {1: {"denial", "minimal_response"}}


def test_clipped_answers_in_a_run_are_kept() -> None:
    """Several clipped answers to invitations support each other (a run)."""
    found = markers(
        (T, "How has the week been?"),
        (C, "Fine."),
        (T, "What did you get up to?"),
        (C, "Not much."),
    )
    assert found == {1: {"minimal_response"}, 3: {"minimal_response"}}


def test_a_clear_cue_stands_alone() -> None:
    """A clear cue ("whatever you think") is kept without a run."""
    found = markers((T, "What would help this week?"), (C, "I don't know. Whatever you think."))
    assert "deferential_appeasing" in found[1]


def test_tears_block_withdrawal_now_and_next_turn() -> None:
    """An emotional pause (tears, then "I'm okay") is not withdrawal (corpus hard negative)."""
    found = markers(
        (T, "What was she like?"),
        (C, "(crying) Sorry. Whatever you think."),
        (T, "Take your time."),
        (C, "I'm okay. Whatever you think."),
        (T, "Shall we go on?"),
        (C, "Whatever you think."),
    )
    assert found[1] == set() and found[3] == set()
    assert found[5] == {"deferential_appeasing"}


def test_laughter_softens_confrontation_to_weak() -> None:
    """A complaint said laughing is weak, so on its own it is dropped."""
    found = markers((T, "And the pub step?"), (C, "(laughs) That one's not happening."))
    assert found == {1: set()}
    plain = markers((T, "And the pub step?"), (C, "That one's not happening. No way."))
    assert plain == {1: {"rejecting_intervention"}}


def test_risk_screening_answers_are_never_withdrawal() -> None:
    """ "I'm fine" after a safety question is an answer, not denial."""
    found = markers(
        (T, "Have you had any thoughts of harming yourself?"),
        (C, "No, I'm fine. Honestly."),
    )
    assert found == {1: set()}


def test_paced_boundary_is_not_topic_shift() -> None:
    """Choosing to leave a topic for later, warmly, is not avoidance."""
    boundary = markers(
        (T, "Would you like to talk about him?"),
        (C, "I don't want to talk about him today. We will, just not yet."),
    )
    avoidance = markers(
        (T, "Would you like to talk about him?"),
        (C, "I don't want to talk about him."),
    )
    assert boundary == {1: set()}
    assert avoidance == {1: {"avoidant_storytelling_or_topic_shift"}}


def test_agreement_with_own_ideas_is_genuine() -> None:
    """Weak assent followed by the client's own plan is genuine agreement."""
    found = markers(
        (T, "You could try walking after lunch."),
        (C, "Good idea. I'll walk to the park on Monday and Wednesday with my neighbour's dog."),
    )
    assert found == {1: set()}


def test_content_affect_split_named_by_therapist() -> None:
    """Laughter over painful content is W6 when the therapist names the mismatch."""
    found = markers(
        (T, "How was the weekend?"),
        (C, "(laughs) Oh, he packed a bag and left. Classic."),
        (T, "You're laughing, but I notice I feel sad hearing it."),
        (C, "Yeah."),
    )
    assert "content_affect_split" in found[1]


def test_asking_back_is_engagement() -> None:
    """A short clarifying question is not a minimal response."""
    found = markers(
        (T, "What do you make of that?"),
        (C, "What do you mean?"),
        (T, "What happened then?"),
        (C, "Dunno."),
    )
    assert found[1] == set()


@pytest.mark.parametrize(
    ("client", "marker"),
    [
        ("You sound exactly like my mother.", "complaint_about_therapist"),
        ("Don't psychoanalyse me.", "rejecting_intervention"),
        ("The homework is pointless.", "complaint_about_activities"),
        ("You charged me for the session I missed.", "complaint_about_parameters"),
        ("Ten sessions and I'm still where I started.", "complaint_about_progress"),
        ("I'm not lazy.", "defending_against_therapist"),
        ("Just tell me what to do.", "controlling_or_pressuring"),
        ("I'm rubbish at this. I'm the worst client you've got.", "self_criticism_or_hopelessness"),
        ("Can we talk about something else?", "avoidant_storytelling_or_topic_shift"),
    ],
)
def test_clear_cues(client: str, marker: str) -> None:
    """Clear phrases for each marker are found after an ordinary open question."""
    assert marker in markers((T, "How are things with the plan?"), (C, client))[1]


@pytest.mark.parametrize(
    ("therapist", "pushed"),
    [
        ("Shall we just set the same homework again for next week, then?", True),
        ("You should ring her tonight and get it over with.", True),
        ("Honestly, I think it would settle down if you just deleted the app for a month.", True),
        ("I hear you're tired. Still, the plan this week is to walk every morning at seven.", True),
        (
            "May I share a thought? Many parents find it helps to switch the router off at nine.",
            True,
        ),
        ("nights sound hard but lets go again with the wind down routine from ten", True),
        ("It sounds like the plan is something you'd like to change. What would help?", False),
        ("I find it hard to hear that you feel so alone.", False),
        (
            "I think I rushed you into that, and that's on me. Shall we pick a smaller step "
            "together?",
            False,
        ),
        ("What was that like for you, sitting here while I went on about it?", False),
        ("It sounds like the homework has started to feel like my thing, not yours.", False),
    ],
)
def test_a_push_is_advice_or_a_task_without_repair(therapist: str, pushed: bool) -> None:
    """Advice or a task pressed without any repair attempt marks the reply as pushed."""
    session = make_session((T, therapist), (C, "I don't want to talk about that."))
    (reading,) = read_client_turns(session)
    assert reading.pushed is pushed


@pytest.mark.parametrize(
    ("client", "marker"),
    [
        (
            "No. Honestly, I don't see how breathing is supposed to fix the fact that my boss "
            "is unreasonable.",
            "complaint_about_activities",
        ),
        (
            "It kind of felt like you were telling me the problem is me, not the job.",
            "complaint_about_therapist",
        ),
        ("I mean, it did feel a bit dismissive.", "complaint_about_therapist"),
    ],
)
def test_plain_complaints_are_confrontation_markers(client: str, marker: str) -> None:
    """Version 14: polite, plain-English complaints about a task or the therapist are markers."""
    found = markers((T, "Last week we tried the breathing exercise. Did you use it?"), (C, client))
    assert marker in found[1]


def test_doubting_ones_own_ability_is_not_a_complaint_about_the_task() -> None:
    """ "I don't see how I'm supposed to fix this" is about the client, not the activity."""
    found = markers((T, "What feels hardest?"), (C, "I don't see how I'm supposed to fix this."))
    assert "complaint_about_activities" not in found[1]


@pytest.mark.parametrize(
    ("therapist", "client", "marker"),
    [
        (
            "It reminds me of what you said about your mother going quiet.",
            "Right. I'm not sure I see the point of going back to my mother every time.",
            "rejecting_intervention",
        ),
        (
            "The dates of my leave were fixed some months ago.",
            "I'm sure they were. It would have been nice to know before last week, that's all.",
            "complaint_about_therapist",
        ),
        (
            "Perhaps we can come back to it next week, if you'd like.",
            "Sure. Whatever's easiest for you.",
            "deferential_appeasing",
        ),
        (
            "Now, the wind-down routine and getting up when you can't sleep.",
            "Right. I have to be honest, I think the getting-up part is pointless.",
            "complaint_about_activities",
        ),
    ],
)
def test_polite_register_ruptures_are_markers(therapist: str, client: str, marker: str) -> None:
    """Version 15: polite, plain-English rejection, complaint and appeasement are clear cues."""
    assert marker in markers((T, therapist), (C, client))[1]


@pytest.mark.parametrize(
    "client",
    [
        "Some days I don't see the point in living.",
        "I'm not sure I see the point of anything at the moment.",
        "The hardest part is pointless worrying at night, I know that.",
    ],
)
def test_despair_and_self_talk_are_not_task_complaints(client: str) -> None:
    """'The point in living' is risk language and 'the hardest part' no task: no C2/C3 marker."""
    found = markers((T, "How have the evenings been?"), (C, client))[1]
    assert not found & {"rejecting_intervention", "complaint_about_activities"}
