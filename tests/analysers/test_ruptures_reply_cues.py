"""Rule cues of one client reply read against the therapist prompt before it (``_reply_cues``).

Every line here was written for these tests.
"""

from __future__ import annotations

import pytest

from alliancelens.analysers.ruptures._reply_cues import cue_hits
from alliancelens.analysers.ruptures._taxonomy import RuptureKind
from alliancelens.analysers.ruptures._text import classify_prompt, features


def found(previous: str, reply: str) -> set[tuple[str, str, int]]:
    """(marker, cue id, strength) of ``reply`` said after ``previous``."""
    return {
        (h.marker, h.cue, h.strength) for h in cue_hits(features(reply), classify_prompt(previous))
    }


@pytest.mark.parametrize(
    ("previous", "reply", "expected"),
    [
        (
            "What was the week like for you?",
            "Dunno.",
            {("minimal_response", "w2_vague_to_invitation", 1)},
        ),
        ("How many hours did you sleep?", "About six.", set()),
        ("What was the week like for you?", "Yeah.", set()),
    ],
)
def test_a_vague_reply_is_minimal_only_after_an_invitation(
    previous: str, reply: str, expected: set[tuple[str, str, int]]
) -> None:
    """A clipped reply to an open question is a weak W2 cue; a complete or plain answer is not."""
    assert found(previous, reply) == expected


def test_brushing_off_a_feeling_question_is_clear_denial() -> None:
    """A brush-off ("It's fine, honestly.") to a feeling question is a clear denial cue."""
    hits = cue_hits(
        features("It's fine, honestly. Doesn't matter."),
        classify_prompt("How did it feel when your sister cancelled again?"),
    )
    assert {(h.marker, h.strength, h.kind) for h in hits} >= {("denial", 2, RuptureKind.WITHDRAWAL)}


@pytest.mark.parametrize(
    ("reply", "denial"),
    [
        ("That's fine. Thanks. I feel a lot calmer, actually, now it's out in the open.", False),
        ("It's fine, honestly. It's a relief to have said it.", False),
        ("It's fine. Honestly, it doesn't matter.", True),
    ],
)
def test_relief_named_is_not_a_brush_off(reply: str, denial: bool) -> None:
    """ "That's fine" with relief named is acknowledgement, not W1 denial (v16, qa13 item 5)."""
    previous = "I'd like to phone you on Friday, just briefly. How would that be?"
    assert any(m == "denial" for m, _, _ in found(previous, reply)) is denial
