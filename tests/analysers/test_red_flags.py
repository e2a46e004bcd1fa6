"""red_flags.therapist: own problems, advice without permission, judgment, ignoring, talk time."""

from __future__ import annotations

from typing import Any

import pytest

from alliancelens.analysers.base import FindingSet
from alliancelens.analysers.red_flags import TherapistRedFlags, red_flags_in
from alliancelens.analysers.talk import TalkStatistics
from alliancelens.domain import Session
from alliancelens.ingest import read_file
from alliancelens.services import demo_files
from alliancelens.testing import make_session

T, C = "therapist", "client"

PAIRS = [
    (
        "I've been arguing with my partner.",
        "Oh, I know all about that. My husband and I used to row constantly when the kids were "
        "small. I'd end up sleeping on the sofa for days.",
        {"therapist_own_problems"},
    ),
    (
        "I can't sleep.",
        "I had terrible insomnia after my dad died. What helped me was giving up coffee.",
        {"therapist_own_problems"},
    ),
    (
        "I'm nervous about the interview.",
        "You need to prepare answers tonight.",
        {"unsolicited_advice"},
    ),
    (
        "I'm nervous about the interview.",
        "Just tell them the truth and stop worrying.",
        {"unsolicited_advice"},
    ),
    ("I'm nervous about the interview.", "Would it be okay if I shared an idea?", set()),
    (
        "What would you do in my place?",
        "You could try writing three answers down, but you know yourself best.",
        set(),
    ),
    (
        "I didn't do the worksheet.",
        "Honestly, that's a bit lazy. We did agree.",
        {"judgmental_remark"},
    ),
    (
        "I had a drink on Friday.",
        "You're being silly. You know that's an excuse.",
        {"judgmental_remark"},
    ),
    (
        "The worksheet doesn't work for me, I can't do it at work.",
        "I understand, but let's just stick with it for another week.",
        {"ignoring_client_feedback"},
    ),
    (
        "The worksheet doesn't work for me, I can't do it at work.",
        "That makes sense. What would fit better with your shifts?",
        set(),
    ),
    ("I felt really low on Sunday.", "That sounds really hard. What was happening?", set()),
    ("I felt really low on Sunday.", "I notice I feel quite sad listening to you.", set()),
    ("I'm so proud of the exposure.", "You should be. Could you do it at home?", set()),
    ("I was crying all evening.", "Take your time. There's no rush.", set()),
]


@pytest.mark.parametrize(("client", "therapist", "expected"), PAIRS)
def test_utterance_red_flags(client: str, therapist: str, expected: set[str]) -> None:
    """Each red flag fires on its wording, and permission, choice or validation prevent it."""
    items, _ = red_flags_in(make_session((C, client), (T, therapist)).utterances)
    assert {i["kind"] for i in items} == expected
    assert all(i["index"] == 1 and i["evidence"] for i in items)


def _flags(session: Session, **params: Any) -> list[dict[str, Any]]:
    upstream = FindingSet(tuple(TalkStatistics().analyse(session)))
    findings = TherapistRedFlags(**params).analyse(session, upstream=upstream)
    value: list[dict[str, Any]] = findings[0].value
    return value


def test_therapist_interrupting_a_client_is_flagged() -> None:
    """A therapist starting a second before the client finished is an interruption flag."""
    session = make_session(
        (C, "I was going to say that the week was", 0.0, 4.0),
        (T, "Right, let's move to the homework.", 2.5, 5.0),
        (C, "Okay.", 5.5, 6.0),
    )
    assert [(i["index"], i["kind"], i["evidence"]) for i in _flags(session)] == [
        (1, "interrupting", [0, 1])
    ]


def test_client_interrupting_the_therapist_is_not_a_therapist_flag() -> None:
    """Only the therapist's interruptions of a client count."""
    session = make_session(
        (T, "What I wanted to ask about was the diary and", 0.0, 4.0),
        (C, "I didn't do it.", 2.0, 5.0),
    )
    assert _flags(session) == []


WORDY = "and then we talked about the week and how it went and what might help " * 4


@pytest.mark.parametrize(
    ("share_limit", "min_words", "flagged"),
    [(0.75, 100, True), (0.99, 100, False), (0.75, 100_000, False)],
)
def test_dominating_talk_time(share_limit: float, min_words: int, flagged: bool) -> None:
    """A therapist share above the threshold in a long enough session is flagged."""
    session = make_session(*[(T, WORDY), (C, "Yes.")] * 3)
    items = _flags(session, dominating_share=share_limit, dominating_min_words=min_words)
    found = [i for i in items if i["kind"] == "dominating_talk_time"]
    assert bool(found) is flagged
    if flagged:
        assert found[0]["index"] is None and found[0]["share"] > share_limit


def test_own_problems_report_their_share_of_therapist_words() -> None:
    """Own-problem items carry the share of therapist words spent on them."""
    session = make_session(
        (C, "Work is hard."),
        (T, "When I went through my divorce I stopped eating for a month."),
        (C, "Oh."),
        (T, "What has been hardest this week?"),
    )
    (item,) = _flags(session)
    assert item["kind"] == "therapist_own_problems"
    assert 0.5 < item["share_of_therapist_words"] < 1


def _demo(name: str) -> Session:
    path = next(p for p in demo_files() if p.name == name)
    return read_file(path).sessions[0]


def test_demo_riley_shows_its_therapist_red_flags() -> None:
    """riley-07: self-disclosure at 4, 14, 22, 28, 38; advice without permission; domination."""
    items = _flags(_demo("riley-07.srt"))
    own = {i["index"] for i in items if i["kind"] == "therapist_own_problems"}
    advice = {i["index"] for i in items if i["kind"] == "unsolicited_advice"}
    assert own == {4, 14, 22, 28, 38}
    assert {4, 8, 14, 16, 18, 22, 40} <= advice
    assert any(i["kind"] == "dominating_talk_time" for i in items)


@pytest.mark.parametrize("name", ["alex-01-intake.txt", "alex-02.vtt", "jordan-casey-couple.docx"])
def test_demos_without_red_flags(name: str) -> None:
    """The well-run demo sessions have no red flags."""
    assert _flags(_demo(name)) == []


def test_demo_alex_03_advice_without_permission() -> None:
    """alex-03: advice without permission at 14 and 52."""
    items = _flags(_demo("alex-03.json"))
    assert [(i["index"], i["kind"]) for i in items] == [
        (14, "unsolicited_advice"),
        (52, "unsolicited_advice"),
    ]
