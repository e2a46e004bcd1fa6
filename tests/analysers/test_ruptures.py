"""ruptures.detector: markers in context, episodes, resolution, strategies and the demo sessions.

Every dialogue here was written for these tests (none comes from a data set or corpus).
"""

from __future__ import annotations

from typing import Any

import pytest

from alliancelens.analysers.pipeline import Pipeline
from alliancelens.analysers.ruptures import RuptureDetector
from alliancelens.report import result_to_json
from alliancelens.testing import Turn, make_session

T, C = "therapist", "client"


def episodes(*turns: Turn, **params: Any) -> list[dict[str, Any]]:
    """The ``ruptures.summary`` episodes for a dialogue."""
    found = RuptureDetector(**params).analyse(make_session(*turns))
    (summary,) = (f.value for f in found if f.kind == "ruptures.summary")
    return list(summary)


MARKER_DIALOGUES: dict[str, tuple[str, str, list[Turn]]] = {
    "denial": (
        "withdrawal",
        "denial",
        [
            (T, "Your dad missed the graduation in the end. What was that like for you?"),
            (C, "It's fine. I didn't expect him to, so it doesn't matter."),
            (T, "You didn't expect him, and still, it was your day."),
            (C, "Honestly, I'm over it. It is what it is."),
        ],
    ),
    "minimal response run": (
        "withdrawal",
        "minimal_response",
        [
            (T, "How have things been since we last spoke?"),
            (C, "Alright."),
            (T, "What's been on your mind this week?"),
            (C, "Not much."),
            (T, "What's it like being here today?"),
            (C, "Dunno."),
        ],
    ),
    "abstract communication": (
        "withdrawal",
        "abstract_communication",
        [
            (T, "When the letter came, how did you feel?"),
            (
                C,
                "In general people nowadays are conditioned to expect rejection. It's a societal "
                "thing, the culture runs on competition, so it's more systemic than psychological.",
            ),
            (T, "That's an interesting idea. I'm wondering what it was like for you, opening it."),
            (
                C,
                "Well, humans are wired for status, aren't they? Evolutionarily everyone reacts "
                "to rejection the same way.",
            ),
        ],
    ),
    "topic shift": (
        "withdrawal",
        "avoidant_storytelling_or_topic_shift",
        [
            (T, "You mentioned the argument with your partner. What happened?"),
            (
                C,
                "Oh, it was nothing. Anyway, did I tell you I've started the new job? The office "
                "has a rooftop garden.",
            ),
            (T, "That sounds nice. Can we stay with the argument for a moment?"),
            (C, "I'd rather not talk about that. How was your weekend, by the way?"),
        ],
    ),
    "deferential": (
        "withdrawal",
        "deferential_appeasing",
        [
            (T, "I'd suggest trying the breathing exercise twice a day. How does that sound?"),
            (C, "You're the expert. Whatever you say."),
            (T, "I'm curious what you think, though."),
            (C, "I don't mind, honestly. Up to you."),
        ],
    ),
    "content/affect split": (
        "withdrawal",
        "content_affect_split",
        [
            (T, "How did the appointment at the hospital go?"),
            (
                C,
                "(laughs) Well, they think the lump might be cancer, so that's fun. (laughs) I "
                "nearly fainted in the car park.",
            ),
            (T, "I notice you're laughing, but what you're describing sounds frightening."),
            (C, "It's fine. Honestly. It's probably nothing."),
        ],
    ),
    "self-criticism": (
        "withdrawal",
        "self_criticism_or_hopelessness",
        [
            (T, "Last week you planned to phone the college. How did that go?"),
            (C, "I didn't. I'm hopeless at this, honestly. You must have better clients."),
            (T, "You're being really hard on yourself."),
            (
                C,
                "Nothing ever works for me. I've tried everything and I'm not cut out for therapy.",
            ),
        ],
    ),
    "complaint about therapist": (
        "confrontation",
        "complaint_about_therapist",
        [
            (T, "It sounds like you might be avoiding the conversation with your boss."),
            (C, "You're judging me now. You have no idea what it's like working there."),
            (T, "I hear that it felt like judgement."),
            (C, "Every week you just tell me what I'm doing wrong. Easy for you to say."),
        ],
    ),
    "rejecting intervention": (
        "confrontation",
        "rejecting_intervention",
        [
            (T, "I'd like to try a relaxation exercise with you, just five minutes."),
            (C, "No thanks. I've tried all that and it doesn't work for me."),
            (T, "Can I explain why I'm suggesting it?"),
            (C, "Don't. I know why. I've read all that."),
        ],
    ),
    "complaint about activities": (
        "confrontation",
        "complaint_about_activities",
        [
            (T, "How did the thought record go?"),
            (C, "Honestly? The worksheet is pointless. It's like homework at school."),
            (T, "It felt like school."),
            (C, "These exercises are a waste of time. I don't see how this is going to help."),
        ],
    ),
    "complaint about parameters": (
        "confrontation",
        "complaint_about_parameters",
        [
            (T, "Before we start, I'll be away for two weeks in August."),
            (C, "Again? And I still get charged the cancellation fee if I'm ill."),
            (T, "It sounds like the breaks are hard."),
            (C, "It's unfair. Honestly the sessions are too short as it is."),
        ],
    ),
    "complaint about progress": (
        "confrontation",
        "complaint_about_progress",
        [
            (T, "Shall we review how the last few weeks have gone?"),
            (
                C,
                "I'm not getting any better. Eight sessions and I'm still panicking every morning.",
            ),
            (T, "That's really disappointing to hear."),
            (C, "We're just going round in circles."),
        ],
    ),
    "defending": (
        "confrontation",
        "defending_against_therapist",
        [
            (T, "I wonder if part of you doesn't really want to stop drinking."),
            (C, "I'm not making excuses. Are you saying I'm lying to you?"),
            (T, "No, not at all."),
            (C, "Because that's not fair. I've cut down a lot and I'm not an alcoholic."),
        ],
    ),
    "controlling": (
        "confrontation",
        "controlling_or_pressuring",
        [
            (T, "What would you like to focus on today?"),
            (C, "I need you to write a letter to my GP saying I can't work."),
            (T, "Can we talk about what the letter is for?"),
            (C, "Just give me a straight answer. Will you write it or not?"),
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(MARKER_DIALOGUES))
def test_each_marker_forms_an_episode(name: str) -> None:
    """Each 3RS marker, shown in a short run, yields one episode of its kind naming it."""
    kind, marker, turns = MARKER_DIALOGUES[name]
    (episode,) = episodes(*turns)
    assert episode["kind"] == kind
    assert marker in episode["markers"]
    assert all(item["index"] % 2 == 1 for item in episode["marker_evidence"])  # clients only


HARD_NEGATIVES: dict[str, list[Turn]] = {
    "short answers to closed questions": [
        (T, "How many cigarettes a day at the moment?"),
        (C, "Ten, maybe twelve."),
        (T, "When did you have the first one today?"),
        (C, "Half seven."),
        (T, "Any cravings at night?"),
        (C, "No."),
        (T, "Did you use the patches?"),
        (C, "Yes, most days."),
    ],
    "humour with congruent affect": [
        (T, "How was the week?"),
        (C, "(laughs) My sister's dog ate my homework sheet, the most ridiculous week."),
        (T, "The dog ate it!"),
        (C, "(laughs) I know. I'll print another one, I did most of it anyway."),
    ],
    "collaborative disagreement and genuine agreement": [
        (T, "I wonder if this is really about your mum."),
        (
            C,
            "I'm not sure I agree. I think it's less about my mum and more about how tired I "
            "am after shifts. Could we look at the sleep first?",
        ),
        (T, "Yes, let's start with sleep."),
        (C, "Yes, that works. I'll try the wind-down on Tuesday and Thursday, after dinner."),
    ],
    "sustain talk": [
        (T, "What do you like about drinking?"),
        (
            C,
            "Part of me wants to cut down, but a drink is the only thing that helps me switch "
            "off after work. I'm not ready to give it up completely.",
        ),
        (T, "It does something important for you."),
        (C, "It does. I can't see myself stopping, maybe cutting down at weekends."),
    ],
    "emotional pause": [
        (T, "What was he like?"),
        (C, "(crying) Sorry. He was my best friend."),
        (T, "Take your time."),
        (C, "(long pause) I'm okay. It's just a lot to say out loud."),
        (T, "It is a lot."),
        (C, "Fine. Yeah."),
    ],
    "client-paced boundary": [
        (T, "Would you like to talk about the accident today?"),
        (
            C,
            "I don't want to go into the details today. I know we'll need to at some point, "
            "and we will, just not yet.",
        ),
        (T, "That's absolutely fine."),
        (C, "Can we talk about how I've been sleeping instead? That's been the hardest bit."),
    ],
    "denial of risk after a screening question": [
        (
            T,
            "Sometimes when people feel this low they have thoughts of ending their life. Has "
            "that been happening for you?",
        ),
        (C, "No. Never. I'm fine, I just feel flat."),
        (T, "Thank you for telling me. What does flat feel like?"),
        (C, "Like everything is grey. I go through the motions."),
    ],
    "one bare answer to how was the week": [
        (T, "How's your week been?"),
        (C, "Fine."),
        (T, "What's been happening?"),
        (
            C,
            "We finally moved into the new flat on Saturday, so it's been boxes everywhere, "
            "but I actually slept properly for the first time in ages.",
        ),
    ],
    "confirming reflections": [
        (T, "So the drinking helps you unwind."),
        (C, "Yeah."),
        (T, "And it also worries you."),
        (C, "Mm."),
        (T, "Both at once."),
        (C, "Yes."),
    ],
}


@pytest.mark.parametrize("name", sorted(HARD_NEGATIVES))
def test_hard_negatives_are_not_ruptures(name: str) -> None:
    """Short factual answers, congruent humour, boundaries, risk denials etc. are no episode."""
    assert episodes(*HARD_NEGATIVES[name]) == []


WITHDRAWAL_THEN_VOICED = [
    (T, "How did the week go?"),
    (C, "Fine."),
    (T, "And the reading you were going to try?"),
    (C, "Didn't get round to it."),
    (T, "What got in the way, do you think?"),
    (C, "Dunno. Just busy."),
    (T, "I notice you seem far away today. I wonder how it is for you being here."),
    (C, "It's fine."),
    (T, "Okay. It would make sense if it felt awkward after last week."),
    (
        C,
        "Actually, last week you made me feel like I was being graded. You kept asking why I "
        "hadn't done it, and I went home feeling about ten years old.",
    ),
    (T, "Thank you for telling me. I think I pushed too hard."),
]


def test_voicing_the_held_back_complaint_resolves_withdrawal() -> None:
    """An elaborated complaint after a withdrawal run is its resolution, not a new episode."""
    (episode,) = episodes(*WITHDRAWAL_THEN_VOICED)
    assert (episode["kind"], episode["start_index"]) == ("withdrawal", 1)
    assert episode["resolved"] and episode["resolution_index"] == 9 == episode["end_index"]
    assert "validate_defensive_posture" in episode["resolution_strategies"]


def test_withdrawal_turning_into_confrontation_gives_two_episodes() -> None:
    """When withdrawal becomes confrontation there are two episodes; the first is unresolved."""
    first, second = episodes(
        (T, "How did the food diary go?"),
        (C, "Okay, I guess."),
        (T, "What did you notice when you filled it in?"),
        (C, "Not much really."),
        (T, "Say a bit more about that?"),
        (C, "Dunno. It was fine."),
        (T, "Shall we look at it together?"),
        (
            C,
            "Honestly? The diary is pointless. Writing down every biscuit makes me feel like "
            "a criminal.",
        ),
        (T, "It felt like being watched."),
        (C, "It's patronising. I don't need a food diary and I don't see how this will help."),
    )
    assert (first["kind"], first["resolved"]) == ("withdrawal", False)
    assert (second["kind"], second["start_index"]) == ("confrontation", 7)
    assert first["end_index"] < second["start_index"]


def test_repair_then_re_engagement_resolves_confrontation() -> None:
    """A confrontation is resolved where the client elaborates their own experience."""
    (episode,) = episodes(
        *MARKER_DIALOGUES["complaint about therapist"][2],
        (
            T,
            "You're right, I jumped to a conclusion, and I'm sorry. What was it like to hear "
            "that from me?",
        ),
        (
            C,
            "Honestly, it stung. I already feel like I'm failing at work, and then I come here "
            "and feel like I'm failing here too. I just want someone to get how hard it is.",
        ),
    )
    assert episode["resolved"] and episode["resolution_index"] == 5
    assert {"acknowledge_own_contribution", "invite_discussion_of_thoughts_feelings"} <= set(
        episode["resolution_strategies"]
    )


def test_grudging_compliance_is_not_resolution() -> None:
    """Short factual compliance after a confrontation leaves it unresolved."""
    (episode,) = episodes(
        *MARKER_DIALOGUES["complaint about progress"][2],
        (T, "Shall we try planning one thing for this week?"),
        (C, "Go on then. Quickly."),
        (T, "What day is best?"),
        (C, "Tuesday."),
    )
    assert not episode["resolved"] and episode["resolution_index"] is None
    assert episode["end_index"] == 3  # the last marker


def test_couples_keep_each_client_apart() -> None:
    """In a couple session each client has their own episodes; replies to a partner don't count."""
    found = episodes(
        (T, "Sam, what's it like for you, hearing that?"),
        ("Sam", "Dunno."),
        ("Alex", "See, that's what always happens."),
        (T, "Sam, what comes up for you?"),
        ("Sam", "Whatever."),
        ("Alex", "Oh, come on."),
        (T, "Sam, it sounds like part of you has given up on these talks."),
        ("Sam", "There's no point. Nothing's going to change."),
    )
    (episode,) = found
    assert {item["index"] for item in episode["marker_evidence"]} <= {1, 4, 7}


def test_episode_times_come_from_the_transcript() -> None:
    """Episodes carry start/end seconds when the session is timed, None otherwise."""
    timed = [
        (who, text, 10.0 * i, 10.0 * i + 5)
        for i, (who, text) in enumerate(MARKER_DIALOGUES["denial"][2])
    ]
    (episode,) = episodes(*timed)
    assert (episode["start"], episode["end"]) == (10.0, 35.0)
    (untimed,) = episodes(*MARKER_DIALOGUES["denial"][2])
    assert untimed["start"] is None and untimed["end"] is None


def test_markers_and_strategies_reach_utterance_codes() -> None:
    """Per-utterance markers appear in codes.rupture_markers, strategies in codes."""
    session = make_session(*WITHDRAWAL_THEN_VOICED)
    result = Pipeline([RuptureDetector()]).run(session)
    report = result_to_json(result)
    codes = {u["index"]: u["codes"] for u in report["utterances"]}
    assert "minimal_response" in codes[5]["rupture_markers"]
    assert codes[5]["rupture_kind"] == "withdrawal"
    assert "validate_defensive_posture" in codes[8]["resolution_strategies"]
    assert "rupture_markers" not in codes[9]  # the voiced complaint is the resolution
    assert report["summary"]["ruptures"][0]["resolution_index"] == 9


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({}, 1),
        ({"min_strength": 99, "run_support": 1.1}, 0),
        ({"gap": 0, "run_support": 1.1}, 0),
        ({"min_strength": 99, "model_threshold": 0.99}, 0),
    ],
)
def test_parameters_change_what_counts(params: dict[str, float], count: int) -> None:
    """min_strength, gap and the model-run limits are real parameters: stricter drops it."""
    assert len(episodes(*MARKER_DIALOGUES["minimal response run"][2], **params)) == count


