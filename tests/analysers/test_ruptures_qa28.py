"""ruptures.detector version 20: sustained runs, lone clear markers, role-play, W6, repairs.

Every dialogue here was written for these tests (none comes from a data set, corpus or the QA
sessions that prompted the rules).
"""

from __future__ import annotations

from typing import Any

import pytest

from alliancelens.analysers.ruptures import RuptureDetector
from alliancelens.analysers.ruptures._laughter import laughter_named
from alliancelens.analysers.ruptures._lexicon import PARTING
from alliancelens.analysers.ruptures._reply_cues import cue_hits
from alliancelens.analysers.ruptures._strategies import is_advice, strategies_in
from alliancelens.analysers.ruptures._text import Prompt, classify_prompt, features
from alliancelens.domain import Finding
from alliancelens.testing import Turn, make_session

T, C = "therapist", "client"


def _run(*turns: Turn, **params: Any) -> list[Finding]:
    return list(RuptureDetector(**params).analyse(make_session(*turns)))


def _episodes(*turns: Turn, **params: Any) -> list[dict[str, Any]]:
    (summary,) = (f.value for f in _run(*turns, **params) if f.kind == "ruptures.summary")
    return list(summary)


_SUSTAINED: list[Turn] = [
    (T, "Hello Robin. Where shall we begin?"),
    (C, "I'm not sure."),
    (T, "Last time you planned to call the bank. How did that go?"),
    (C, "I never rang them. Twelve sessions and I'm still stuck in the same place."),
    (T, "Twelve sessions, and the same place."),
    (C, "Yes. So what's the point of planning calls I never make?"),
    (T, "That sounds disheartening."),
    (C, "It is. And the worksheets are useless for the real thing anyway."),
    (T, "I hear you. How about we put the worksheets aside and look at what stops the call?"),
    (C, "Okay. The bit where I have to say my name out loud, I think, that is what stops me."),
    (T, "Say more about that moment."),
    (C, "My voice goes thin and I feel about ten years old, so I hang up before they answer."),
]


def test_one_clear_cue_of_the_other_kind_does_not_split_a_sustained_confrontation() -> None:
    """C, a single clear W7, then C again is one confrontation episode (QA qa28 #1)."""
    episodes = _episodes(*_SUSTAINED, use_model=False)
    assert [(e["kind"], e["start_index"]) for e in episodes] == [("confrontation", 3)]
    assert {m["index"] for m in episodes[0]["marker_evidence"]} == {3, 7}


@pytest.mark.parametrize(
    ("reply", "parting"),
    [
        ("You too.", True),
        ("And you!", True),
        ("Thanks, same to you.", True),
        ("Likewise.", True),
        ("Did that happen to you too?", False),
        ("You too were part of it.", False),
    ],
)
def test_returning_the_goodbye_is_leave_taking(reply: str, parting: bool) -> None:
    """A whole reply that returns the therapist's goodbye is a goodbye (version 19 veto holds)."""
    assert (PARTING.search(features(reply).text) is not None) is parting


def test_a_lone_clear_complaint_keeps_its_marker_code_without_an_episode() -> None:
    """One clear confrontation cue is coded on the utterance, flagged as no episode (QA #2)."""
    found = _run(
        (T, "Good to see you. How has the week been?"),
        (C, "Much the same."),
        (T, "And the breathing practice, how did it go?"),
        (C, "Six weeks of this and I'm still not any better."),
        (T, "Tell me more about that."),
        (C, "I suppose the mornings are a little easier."),
        use_model=False,
    )
    (summary,) = (f.value for f in found if f.kind == "ruptures.summary")
    codes = [f for f in found if f.kind == "ruptures.marker"]
    assert summary == []
    assert [(f.utterance_index, f.value) for f in codes] == [
        (
            3,
            {
                "rupture_markers": ["complaint_about_progress"],
                "rupture_kind": "confrontation",
                "rupture_episode": False,
            },
        )
    ]


_ROLEPLAY: list[Turn] = [
    (T, "Shall we practise the conversation with your landlord? I'll be the landlord."),
    (C, "Okay, let's try."),
    (T, "(as landlord) I'm busy. What is it now?"),
    (C, "You promised to fix the boiler three weeks ago. That's not fair, you keep ignoring me."),
    (T, "(as landlord) I've had a lot on. It'll get done when it gets done."),
    (C, "No, that's not good enough. You never listen and you never answer my messages."),
    (T, "(as landlord) I'm sorry, I should have called you back."),
    (C, "Then give me a date, please."),
    (T, "Let's pause there. How was that for you?"),
    (C, "Strange, but good. I said more than I usually would."),
]


def test_lines_spoken_in_a_role_play_are_neither_markers_nor_strategies() -> None:
    """In-role complaints to the character and in-role apologies are not coded (QA #3)."""
    found = _run(*_ROLEPLAY, use_model=False)
    (summary,) = (f.value for f in found if f.kind == "ruptures.summary")
    assert summary == []
    assert [f for f in found if f.kind in {"ruptures.marker", "ruptures.strategy"}] == []


