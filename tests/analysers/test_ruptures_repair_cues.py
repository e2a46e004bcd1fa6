"""The therapist's rupture-specific repair as a second reading of the client turn before it."""

from __future__ import annotations

from typing import Any

import pytest

from alliancelens.analysers.ruptures import RuptureDetector
from alliancelens.analysers.ruptures._repair_cues import REPAIR_CUE, owns_part, repair_hits
from alliancelens.analysers.ruptures._reply_cues import Hit
from alliancelens.testing import make_session

T, C = "therapist", "client"
OWNING = "You're right, I kept you waiting and that's on me."
#: (subtype, probability) per kind: withdrawal, confrontation.
LEANS_CONFRONTATION = (("denial", 0.1), ("complaint_about_parameters", 0.5))
LEANS_WITHDRAWAL = (("minimal_response", 0.55), ("complaint_about_therapist", 0.2))


@pytest.mark.parametrize(
    "reply",
    [
        "What's it been like, coming here these last weeks?",  # R4
        "That's on me. I rushed you.",  # R5
        "I notice I'm feeling a bit tense as we talk about it.",  # R6
    ],
)
def test_a_rupture_specific_repair_makes_a_leaning_turn_a_clear_marker(reply: str) -> None:
    """R4, R5 or R6 right after a turn the model leans to (≥ 0.45) gives a clear marker."""
    hits = repair_hits([], LEANS_CONFRONTATION, reply)
    assert hits == [Hit("complaint_about_parameters", REPAIR_CUE, 2)]


@pytest.mark.parametrize(
    "reply",
    [
        "That makes sense. You're right.",  # R9: validation is everyday MI
        "What if we tried something smaller?",  # R2: an immediate strategy
        "How was the rest of your week?",  # an ordinary question
        None,  # no therapist turn follows
    ],
)
def test_validation_questions_and_immediate_strategies_add_nothing(reply: str | None) -> None:
    """Only R4-R6 count: validation, task changes and ordinary questions are not evidence."""
    assert repair_hits([], LEANS_CONFRONTATION, reply) == []


def test_a_turn_below_the_support_band_stays_unmarked() -> None:
    """A model reading under 0.45 is not lifted, whatever the therapist says next."""
    support = (("minimal_response", 0.3), ("complaint_about_therapist", 0.44))
    assert repair_hits([], support, OWNING) == []


def test_the_marker_follows_the_kind_the_model_leans_to() -> None:
    """The new marker is the model's top subtype of the leading kind."""
    assert repair_hits([], LEANS_WITHDRAWAL, OWNING) == [Hit("minimal_response", REPAIR_CUE, 2)]


def test_a_weak_marker_is_raised_to_clear() -> None:
    """A weak marker of the leading kind becomes clear (strength 2)."""
    cue = Hit("complaint_about_parameters", "c4_time_frame", 1)
    assert repair_hits([cue], (), OWNING) == [cue, Hit(cue.marker, REPAIR_CUE, 2)]


def test_a_clear_marker_is_left_as_it_is() -> None:
    """The repair never lifts one turn to an episode on its own: a clear marker stays 2."""
    cue = Hit("complaint_about_parameters", "c4_time_frame", 2)
    assert repair_hits([cue], LEANS_CONFRONTATION, OWNING) == [cue]


def test_mixed_markers_without_a_model_lean_are_left_alone() -> None:
    """Markers of both kinds and no model reading: the repair cannot say which it answers."""
    both = [Hit("denial", "w1", 2), Hit("complaint_about_therapist", "c1", 2)]
    assert repair_hits(both, (), OWNING) == both


def _episodes(turns: list[tuple[str, str]], **params: Any) -> list[dict[str, Any]]:
    found = RuptureDetector(**params).analyse(make_session(*turns))
    (summary,) = (f.value for f in found if f.kind == "ruptures.summary")
    return list(summary)


def _two_complaints(reply: str) -> list[tuple[str, str]]:
    """Two complaints the model reads as weak confrontation, then the therapist's ``reply``."""
    return [
        (T, "Shall we start with the sleep diary from last week?"),
        (C, "I mean, I came all this way and it's the same questions again."),
        (T, "You'd hoped for something different today."),
        (C, "Well it's not like the diary did much for me last time."),
        (T, reply),
        (C, "Quite down on Tuesday, but I went for a walk with my sister on Sunday and it helped."),
    ]


def test_an_invitation_after_weak_complaints_makes_an_episode_end_to_end() -> None:
    """Two weak model complaints, then an R4 invitation: the second is clear, an episode (v8)."""
    (episode,) = _episodes(_two_complaints("What's it been like, coming here these last weeks?"))
    assert (episode["kind"], episode["start_index"]) == ("confrontation", 1)
    assert [m["index"] for m in episode["marker_evidence"]][-1] == 3
    assert episode["marker_evidence"][-1]["cue"] == REPAIR_CUE
    # v18: the client's first-person answer to the invitation (17 words) takes it up
    assert (episode["resolved"], episode["end_index"]) == (True, 5)


@pytest.mark.parametrize(
    "reply", ["That makes sense. You're right.", "How was the week otherwise?"]
)
def test_the_same_complaints_answered_otherwise_are_no_episode(reply: str) -> None:
    """With validation or an ordinary question instead, two weak model hits stay below salience."""
    assert _episodes(_two_complaints(reply)) == []


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("That's on me. I rushed you.", True),  # R5
        ("I notice I'm feeling a bit tense as we talk about it.", True),  # R6
        ("What's it been like, coming here these last weeks?", False),  # R4: routine, not owning
        ("That makes sense.", False),
        (None, False),  # no therapist turn follows
    ],
)
def test_owns_part_is_r5_or_r6_only(reply: str | None, expected: bool) -> None:
    """Version 13 counts only owning a part or disclosing a reaction, never an invitation."""
    assert owns_part(reply) is expected


def test_a_clear_complaint_the_therapist_owns_is_an_episode_end_to_end() -> None:
    """A phrase-cue complaint followed by the therapist owning a part is one episode (v13)."""
    session = make_session(
        (T, "How did the week go?"),
        (C, "Honestly, you don't listen to a word I say in here."),
        (T, OWNING),
        (C, "Thank you for saying that. I went to my sister's on Sunday and we talked for hours."),
    )
    summary = next(
        f.value for f in RuptureDetector().analyse(session) if f.kind == "ruptures.summary"
    )
    assert [(e["kind"], e["start_index"]) for e in summary] == [("confrontation", 1)]
