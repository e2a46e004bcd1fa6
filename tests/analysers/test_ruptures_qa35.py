"""ruptures.detector version 23: good news, the client's own plan, advice pushed back on (qa35).

Every dialogue here was written for these tests (none comes from a data set, a corpus or the QA
sessions that prompted the rules).
"""

from __future__ import annotations

from typing import Any

import pytest

from alliancelens.analysers.ruptures import RuptureDetector
from alliancelens.analysers.ruptures._client_voice import own_plan
from alliancelens.analysers.ruptures._good_news import good_news
from alliancelens.analysers.ruptures._strategies import strategies_in
from alliancelens.analysers.ruptures._text import features, normalise
from alliancelens.testing import make_session

T, C = "therapist", "client"


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


def test_version_is_23() -> None:
    """The output changed in version 23 (QA qa35), so the detector's version says so."""
    assert RuptureDetector.version >= 23


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It was alright. I practised the piano on three evenings.", True),
        ("Yeah. The bus driver wasn't rude to me this time.", True),
        ("Sort of fun, actually.", True),
        ("A bit better. I finished the worksheet on Tuesday.", True),
        ("Good.", False),  # a bare one-word answer may still be clipped
        ("No, no, it's fine. Your plan is very good.", False),  # appeasing the therapist
        ("Not good. Whatever.", False),
        ("I guess it was good.", False),
        ("I tried it but it didn't help.", False),
        ("Better, I suppose. I still feel stupid about it.", False),
    ],
)
def test_good_news_reading(text: str, expected: bool) -> None:
    """Good news about the client's own life is recognised; brush-offs and deference are not."""
    feats = features(text)
    assert good_news(feats.text, feats.words) is expected


def test_a_young_clients_short_positive_answers_are_not_withdrawal() -> None:
    """A run of short, positive answers about the client's week forms no withdrawal episode."""
    turns = [
        (T, "Hello Sam. How did the week at school go?"),
        (C, "It was alright. I practised my spelling on three evenings."),
        (T, "Three evenings of spelling. That was your own doing."),
        (C, "Yeah. The bus driver wasn't rude to me this time."),
        (T, "How was the bus ride without that?"),
        (C, "Calmer. I even said hello to someone."),
        (T, "You said hello to someone new. How did that feel?"),
        (C, "Sort of nice actually."),
        (T, "Shall we keep the spelling going next week?"),
        (C, "Yes, keep it going."),
    ]
    assert _episodes(*turns) == []
    assert _markers(*turns) == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Right. I'd like to try walking the dog before work each morning.", True),
        ("I'm going to ring my brother on Saturday.", True),
        ("Maybe I could write the list the night before.", True),
        ("I'll try.", False),  # bare compliance names no step of the client's own
        ("I'll try not to let you down.", False),
        ("I'd like to try, but it never works for me.", False),
    ],
)
def test_own_plan_reading(text: str, expected: bool) -> None:
    """A step the client names for themself is an own plan; bare compliance is not."""
    assert own_plan(normalise(text)) is expected


def test_the_clients_own_plan_resolves_the_confrontation() -> None:
    """A complaint about the sessions is resolved when the client proposes a step of their own."""
    turns = [
        (T, "Welcome back. How have the evenings been?"),
        (C, "Slightly better. I left the laptop downstairs twice."),
        (T, "Twice this week. What made those evenings possible?"),
        (C, "Honestly, I can't see the point of coming here most weeks."),
        (T, "Thank you for saying so. What would make these sessions worth coming for?"),
        (C, "Something concrete, not going over my school years again."),
        (T, "Fair. Let's stay with concrete steps for the evenings."),
        (C, "Fine. I'd like to try switching the laptop off at nine every night."),
        (T, "Good. Nine o'clock switch-off for a week, and we look at it next time."),
    ]
    (episode,) = _episodes(*turns)
    assert episode["kind"] == "confrontation"
    assert episode["resolved"] is True
    assert episode["resolution_index"] == 7
    assert "complaint_about_activities" not in _markers(*turns).get(7, [])


@pytest.mark.parametrize(
    ("text", "strategy"),
    [
        (
            "You're afraid I'll be one more grown-up giving you orders. What would make "
            "our sessions useful for you?",
            "validate_defensive_posture",
        ),
        (
            "You're afraid I'll be one more grown-up giving you orders. What would make "
            "our sessions useful for you?",
            "invite_discussion_of_thoughts_feelings",
        ),
        (
            "I can see you've gone a bit quiet. Has my suggestion missed the mark?",
            "invite_discussion_of_thoughts_feelings",
        ),
        ("I really appreciate you being honest about that.", "validate_defensive_posture"),
    ],
)
def test_heard_repair_strategies(text: str, strategy: str) -> None:
    """Naming the client's worry, noticing the silence and asking if one missed are repairs."""
    assert strategy in strategies_in(text)


def test_advice_pushed_back_on_after_withdrawal_is_found() -> None:
    """Vague answers, unsolicited advice, bare assent, then "it's not that easy": an episode."""
    turns = [
        (T, "What would you like to look at today?"),
        (C, "My sister, I suppose. We keep falling out over our dad's care."),
        (T, "What have you tried so far when it gets heated?"),
        (C, "Nothing much. Dunno. Whatever."),
        (T, "You really need to set up a weekly rota and stick to it."),
        (C, "Sure. I guess."),
        (T, "Can I check how that landed with you?"),
        (C, "A little. People keep telling me to make a rota. It's not that easy."),
        (T, "You're right, I rushed ahead of you there."),
        (C, "She never answers my messages, that's the real problem."),
    ]
    markers = _markers(*turns)
    assert "rejecting_intervention" in markers.get(7, [])
    kinds = [e["kind"] for e in _episodes(*turns)]
    assert "confrontation" in kinds