@pytest.mark.parametrize(
    ("therapist", "named"),
    [
        ("You're smiling while you tell me about the funeral.", True),
        ("She shouted at you in front of everyone, and you're laughing.", True),
        ("I notice we laugh a lot when we get close to your brother.", True),
        ("(laughs) That was a good one. What would you like to do next?", False),
        ("I notice that. What would you like from me next week?", False),
    ],
)
def test_w6_needs_the_therapist_to_name_the_clients_laughter(therapist: str, named: bool) -> None:
    """W6 when the therapist names the client's laughing, not on their own laugh (QA #5)."""
    session = make_session(
        (T, "How was the week?"),
        (C, "My aunt died on Monday (laughs). Typical me, I forgot to ring her back."),
        (T, therapist),
    )
    assert laughter_named(session.utterances, 1) is named


def test_answering_an_invitation_with_self_doubt_resolves_the_withdrawal() -> None:
    """An elaborated reply to an R4 invitation is the resolution, not a new W7 (QA #6)."""
    episodes = _episodes(
        (T, "What would you like to talk about today?"),
        (C, "Whatever you think is best."),
        (T, "I'd like it to come from you. What has been on your mind?"),
        (C, "Nothing much. It's fine."),
        (T, "Mm. And your exams?"),
        (C, "Fine."),
        (T, "What is it like for you, sitting here with me right now?"),
        (
            C,
            "Honestly I keep thinking you'll decide I'm a lost cause too, like my tutor did, "
            "and I hate how much I want you to think well of me.",
        ),
        (T, "Thank you for telling me that."),
        use_model=False,
    )
    assert [(e["kind"], e["resolution_index"]) for e in episodes] == [("withdrawal", 7)]
    assert 7 not in {m["index"] for m in episodes[0]["marker_evidence"]}


@pytest.mark.parametrize(
    ("reply", "marker"),
    [
        ("Sorry. Never mind, it's fine.", "deferential_appeasing"),
        ("Forget it, it's okay. I'm tired.", "deferential_appeasing"),
        ("Just forget it.", "rejecting_intervention"),
    ],
)
def test_taking_an_objection_back_is_withdrawal(reply: str, marker: str) -> None:
    """An apology or "it's fine" with "forget it" is W5, a bare "forget it" stays C2 (QA #6)."""
    prompt = classify_prompt("That isn't what I said. I'm only trying to help.")
    assert marker in {h.marker for h in cue_hits(features(reply), prompt)}


def test_backing_down_after_a_defence_is_a_new_withdrawal_episode() -> None:
    """Confrontation, a defensive reply, then "sorry, never mind" gives a W episode (QA #6)."""
    episodes = _episodes(
        (T, "How did the diary go?"),
        (C, "You keep giving me more forms and you're not listening to what I actually need."),
        (T, "The forms are how we measure change."),
        (C, "So it's my fault that nothing changes. This is not helping."),
        (T, "That isn't what I said. I'm only trying to help."),
        (C, "Sorry. Never mind, it's fine."),
        (T, "Can I stop us? I think I pushed the forms too hard just now."),
        use_model=False,
    )
    assert [(e["kind"], e["start_index"]) for e in episodes] == [
        ("confrontation", 1),
        ("withdrawal", 5),
    ]


@pytest.mark.parametrize(
    ("text", "strategy"),
    [
        ("Can I sort one thing out? The practice's policy is to review fees each spring.", "R1"),
        ("I could have checked in with you sooner about the homework.", "R5"),
        ("Shall we begin with your sister's visit next time?", "R2"),
    ],
)
def test_version_20_strategy_phrasings(text: str, strategy: str) -> None:
    """R1 clearing a policy up, R5 "I could have…", R2 the next session's topic (QA #8)."""
    names = {
        "R1": "clarify_misunderstanding",
        "R2": "change_tasks_or_goals",
        "R5": "acknowledge_own_contribution",
    }
    assert names[strategy] in strategies_in(text)


def test_unsolicited_advice_is_never_a_redirection() -> None:
    """ "You should also get back to…" is advice, not R10 redirect/refocus (QA #7)."""
    text = "And you should also get back to your running club, it would do you good."
    assert is_advice(text)
    assert "redirect_refocus" not in strategies_in(text)


@pytest.mark.parametrize(
    "text",
    ["You really need to stop checking your phone in bed.", "You also need to eat breakfast."],
)
def test_advice_with_an_adverb_is_a_directive_prompt(text: str) -> None:
    """ "You really need to…" pushes: bare assent after it can be W5 (QA #7)."""
    assert classify_prompt(text) is Prompt.DIRECTIVE


def test_caretaking_the_therapist_is_deferential() -> None:
    """Asking after the therapist's family once they talk about it is W5 caretaking (QA #7)."""
    prompt = classify_prompt("I had to take my son to the dentist twice last week.")
    hits = cue_hits(features("Oh dear. Are your children alright?"), prompt)
    assert "deferential_appeasing" in {h.marker for h in hits}


@pytest.mark.parametrize(
    ("reply", "brushed"),
    [
        ("It's fine. I just want to get my bus now.", True),
        ("Fine.", False),  # bare assent to advice: W5, weak, not a W1 brush-off
    ],
)
def test_brushing_off_advice_is_denial(reply: str, brushed: bool) -> None:
    """ "It's fine" after advice, with more said, is a W1 brush-off (version 20)."""
    prompt = classify_prompt("You really need to take the tablets every morning.")
    hits = cue_hits(features(reply), prompt)
    assert ("denial" in {h.marker for h in hits}) is brushed
