"""ruptures.detector version 19: exercises, vindication, invited corrections, the last goodbye.

Every dialogue here was written for these tests (none comes from a data set, corpus or the QA
sessions that prompted the rules).
"""

from __future__ import annotations

from typing import Any

import pytest

from alliancelens.analysers.ruptures import RuptureDetector
from alliancelens.analysers.ruptures._frame import Frame, read_frame
from alliancelens.analysers.ruptures._markers import Hit, _context, _counter_evidence, _prompt_text
from alliancelens.analysers.ruptures._model_cues import ModelThresholds, model_hits
from alliancelens.analysers.ruptures._reply_cues import cue_hits
from alliancelens.analysers.ruptures._text import Prompt, classify_prompt, features
from alliancelens.models.rupture_model import MarkerScores
from alliancelens.testing import Turn, make_session

T, C = "therapist", "client"
#: The model, written by hand, reading a turn as a clear appeasing withdrawal.
MEEK = MarkerScores(
    0.95, 0.02, (("deferential_appeasing", 0.8), ("complaint_about_therapist", 0.1))
)
_IMAGERY: list[Turn] = [
    (T, "Shall we try the safe place exercise now? Let's do the imagery exercise together."),
    (C, "Yes, let's."),
    (T, "Picture yourself somewhere you feel at ease. What do you see?"),
    (C, "A lake at dawn with mist on it."),
    (T, "What do you notice in your body as you stay there?"),
    (C, "Warm hands. Slower breathing."),
    (T, "Just notice that. I'll do a few sets of tapping now."),
]


def _episodes(*turns: Turn, **params: Any) -> list[dict[str, Any]]:
    found = RuptureDetector(**params).analyse(make_session(*turns))
    (summary,) = (f.value for f in found if f.kind == "ruptures.summary")
    return list(summary)


def _frame_of(turns: list[Turn]) -> Frame:
    session = make_session(*turns)
    last = session.utterances[-1]
    at = len(session.utterances) - 1
    return read_frame(
        session.utterances, at, features(last.text), _prompt_text(session.utterances, at)
    )


@pytest.mark.parametrize(
    ("reply", "framed"),
    [
        ("Quieter inside. The birds are louder.", True),
        ("Mist. Water.", True),
        ("Done.", False),  # flat compliance stays a possible withdrawal
        ("It's fine, I guess.", False),
        ("(long pause) Trees.", False),
    ],
)
def test_a_report_inside_an_exercise_is_framed_but_flat_compliance_is_not(
    reply: str, framed: bool
) -> None:
    """A brief report of what the client notices in an exercise is the task, not withdrawal."""
    turns = [*_IMAGERY, (C, reply)]
    assert _frame_of(turns).exercise is framed


@pytest.mark.parametrize(
    "therapist",
    [
        "I notice that when we get near your dad, we drift to the news. What's that like?",
        "Could you do the body scan recording a few times before next week?",
    ],
)
def test_noticing_aloud_or_setting_homework_is_no_exercise(therapist: str) -> None:
    """Metacommunication ("I notice that…") or homework naming an exercise frames nothing."""
    assert not _frame_of([(T, therapist), (C, "Mm. Right.")]).exercise


def test_exercise_frame_drops_brief_report_and_compliance_markers_only() -> None:
    """Inside an exercise W2 and W5 go; a denial in the same reply is still read."""
    hits = [
        Hit("minimal_response", "model_withdrawal", 1),
        Hit("deferential_appeasing", "model_withdrawal", 1),
        Hit("denial", "w1_brush_off", 2),
    ]
    kept = _counter_evidence(
        hits, features("Sure."), Prompt.OPEN, paused=False, frame=Frame(exercise=True)
    )
    assert {h.marker for h in kept} == {"denial"}


def test_an_imagery_exercise_with_brief_reports_is_no_rupture() -> None:
    """Short reports, a plain "I will." and a thank-you goodbye in an exercise: no episode.

    Before version 19 this dialogue read as a withdrawal episode (3-11).
    """
    turns: list[Turn] = [
        (T, "Let's practise the safe place exercise now."),
        (C, "Okay, ready."),
        (T, "Bring to mind your safe place. What do you see?"),
        (C, "My aunt's garden. Apple trees, long grass, a bench."),
        (T, "Notice that. Now some slow sets of tapping. Just notice."),
        (C, "Okay."),
        (T, "What do you notice now?"),
        (C, "Softer. The bees are louder."),
        (T, "Good. Let's pick a cue word for the garden."),
        (C, "Apple trees."),
        (T, "Apple trees. Use it when you can't settle at night."),
        (C, "I will."),
        (T, "It was brave to try something new today. We'll build on it."),
        (C, "Thank you. Bye for now, see you next week."),
    ]
    assert _episodes(*turns) == []


@pytest.mark.parametrize(
    "reply",
    [
        "At last somebody gets it. Thank you.",
        "Finally, someone who listens.",
        "You actually get it.",
    ],
)
def test_feeling_vindicated_is_no_withdrawal(reply: str) -> None:
    """The client welcoming the therapist's turn as taking their side blocks every W marker."""
    frame = _frame_of([(T, "It makes sense that you're fed up with being judged."), (C, reply)])
    assert frame.vindicated
    kept = _counter_evidence(
        [Hit("deferential_appeasing", "model_withdrawal", 2)],
        features(reply),
        Prompt.REFLECTION,
        paused=False,
        frame=frame,
    )
    assert kept == []


@pytest.mark.parametrize(
    ("therapist", "invited"),
    [
        ("Here's how I've understood it so far; correct me where I'm off.", True),
        ("That's my summary. What did I leave out?", True),
        ("Let me know if I missed anything important.", True),
        ("You keep telling me the same thing.", False),
    ],
)
def test_a_correction_asked_for_is_no_complaint_about_the_therapist(
    therapist: str, invited: bool
) -> None:
    """Naming what the therapist left out after being asked to correct them is not C1."""
    reply = "You forgot the part about my mum, though."
    frame = _frame_of([(T, therapist), (C, reply)])
    assert frame.invited is invited
    hits = cue_hits(features(reply), classify_prompt(therapist))
    kept = _counter_evidence(hits, features(reply), Prompt.STATEMENT, paused=False, frame=frame)
    assert ("complaint_about_therapist" in {h.marker for h in kept}) is not invited


@pytest.mark.parametrize(("final", "vetoed"), [(True, True), (False, False)])
def test_a_goodbye_as_the_last_client_turn_is_no_model_withdrawal(
    final: bool, vetoed: bool
) -> None:
    """A goodbye closing the transcript is leave-taking even when the therapist did not close."""
    text, previous = "Thank you. Until Tuesday then, see you then.", "I'm glad you said it."
    feats = features(text)
    context = _context(feats, classify_prompt(previous), previous, final=final)
    found = model_hits(MEEK, feats, context, set(), ModelThresholds())
    assert (found == []) is vetoed


@pytest.mark.parametrize(
    "reply",
    [
        "Partly. I'd hoped we would spend more time on my job, to be honest.",
        "It was okay. We never got to my sister, though.",
        "I wish we'd talked about the wedding instead.",
    ],
)
def test_saying_the_session_went_elsewhere_is_a_complaint_about_activities(reply: str) -> None:
    """A polite "I wanted to talk more about…" is C3 by phrase, not the withdrawal's repair."""
    hits = cue_hits(features(reply), classify_prompt("How was today for you?"))
    assert "complaint_about_activities" in {h.marker for h in hits}