def test_evidence_never_contains_text() -> None:
    """Episodes refer to utterances by index and cue id, never by their words."""
    (episode,) = episodes(*MARKER_DIALOGUES["denial"][2])
    flat = repr(episode)
    assert "graduation" not in flat and "over it" not in flat


#: Written for this test: the client cuts in twice to object to being steered to homework.
CUT_IN_COMPLAINT: tuple[Turn, ...] = (
    ("therapist", "How has the week been?"),
    ("client", "Bit rough. Work was a lot, and my sister's been on at me again."),
    (
        "therapist",
        "That sounds like a lot. So I think this week what we should do is fill in the thought "
        "record every evening and-",
    ),
    (
        "client",
        "No, hang on, you're doing it again. Every time I start telling you something you jump "
        "straight to the worksheets.",
    ),
    ("therapist", "Can I just finish explaining why the-"),
    (
        "client",
        "See, this is what I mean. You're not listening to me at all, you just want to get "
        "through your list.",
    ),
    (
        "therapist",
        "You're right, I jumped in before you'd finished. I'm sorry. What happened with your "
        "sister?",
    ),
    (
        "client",
        "She rang on Tuesday and said I was being selfish about Mum's care, and honestly I felt "
        "about ten years old.",
    ),
    ("therapist", "That sounds really painful, feeling like a child again with her."),
    ("client", "Yeah. It was. Thanks for letting me finish, honestly."),
)


