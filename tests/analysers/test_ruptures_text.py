"""Reading utterances for the rupture detector: text features and therapist prompt kinds."""

from __future__ import annotations

import pytest

from alliancelens.analysers.ruptures._text import Prompt, classify_prompt, features


@pytest.mark.parametrize(
    ("therapist", "expected"),
    [
        ("How many hours did you sleep, roughly?", Prompt.FACTUAL),
        ("When did you last see her?", Prompt.FACTUAL),
        ("On a scale from nought to ten, how ready are you?", Prompt.FACTUAL),
        ("What's been happening since we last met?", Prompt.OPEN),
        ("Tell me about Thursday.", Prompt.OPEN),
        ("What was that like for you?", Prompt.FEELING),
        ("How did you feel when she said it?", Prompt.FEELING),
        ("Did you bring the diary?", Prompt.CLOSED),
        ("Is anyone else at home?", Prompt.CLOSED),
        ("Shall we look at the plan together?", Prompt.PROPOSAL),
        ("Can I share an idea with you?", Prompt.PERMISSION),
        ("You should sign up this week. Will you do that?", Prompt.DIRECTIVE),
        ("Let's just stick with nine and see how you go.", Prompt.DIRECTIVE),
        ("It sounds like the week wore you down.", Prompt.REFLECTION),
        ("A busy week at work?", Prompt.REFLECTION),
        ("Have you had thoughts of ending your life?", Prompt.RISK_SCREEN),
        ("So on the one hand there's the job and-", Prompt.CONTINUING),
        ("Fifty years and nobody noticed.", Prompt.STATEMENT),
        ("Can I stop us there? I'm wondering how it feels to be here today.", Prompt.FEELING),
    ],
)
def test_prompt_kinds(therapist: str, expected: Prompt) -> None:
    """The therapist turn before a reply is classified by what it asks of the client."""
    assert classify_prompt(therapist) is expected


def test_no_therapist_turn_is_none() -> None:
    """A reply with no therapist turn before it has prompt NONE."""
    assert classify_prompt(None) is Prompt.NONE


@pytest.mark.parametrize(
    ("text", "substantive", "flags"),
    [
        ("Fine.", 0, (False, False, False, False)),
        ("I don't know. Busy, I guess.", 1, (False, False, False, False)),
        ("About six.", 1, (True, False, False, False)),
        ("(laughs) The dog ate the sofa.", 3, (False, True, False, False)),
        ("(crying) Sorry.", 0, (False, False, True, False)),
        ("(long pause) Okay.", 0, (False, False, False, True)),
        ("[sighs] Whatever.", 0, (False, False, False, True)),
    ],
)
def test_text_features(text: str, substantive: int, flags: tuple[bool, ...]) -> None:
    """Transcriber notes are split off; content words, numbers, laughter, tears, pauses found."""
    feats = features(text)
    assert feats.substantive == substantive
    assert (feats.numeric, feats.laugh, feats.tears, feats.pause) == flags
    assert "(" not in feats.text and "[" not in feats.text


def test_curly_apostrophes_are_normalised() -> None:
    """Typographic apostrophes read like straight ones."""
    assert features("It\u2019s fine.").text == "it's fine."
