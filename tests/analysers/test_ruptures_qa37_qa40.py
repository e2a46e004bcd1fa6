"""ruptures.detector version 24: pushes are never repairs, withdrawal-to-confrontation (QA37, QA40).

Every dialogue here was written for these tests (none comes from a data set, a corpus or the QA
sessions that prompted the rules).
"""

from __future__ import annotations

from typing import Any

import pytest

from alliancelens.analysers.ruptures import RuptureDetector
from alliancelens.analysers.ruptures._analyser import _INSISTS, _without_triggers
from alliancelens.analysers.ruptures._markers import read_client_turns
from alliancelens.analysers.ruptures._reply_cues import cue_hits
from alliancelens.analysers.ruptures._strategies import strategies_in
from alliancelens.analysers.ruptures._text import Prompt, features, normalise
from alliancelens.testing import make_session

T, C = "therapist", "client"

#: A task pushed hard, the client withdrawing, the therapist owning it and adapting the task.
PUSHED_THEN_REPAIRED = (
    (T, "Welcome back, Sam. Last week you planned to jot down one worry each evening. How was it?"),
    (C, "Didn't happen."),
    (
        T,
        "Right. It's really important that you do the practice, that's how this approach works. "
        "We need to work out why not and set it up properly for this week.",
    ),
    (C, "Fine. Whatever you think."),
    (T, "So what stopped you? Were you busy, or did it slip your mind?"),
    (C, "No idea. Doesn't matter. Can we move on?"),
    (
        T,
        "Can I stop us for a moment? I notice I charged straight at the practice and you have "
        "gone quiet. I think I pushed too hard. What was that like for you?",
    ),
    (C, "Like being told off at school, if I'm honest. I'm already rubbish at everything."),
    (
        T,
        "I'm glad you told me. It makes sense it felt like a telling-off, and I'm sorry, that's "
        "not how I want this to feel.",
    ),
    (
        C,
        "It's okay. I appreciate you saying that. I did start one evening, I just went blank "
        "when I picked up the pen.",
    ),
    (T, "So you did start, and the pen is where it went blank."),
    (C, "Yes. Same as in the office. Maybe the writing is the hard bit, not the worrying."),
    (T, "That's a helpful thing to spot. What if we adapted the task so it suits you better?"),
    (C, "I could say it out loud into my phone instead of writing it."),
)

#: Advice twice, a hedged shrug, a bare "fine", then the complaint voiced on invitation and owned.
ADVICE_WITHDRAWAL_CONFRONTATION = (
    (T, "Good to see you, Alex. What feels most pressing this week?"),
    (C, "The shouting at the kids when I'm tired. I want to stop doing that."),
    (T, "Stopping the shouting matters a lot to you right now."),
    (C, "Yes. It comes out of nowhere and then I feel awful."),
    (T, "Have you tried leaving the room for a minute? You should really try that, it works."),
    (C, "I suppose. Maybe."),
    (T, "Plenty of parents find a calming app useful too."),
    (C, "Fine. Whatever."),
    (
        T,
        "I notice you've gone quiet. I wonder if I rushed in with ideas too quickly. How was that "
        "for you?",
    ),
    (C, "Honestly, it felt like you weren't hearing me. I've tried leaving the room. It fails."),
    (
        T,
        "Thank you for saying so. You're right, I jumped to advice before I understood what "
        "happens for you. Can we slow down and look at one of those evenings together?",
    ),
    (C, "Yes, I'd like that. It's usually right after dinner when the table is chaos."),
    (T, "So the chaos after dinner is when it flares. What goes through your mind then?"),
    (C, "That I'm doing everything alone and nobody notices."),
)


def _episodes(*turns: tuple[str, str]) -> list[dict[str, Any]]:
    found = RuptureDetector().analyse(make_session(*turns))
    (summary,) = (f.value for f in found if f.kind == "ruptures.summary")
    return list(summary)


def _markers(*turns: tuple[str, str]) -> dict[int, list[str]]:
    found = RuptureDetector().analyse(make_session(*turns))
    return {
        f.utterance_index: list(f.value["rupture_markers"])
        for f in found
        if f.utterance_index is not None and "rupture_markers" in f.value
    }


def test_version_is_24() -> None:
    """The output changed in version 24 (QA37 #2, #5; QA40 #3), so the version says so."""
    assert RuptureDetector.version >= 24


def test_the_push_that_triggered_a_withdrawal_is_never_a_repair() -> None:
    """QA37 #2: no strategy is cited at the pushing turn before the withdrawal it caused."""
    (episode,) = _episodes(*PUSHED_THEN_REPAIRED)
    assert episode["kind"] == "withdrawal"
    cited = {item["index"] for item in episode["strategy_evidence"]}
    assert 2 not in cited
    assert {6, 8} <= cited