def test_confrontation_may_interrupt_the_therapist() -> None:
    """Version 10: a complaint that cuts the therapist off is read (the veto is for withdrawal)."""
    (episode,) = episodes(*CUT_IN_COMPLAINT)
    assert episode["kind"] == "confrontation"
    assert episode["start_index"] == 3
    assert "complaint_about_therapist" in episode["markers"]


def test_a_plainly_worded_rupture_and_its_repair_are_found() -> None:
    """Version 14: three polite complaints, an apology and owning a part: one resolved episode."""
    found = episodes(
        ("therapist", "Welcome back. What would you like to focus on today?"),
        ("client", "I guess work again. My manager keeps piling things on."),
        ("therapist", "Last week we talked about the breathing exercise. Did you get to try it?"),
        (
            "client",
            "No. Honestly, I don't see how breathing is supposed to fix the fact that my "
            "boss is unreasonable.",
        ),
        ("therapist", "Okay."),
        ("client", "It kind of felt like you were telling me the problem is me, not the job."),
        (
            "therapist",
            "Thank you for telling me that. I can see how my suggestion came across "
            "that way, and I'm sorry it felt like I was putting it all on you.",
        ),
        ("client", "I mean, it did feel a bit dismissive."),
        (
            "therapist",
            "That makes sense. I jumped to a technique. Can we talk about what would "
            "actually be useful for you right now?",
        ),
        (
            "client",
            "I think I just need to figure out how to say no to my manager without losing my job.",
        ),
    )
    assert [(e["kind"], e["resolved"]) for e in found] == [("confrontation", True)]
    assert found[0]["start_index"] == 3
