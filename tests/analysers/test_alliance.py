"""alliance.bordin: neutral prior, signals per sub-score, ruptures and repair, evidence.

Every dialogue here was written for these tests.
"""

from __future__ import annotations

from typing import Any

import pytest

from alliancelens.analysers.alliance import PERSPECTIVE, BordinAlliance
from alliancelens.analysers.alliance._signals import MARKER_WEIGHTS
from alliancelens.analysers.pipeline import Pipeline
from alliancelens.analysers.ruptures import MARKER_KIND, RuptureDetector
from alliancelens.domain import Session
from alliancelens.testing import make_session

T, C = "therapist", "client"


def alliance(*turns: tuple[str, str], **params: Any) -> dict[str, Any]:
    """``summary.alliance`` for a dialogue (ruptures run first, as in the default pipeline)."""
    return alliance_of(make_session(*turns), **params)


def alliance_of(session: Session, **params: Any) -> dict[str, Any]:
    """``summary.alliance`` for a session."""
    result = Pipeline([RuptureDetector(), BordinAlliance(**params)]).run(session)
    (value,) = (f.value for f in result.findings.of_kind("alliance.summary"))
    return dict(value)


def signals(value: dict[str, Any], part: str) -> set[tuple[int, str]]:
    """(index, signal) pairs that moved one sub-score."""
    return {(e["index"], e["signal"]) for e in value[part]["evidence"]}


COLLABORATIVE = [
    (T, "What would you like to focus on today?"),
    (C, "My drinking, I think. I want to cut down before the baby comes."),
    (T, "It sounds like the baby has made this feel more urgent."),
    (C, "Exactly. I don't want to be that dad."),
    (T, "That makes a lot of sense. Would it be okay if I shared what has helped others?"),
    (C, "Yes, please."),
    (
        T,
        "Some people keep two alcohol-free nights. The idea is to notice what the evening is "
        "like without it. It's completely up to you whether that fits.",
    ),
    (C, "Two nights sounds doable. I'll try Monday and Thursday."),
    (T, "How was today for you?"),
    (C, "Good, thank you. I feel listened to."),
]
CONFRONTATIONAL = [
    (T, "You need to stop drinking. It's really damaging your liver."),
    (C, "That's not the problem. I'm not here to talk about drinking."),
    (T, "Do you understand that it can cause cirrhosis? You're in denial."),
    (C, "You're not listening. You have no idea what my week has been like."),
    (T, "You have to take this seriously. I'd recommend you stop completely."),
    (C, "This is a waste of time. I'm not doing that."),
]


def test_no_evidence_is_neutral() -> None:
    """With nothing to go on every sub-score and the index stay at the neutral 50."""
    value = alliance((T, "Hello."), (C, "Hello."))
    assert value["index"] == 50.0
    assert all(
        value[p]["score"] == 50.0 and value[p]["evidence"] == [] for p in ("goal", "task", "bond")
    )


def test_collaborative_scores_above_confrontational() -> None:
    """A collaborative, empathic session scores well above a lecturing, confronting one."""
    good, poor = alliance(*COLLABORATIVE), alliance(*CONFRONTATIONAL)
    assert good["index"] > 70
    assert poor["index"] < 40
    for part in ("goal", "task", "bond"):
        assert good[part]["score"] > 50 > poor[part]["score"], part


@pytest.mark.parametrize(
    ("turns", "part", "signal"),
    [
        ([(T, "Where would you like to start today?"), (C, "Hm.")], "goal", "agenda_goal_invited"),
        ([(T, "Hi."), (C, "I want to feel less anxious at work.")], "goal", "goal_stated"),
        ([(T, "Can I explain how this works?"), (C, "Okay.")], "task", "permission_asked"),
        (
            [(T, "The reason we track it is to spot the pattern."), (C, "Right.")],
            "task",
            "rationale_given",
        ),
        ([(T, "Try it at home?"), (C, "I can try that.")], "task", "task_accepted"),
        (
            [(T, "It sounds like you're feeling stuck."), (C, "Yeah.")],
            "bond",
            "reflective_listening",
        ),
        ([(T, "That must have been really hard."), (C, "It was.")], "bond", "empathy_validation"),
        ([(T, "Right."), (C, "I've never told anyone this.")], "bond", "disclosure"),
    ],
)
def test_positive_signals_raise_their_part(
    turns: list[tuple[str, str]], part: str, signal: str
) -> None:
    """Agenda and goals move goal; permission, rationale, acceptance move task; empathy, bond."""
    value = alliance(*turns)
    assert any(s == signal for _, s in signals(value, part))
    assert value[part]["score"] > 50