def test_a_push_answered_by_a_marker_loses_its_strategies() -> None:
    """A pushing turn the client answers with a marker is the trigger: its strategies go."""
    session = make_session(
        (T, "Here is the plan: you should phone her tonight and tell her exactly how you feel."),
        (C, "Fine. Whatever you say."),
        (T, "What would make that call feel more manageable?"),
        (C, "Maybe if I wrote down what I wanted to say first."),
    )
    readings = read_client_turns(session, run_window=2)
    assert readings[0].pushed is True
    found = {0: ["change_tasks_or_goals"], 2: ["change_tasks_or_goals"]}
    assert _without_triggers(found, readings) == {0: [], 2: ["change_tasks_or_goals"]}


@pytest.mark.parametrize(
    ("therapist", "insists"),
    [
        ("It's really important that you do the practice every day.", True),
        ("You need to keep going with the diary, that's how this approach works.", True),
        ("It's important to me that this feels manageable for you.", False),
        ("What would you like to change about the plan?", False),
    ],
)
def test_insisting_on_the_task_is_not_changing_it(therapist: str, insists: bool) -> None:
    """QA37 #2: insisting on the task as set vetoes the model's R2 proposal on that turn."""
    assert _INSISTS.found_in(normalise(therapist)) is insists


def test_accepting_the_apology_is_re_engagement_not_denial() -> None:
    """QA37 #2: "It's okay. I appreciate you saying that…" and more is re-engagement (W1 no)."""
    (episode,) = _episodes(*PUSHED_THEN_REPAIRED)
    assert 9 not in {m["index"] for m in episode["marker_evidence"]}
    assert episode["resolved"] is True
    assert episode["resolution_index"] == 9


def test_withdrawal_then_confrontation_then_repair_is_detected() -> None:
    """QA40 #3: a shrug to advice, "Fine. Whatever.", then the complaint voiced and owned."""
    episodes = _episodes(*ADVICE_WITHDRAWAL_CONFRONTATION)
    assert [e["kind"] for e in episodes] == ["withdrawal", "confrontation"]
    withdrawal, confrontation = episodes
    assert withdrawal["start_index"] == 5
    assert confrontation["start_index"] == 9
    assert confrontation["resolved"] is True
    assert "acknowledge_own_contribution" in confrontation["resolution_strategies"]


@pytest.mark.parametrize(
    ("reply", "marker"),
    [
        ("Okay. Well, you're not me.", "rejecting_intervention"),
        ("That's easy for you to say.", "rejecting_intervention"),
        ("It worked for you, not for me.", "rejecting_intervention"),
        ("I don't know why I bother coming here, to be honest.", "complaint_about_progress"),
        ("Why do I even keep coming?", "complaint_about_progress"),
    ],
)
def test_pushback_on_the_therapist_and_doubting_therapy_are_confrontation(
    reply: str, marker: str
) -> None:
    """QA37 #5: refusing the therapist's own example, or doubting coming at all, is a C marker."""
    found = _markers(
        (T, "Have you tried switching the phone off at nine?"),
        (C, "Once. It made no difference."),
        (
            T,
            "You need to give it longer than a night. When I was younger the same thing fixed "
            "my sleep completely.",
        ),
        (C, reply),
    )
    assert marker in found.get(3, [])


@pytest.mark.parametrize(
    ("therapist", "expected"),
    [
        ("What if we adapted the homework so it fits your week?", True),
        ("What would make the task easier to fit in?", True),
        ("Looking back, I rushed into solutions there.", True),
        ("I think I jumped straight to advice with you.", True),
        ("We adapted the plan together last month, remember?", True),
        ("How did adapting to the new job go?", False),
        ("What would make it easier to talk about?", False),
    ],
)
def test_adapting_the_task_and_owning_a_jump_to_advice(therapist: str, expected: bool) -> None:
    """R2 on adapting the task with the client; R5 on owning a rush to advice (QA37 #2, QA40 #3)."""
    found = set(strategies_in(therapist))
    assert bool(found & {"change_tasks_or_goals", "acknowledge_own_contribution"}) is expected


@pytest.mark.parametrize(
    ("reply", "denial"),
    [
        ("I'm fine, I appreciate you asking.", True),
        (
            "It's okay. I appreciate you asking. I did try once, I just froze when I sat down.",
            False,
        ),
    ],
)
def test_short_thanks_can_still_brush_off(reply: str, denial: bool) -> None:
    """A short "fine, I appreciate you asking" is still W1; thanks that goes on talking is not."""
    hits = cue_hits(features(reply), Prompt.FEELING)
    assert any(h.cue == "w1_brush_off" for h in hits) is denial


@pytest.mark.parametrize(
    ("reply", "prompt", "expected"),
    [
        ("I don't know. Maybe.", Prompt.DIRECTIVE, True),
        ("I guess. Could do.", Prompt.DIRECTIVE, True),
        ("Maybe, yes, I'll try it tonight after work.", Prompt.DIRECTIVE, False),
        ("Okay.", Prompt.DIRECTIVE, False),
    ],
)
def test_hedged_shrug_to_advice_is_a_weak_minimal_response(
    reply: str, prompt: Prompt, expected: bool
) -> None:
    """QA40 #3: a vague, non-committal reply to unasked advice is a weak W2 marker."""
    hits = cue_hits(features(reply), prompt)
    assert any(h.cue == "w2_hedged_to_advice" and h.strength == 1 for h in hits) is expected
