"""relational.markers: EPITOME levels per therapist utterance and relational session markers."""

from __future__ import annotations

from typing import Any

import pytest

from alliancelens import report
from alliancelens.analysers import Pipeline
from alliancelens.analysers._empathy import rate_empathy
from alliancelens.analysers.relational import RelationalMarkers
from alliancelens.domain import Scope, Session
from alliancelens.ingest import read_file
from alliancelens.services import demo_files
from alliancelens.testing import make_session

T, C = "therapist", "client"

LEVELS = [
    ("emotional_reactions", "I'm so sorry you went through that.", 2),
    ("emotional_reactions", "My heart goes out to you.", 2),
    ("emotional_reactions", "That sounds really hard. Hang in there.", 1),
    ("emotional_reactions", "Let's look at the diary.", 0),
    ("interpretations", "It sounds like you feel invisible at work, as if nobody notices.", 2),
    ("interpretations", "I've been there too, after my own breakup.", 2),
    ("interpretations", "I understand.", 1),
    ("interpretations", "What time is the appointment?", 0),
    ("explorations", "Are you feeling alone right now?", 2),
    ("explorations", "How long have you felt like this about your job?", 2),
    ("explorations", "What happened?", 1),
    ("explorations", "Tell me more.", 1),
    ("explorations", "Have you tried going for a walk?", 0),
    ("explorations", "I see.", 0),
]


@pytest.mark.parametrize(("mechanism", "text", "level"), LEVELS)
def test_epitome_levels(mechanism: str, text: str, level: int) -> None:
    """The lexical rater gives the EPITOME level the definitions call for."""
    assert rate_empathy(text)[mechanism] == level


def _run(session: Session) -> tuple[dict[int, dict[str, int]], dict[str, Any]]:
    findings = RelationalMarkers().analyse(session)
    codes = {
        f.utterance_index: f.value["empathy"]
        for f in findings
        if f.scope is Scope.UTTERANCE and f.utterance_index is not None
    }
    summary = next(f.value for f in findings if f.kind == "relational.summary")
    return codes, summary


MARKERS = [
    ("That makes a lot of sense, given the week you had.", "positive_regard"),
    ("Thank you for telling me that.", "positive_regard"),
    ("Honestly, that's a bit lazy.", "criticism"),
    ("I think I gave you too much last week. That was me, and I'm sorry.", "congruence"),
    ("I notice I feel a bit stuck right now.", "congruence"),
    ("What's the evidence for that thought?", "collaborative_empiricism"),
    ("What would you say to a friend who thought that?", "collaborative_empiricism"),
    ("Shall we set up a small experiment to test it out?", "collaborative_empiricism"),
    ("How was today's session for you?", "feedback_elicitation"),
    ("Before we finish, how was today for each of you?", "feedback_elicitation"),
    ("Was there anything I missed, or anything that didn't feel right?", "feedback_elicitation"),
    # version 4 (qa13 item 3): owning a push, and asking to hear how one's own move landed
    ("I think I was rushing you towards an answer, and that's on me.", "congruence"),
    ("Looking back, I kind of answered it for you.", "congruence"),
    ("If it came across as a test, I'd genuinely like to hear it.", "feedback_elicitation"),
    ("Should anything I say next week sting, please let me know.", "feedback_elicitation"),
    # version 6 (qa22 item 13): immediacy about what just happened in the room
    ("Something shifted between us just now. Did you feel it too?", "congruence"),
    ("I just noticed a change when you mentioned her. What happened there?", "congruence"),
]


@pytest.mark.parametrize(
    "text",
    [
        "Honestly, I think that's what ended my first marriage. I should have walked out sooner.",
        "My brother and I never spoke about it. I apologise, I was wrong about him for years.",
    ],
)
def test_own_life_disclosure_is_not_congruence(text: str) -> None:
    """A turn about the therapist's own life, never turning to the client, is not congruence."""
    _, summary = _run(make_session((C, "We argue about money."), (T, text)))
    assert summary["congruence"]["indexes"] == []


def test_owning_a_session_mistake_stays_congruence() -> None:
    """Owning a mistake towards the client ("I should have asked you") is still congruence."""
    text = "I should have asked you first before moving on. That was my mistake."
    _, summary = _run(make_session((C, "You skipped past it."), (T, text)))
    assert summary["congruence"]["indexes"] == [1]


def test_relational_version_is_current() -> None:
    """EPITOME and feedback changes (QA28, then qa30 #4/#5) changed outputs: version 8."""
    assert RelationalMarkers.version == 10