@pytest.mark.parametrize(
    ("turns", "part", "signal"),
    [
        (
            [(T, "You should really stop smoking."), (C, "Okay.")],
            "task",
            "advice_without_permission",
        ),
        ([(T, "You're kidding yourself."), (C, "Am I.")], "bond", "confrontation"),
        (
            [(T, "What do you want to work on?"), (C, "That's not the problem, though.")],
            "goal",
            "goal_disagreement",
        ),
        ([(T, "Smoking can cause cancer."), (C, "I know.")], "task", "warning_lecture"),
    ],
)
def test_negative_signals_lower_their_part(
    turns: list[tuple[str, str]], part: str, signal: str
) -> None:
    """Advice without permission, confronting, warnings and goal disputes lower their part."""
    value = alliance(*turns)
    assert any(s == signal for _, s in signals(value, part))
    assert value[part]["score"] < 50


@pytest.mark.parametrize(
    "turns",
    [
        [(C, "What should I do about it?"), (T, "You could try telling her how you feel.")],
        [
            (T, "Would it be okay if I suggested something? You could try a wind-down hour."),
            (C, "Sure."),
        ],
    ],
)
def test_requested_or_permitted_advice_is_not_penalised(turns: list[tuple[str, str]]) -> None:
    """Advice the client asked for, or given with permission, is MI-consistent (MITI)."""
    value = alliance(*turns)
    assert not any(s == "advice_without_permission" for _, s in signals(value, "task"))


def test_disagreeing_with_a_partner_is_not_goal_disagreement() -> None:
    """In a couple session, one partner contradicting the other does not lower goal."""
    value = alliance(
        (T, "What brings you both in?"),
        ("Sam", "Money, mostly."),
        ("Alex", "That's not the problem, though."),
    )
    assert not any(s == "goal_disagreement" for _, s in signals(value, "goal"))


UNRESOLVED = [
    (T, "It sounds like you might be avoiding the conversation with your boss."),
    (C, "You're judging me now. You have no idea what it's like working there."),
    (T, "I hear that it felt like judgement."),
    (C, "Every week you just tell me what I'm doing wrong. Easy for you to say."),
]
REPAIRED = [
    *UNRESOLVED,
    (
        T,
        "I think I jumped to a conclusion there, and I'm sorry. What was it like to hear that "
        "from me?",
    ),
    (
        C,
        "Honestly, it stung. I already feel like I'm failing at work, and then I come here "
        "and feel like I'm failing here too. I just want someone to get how hard it is.",
    ),
]


def test_rupture_markers_lower_and_repair_raises_bond() -> None:
    """Markers in a rupture episode lower bond; the client re-engaging after repair raises it."""
    unresolved, repaired = alliance(*UNRESOLVED), alliance(*REPAIRED)
    assert unresolved["bond"]["score"] < 50
    assert (1, "rupture:complaint_about_therapist") in signals(unresolved, "bond")
    assert (5, "rupture_repaired") in signals(repaired, "bond")
    assert repaired["bond"]["score"] > unresolved["bond"]["score"]
    assert repaired["ruptures"] == {"episodes": 1, "resolved": 1, "invited_feedback": 0}


def test_marked_client_words_earn_nothing_positive() -> None:
    """Appeasing agreement inside a withdrawal episode does not count as accepting the task."""
    value = alliance(
        (T, "You should walk every day."),
        (C, "You're right. You're right. I'll try."),
        (T, "And cut out sugar."),
        (C, "Whatever you think. I'll do whatever."),
    )
    assert not any(s == "task_accepted" for _, s in signals(value, "task"))


def test_prior_weight_pulls_towards_neutral() -> None:
    """A heavier prior keeps the same evidence closer to 50."""
    light = alliance(*COLLABORATIVE, prior_weight=1.0)
    heavy = alliance(*COLLABORATIVE, prior_weight=40.0)
    assert light["index"] > heavy["index"] > 50


