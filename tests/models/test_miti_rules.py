"""Rule-based MITI 4.2.1 flags on invented therapist utterances."""

from __future__ import annotations

import pytest

from alliancelens.models.miti_rules import miti_flags


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("You've worked really hard to get here.", True),
        ("That took a lot of courage.", True),
        ("You're clearly very determined to keep your job.", True),
        ("You really care about your kids.", True),
        ("I appreciate your honesty about this.", True),
        ("That's a great idea.", True),
        ("Great.", False),
        ("Good.", False),
        ("I'm proud of you.", False),
        ("You have worked there for years?", False),
    ],
)
def test_affirm(text: str, expected: bool) -> None:
    """Affirm fires on specific strengths or efforts, not on generic praise."""
    assert miti_flags(text, advice=False).affirm is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("How does that sound to you?", True),
        ("What would you like to talk about today?", True),
        ("Where would you like to start?", True),
        ("Let's work this out together.", True),
        ("You know your situation better than anyone.", True),
        ("How many drinks do you have a day?", False),
    ],
)
def test_seeking_collaboration(text: str, expected: bool) -> None:
    """Seeking collaboration fires when the client's ideas or agenda are asked for."""
    assert miti_flags(text, advice=False).seeking_collaboration is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It's entirely up to you.", True),
        ("It’s your decision what happens next.", True),
        ("Only you can decide that.", True),
        ("Whatever you choose, I'll support it.", True),
        ("Nobody can make you stop.", True),
        ("You get to decide what happens.", True),
        ("You decided to come in today.", False),
        ("Your doctor decided that.", False),
    ],
)
def test_emphasising_autonomy(text: str, expected: bool) -> None:
    """Emphasising autonomy fires when choice is placed with the client."""
    assert miti_flags(text, advice=False).emphasising_autonomy is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("You're in denial about this.", True),
        ("That's just an excuse.", True),
        ("Come on, be honest with me.", True),
        ("I don't believe you.", True),
        ("You have to face the fact that you're drinking too much.", True),
        ("It sounds like part of you disagrees.", False),
    ],
)
def test_confront(text: str, expected: bool) -> None:
    """Confront fires on labelling, arguing, shaming or doubting honesty."""
    assert miti_flags(text, advice=False).confront is expected


@pytest.mark.parametrize(
    ("text", "advice", "previous_therapist", "previous_client", "expected"),
    [
        ("You should cut down.", False, (), "", True),
        ("I'd recommend a nicotine patch.", False, (), "", True),
        ("Try keeping a drink diary.", True, (), "", True),
        ("Try keeping a drink diary.", False, (), "", False),
        ("You should cut down.", False, ("Would it be okay if I shared an idea?",), "", False),
        ("You should cut down.", False, ("Can I share something?", "Mm-hmm."), "", False),
        ("You should cut down.", False, ("Can I share?", "Hm.", "Okay."), "", True),
        ("You should cut down.", False, (), "What do you think I should do?", False),
        ("You should cut down, but it's up to you.", False, (), "", False),
        ("Do you feel you have to drink?", False, (), "", False),
    ],
)
def test_persuade_only_without_permission(
    text: str,
    advice: bool,
    previous_therapist: tuple[str, ...],
    previous_client: str,
    expected: bool,
) -> None:
    """Persuade fires on advice/directives unless permission was asked, given or autonomy named."""
    flags = miti_flags(
        text,
        advice=advice,
        previous_therapist=previous_therapist,
        previous_client=previous_client,
    )
    assert flags.persuade is expected


def test_flags_dictionary_has_every_code() -> None:
    """as_dict names the five codes the report carries."""
    assert set(miti_flags("Hello.", advice=False).as_dict()) == {
        "affirm",
        "seeking_collaboration",
        "emphasising_autonomy",
        "confront",
        "persuade",
    }
