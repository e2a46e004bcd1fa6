"""Reading utterances for the rupture detector: text features and therapist prompt kinds."""

from __future__ import annotations

import pytest

from alliancelens.analysers.ruptures._text import (
    Prompt,
    classify_prompt,
    features,
    normalise,
    word_count,
)


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


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("no its fine im not bothered", "no it's fine i'm not bothered"),
        ("thats nothin' really, dont worry", "that's nothing really, don't worry"),
        ("Its raining. The dog's lost its ball.", "its raining. the dog's lost its ball."),
        ("I'll be ill if I go, well, we'll see", "i'll be ill if i go, well, we'll see"),
    ],
)
def test_dropped_apostrophes_are_restored(raw: str, expected: str) -> None:
    """Transcribed contractions read like typed ones; "its" only where no apostrophe is used."""
    assert normalise(raw) == expected


@pytest.mark.parametrize(
    ("therapist", "expected"),
    [
        ("hi sam come on in how has your week been", Prompt.OPEN),
        (
            "right so the assessment said you were referred by school what do you make of that",
            Prompt.FEELING,
        ),
        ("you said things were tense at home has anything shifted since", Prompt.CLOSED),
        ("ok so the same time next week", Prompt.STATEMENT),
        ("Can you talk me through what happened on Friday?", Prompt.OPEN),
        ("I'd really like to hear how the visit went.", Prompt.OPEN),
        ("How would you rate the worry today, from zero to ten?", Prompt.FACTUAL),
        ("Here's a breathing card. Practise it twice a day.", Prompt.DIRECTIVE),
        ("I want you to try the walk before breakfast.", Prompt.DIRECTIVE),
        ("I want you to know that I'm on your side here.", Prompt.REFLECTION),  # not advice
    ],
)
def test_unpunctuated_and_indirect_prompts(therapist: str, expected: Prompt) -> None:
    """Questions inside unpunctuated turns, "can you talk me through", ratings and instructions."""
    assert classify_prompt(therapist) is expected


def test_word_count_leaves_out_notes() -> None:
    """A back-channel's length is counted without transcriber notes."""
    assert word_count("(nods) Mm-hmm.") == 2
    assert word_count("Right, okay, I see") == 4