def test_without_rupture_findings_ruptures_is_none() -> None:
    """Run alone (no ruptures.summary upstream) the rupture part is reported as None."""
    (finding,) = BordinAlliance().analyse(make_session(*COLLABORATIVE))
    assert finding.value["ruptures"] is None


def test_evidence_and_perspective() -> None:
    """Evidence indexes are real utterances and every result says it is not a client rating."""
    value = alliance(*COLLABORATIVE)
    assert set(value["evidence_indexes"]) <= set(range(len(COLLABORATIVE)))
    assert value["perspective"] == PERSPECTIVE and "not the client's own rating" in PERSPECTIVE
    weights = [abs(e["weight"]) for e in value["bond"]["evidence"]]
    assert weights == sorted(weights, reverse=True)  # strongest evidence first


def test_every_marker_moves_the_alliance_down() -> None:
    """Each rupture marker identifier has weights, all negative."""
    assert set(MARKER_WEIGHTS) == set(MARKER_KIND)
    assert all(w < 0 for weights in MARKER_WEIGHTS.values() for w in weights.values())


@pytest.mark.parametrize("repeat", [5, 40])
def test_scores_stay_between_0_and_100(repeat: int) -> None:
    """However much one-sided evidence piles up, scores stay within 0-100."""
    value = alliance(*(CONFRONTATIONAL * repeat))
    assert all(0 <= value[p]["score"] < 50 for p in ("goal", "task", "bond"))
    good = alliance(*(COLLABORATIVE * repeat))
    assert all(50 < good[p]["score"] <= 100 for p in ("goal", "task", "bond"))


def _bond_reflections(turns: list[tuple[str, str]], behaviour: str | None) -> set[int]:
    """Utterances cited as ``reflective_listening`` for the bond, with an optional coder code."""
    from alliancelens.analysers.base import FindingSet
    from alliancelens.analysers.microskills import MicroskillCodes

    session = make_session(*turns)
    coder = MicroskillCodes()
    upstream = FindingSet(
        tuple(
            coder.utterance_finding("microskills.code", {"behaviour": behaviour}, utterance_index=i)
            for i, (role, _) in enumerate(turns)
            if behaviour is not None and role == T
        )
    )
    (finding,) = BordinAlliance().analyse(session, upstream=upstream)
    return {i for i, s in signals(dict(finding.value), "bond") if s == "reflective_listening"}


@pytest.mark.parametrize(
    "turns",
    [
        [(C, "I went to the gym twice."), (C, "And I slept better.")],
        [(T, "Welcome, everyone."), ("other", "Thanks, I'm only observing today.")],
    ],
)
def test_no_estimate_without_a_therapist_and_a_client(turns: list[tuple[str, str]]) -> None:
    """No alliance finding (not a neutral 50) when no therapist-client pair exists (qa19 #10)."""
    result = Pipeline([RuptureDetector(), BordinAlliance()]).run(make_session(*turns))
    assert result.findings.of_kind("alliance.summary") == ()
    assert result.run_of("alliance.bordin").status.value == "ok"


@pytest.mark.parametrize(
    ("text", "lectured"),
    [
        ("Who taught you that asking for help was so dangerous?", False),
        ("so when did you decide that being angry was really harmful", False),
        ("Drinking like that is very dangerous for your liver.", True),
        ("Can I ask something? Bingeing can damage your heart.", True),
    ],
)
def test_a_danger_word_in_a_question_is_no_warning(text: str, lectured: bool) -> None:
    """warning_lecture fires on a statement, not on a question about the client's belief (v3)."""
    value = alliance((C, "I never say no to anyone."), (T, text))
    assert ((1, "warning_lecture") in signals(value, "task")) is lectured


@pytest.mark.parametrize(
    ("text", "sustain"),
    [
        ("Yeah, I like it, let's do that.", False),
        ("Honestly I love it. Best plan so far.", False),
        ("The thing is, I enjoy drinking. It's my time.", True),
    ],
)
def test_liking_it_is_not_sustain_talk(text: str, sustain: bool) -> None:
    """'I like it' about a plan is no sustain talk; a named behaviour still is (qa20 #11)."""
    value = alliance((T, "So the plan is a walk after lunch."), (C, text))
    assert ((1, "sustain_talk") in signals(value, "goal")) is sustain