@pytest.mark.parametrize(("text", "marker"), MARKERS)
def test_session_markers(text: str, marker: str) -> None:
    """Each relational marker is found on the therapist utterance that shows it."""
    _, summary = _run(make_session((C, "Hm."), (T, text)))
    assert summary[marker]["indexes"] == [1]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("What's the evidence for that thought?", "beliefs_as_hypotheses"),
        ("What makes you think that?", "socratic_questions"),
        ("Shall we set up a small experiment to test it out?", "designing_tests_together"),
    ],
)
def test_collaborative_empiricism_types(text: str, kind: str) -> None:
    """Collaborative empiricism is broken down into its three kinds."""
    _, summary = _run(make_session((C, "Hm."), (T, text)))
    assert summary["collaborative_empiricism"]["by_type"][kind] == [1]


def test_only_therapist_utterances_are_rated() -> None:
    """codes.empathy is set on therapist utterances only, with all three mechanisms."""
    codes, summary = _run(
        make_session((C, "I'm so sorry."), (T, "That sounds hard."), (C, "It is."))
    )
    assert list(codes) == [1]
    assert set(codes[1]) == {"emotional_reactions", "interpretations", "explorations"}
    assert summary["empathy"]["rated_utterances"] == summary["therapist_utterances"] == 1


def test_empathy_codes_reach_the_json_report() -> None:
    """Utterance codes appear as utterances[i].codes.empathy in the report."""
    session = make_session((C, "I lost my job."), (T, "I'm so sorry. How are you coping?"))
    result = Pipeline([RelationalMarkers()]).run(session)
    document = report.result_to_json(result)
    assert document["utterances"][1]["codes"]["empathy"]["emotional_reactions"] == 2
    assert document["summary"]["relational"]["empathy"]["mean"]["emotional_reactions"] == 2


def test_no_therapist_means_no_ratings() -> None:
    """A client-only session gets no codes and an empty empathy summary."""
    codes, summary = _run(make_session((C, "Hello."), ("Partner", "Hi.")))
    assert codes == {} and summary["empathy"]["mean"]["explorations"] is None


def _demo(name: str) -> Session:
    path = next(p for p in demo_files() if p.name == name)
    return read_file(path).sessions[0]


def test_demo_alex_asks_for_feedback_and_validates() -> None:
    """alex-01 asks how the session was (60) and validates the client several times."""
    _, summary = _run(_demo("alex-01-intake.txt"))
    assert 60 in summary["feedback_elicitation"]["indexes"]
    assert summary["positive_regard"]["count"] >= 3
    assert summary["criticism"]["count"] == 0


def test_demo_riley_has_no_feedback_or_validation() -> None:
    """riley-07 never asks for feedback and offers no validation."""
    _, summary = _run(_demo("riley-07.srt"))
    assert summary["feedback_elicitation"]["count"] == 0
    assert summary["positive_regard"]["count"] == 0


@pytest.mark.parametrize(("name", "index"), [("alex-02.vtt", 24), ("alex-03.json", 24)])
def test_demo_therapist_owning_their_part_is_congruence(name: str, index: int) -> None:
    """The demo therapist acknowledging their own contribution is marked as congruence."""
    _, summary = _run(_demo(name))
    assert index in summary["congruence"]["indexes"]


@pytest.mark.parametrize(
    "text",
    [
        "Great, so that is evidence against. For homework, please do three more thought records.",
        "We need to stay on the structure. What's the evidence for that thought?",
        "I want you to test it out this week.",
    ],
)
def test_unilateral_directive_is_not_collaborative_empiricism(text: str) -> None:
    """A directive that sets the client's task gets no collaborative-empiricism credit."""
    _, summary = _run(make_session((C, "Hm."), (T, text)))
    assert summary["collaborative_empiricism"]["indexes"] == []


@pytest.mark.parametrize(
    ("mechanism", "text", "level"),
    [
        # QA28 #11: reflections of feeling or meaning without "you feel" are specific (IP 2)
        ("interpretations", "Months of effort and it feels like the door is still shut.", 2),
        ("interpretations", "It sounds so lonely, coming home to the empty flat.", 2),
        ("interpretations", "So the anger was really about being left out.", 2),
        ("interpretations", "It makes sense that you'd hold back, after last time.", 2),
        # an exploration put as a statement is still a specific exploration (EX 2)
        ("explorations", "I'm wondering how it was for you, that first night home.", 2),
        ("explorations", "I'd love to hear what that meant to you.", 2),
    ],
)
def test_epitome_reflection_and_exploration_forms(mechanism: str, text: str, level: int) -> None:
    """Reflections without "you feel" are IP 2 and curious statements are EX 2 (QA28 #11)."""
    assert rate_empathy(text)[mechanism] == level


def test_own_story_is_no_similar_experience_unless_the_client_shared_one() -> None:
    """The therapist's own week after small talk is no IP 'sharing a similar experience'."""
    story = "Oh, I had the same with the buses, my own daughter was late twice and I was fuming."
    codes, _ = _run(
        make_session(
            ("client", "Did you hear the buses are on strike again?"),
            ("therapist", story),
            ("client", "I missed my mum's birthday dinner because of it."),
            ("therapist", story),
        )
    )
    assert codes[1]["interpretations"] < 2
    assert codes[3]["interpretations"] == 2
