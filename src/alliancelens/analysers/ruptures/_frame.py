"""The frame of a client reply (version 19, QA qa22 item 5): what the surrounding turns make of it.

Three counter-evidence readings (clinical-reference §5.2 counter-evidence [S: 3RS-2022-code],
§5.3 [U: 3RS-2015]; docs/analysers/ruptures.md, Method step 3):

* a therapist-led exercise under way (``EXERCISE`` within ``EXERCISE_REACH`` utterances): a
  brief report or plain compliance is the task done, not W2 or W5, unless the reply is flat;
* the client feeling vindicated (``VINDICATED``): no withdrawal;
* a correction the therapist asked for (``CORRECTION_INVITED``): no C1 complaint.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from alliancelens.analysers._phrases import Phrase
from alliancelens.analysers.ruptures._lexicon import (
    CORRECTION_INVITED,
    EXERCISE,
    EXERCISE_REACH,
    VINDICATED,
)
from alliancelens.analysers.ruptures._model_cues import is_hedged
from alliancelens.analysers.ruptures._reply_cues import Hit
from alliancelens.analysers.ruptures._text import TextFeatures, normalise
from alliancelens.domain import Role, Utterance

__all__ = ["NO_FRAME", "Frame", "framed_out", "framed_support", "read_frame"]


@dataclass(frozen=True, slots=True)
class Frame:
    """What the surrounding turns make of a reply (version 19, QA qa22 item 5).

    ``exercise``: a therapist-led exercise frames it (``EXERCISE``), so a brief report or plain
    compliance is the task done; ``vindicated``: the client welcomes the therapist's turn as
    taking their side (``VINDICATED``); ``invited``: the therapist asked to be corrected
    (``CORRECTION_INVITED``), so naming what they left out is no complaint against them.
    """

    exercise: bool = False
    vindicated: bool = False
    invited: bool = False


#: A reply nothing frames (the default of ``_markers._counter_evidence``).
NO_FRAME = Frame()
#: Withdrawal markers a therapist-led exercise accounts for: brief reports and compliance.
_EXERCISE_MARKERS = frozenset({"minimal_response", "deferential_appeasing"})
#: Flat words that keep a reply inside an exercise a possible withdrawal ("Done.", "It's fine.",
#: "Okay." after a long pause): the labelled sets mark such flat compliance in imagery and
#: defusion exercises, unlike a report of what the client notices (version 19).
_FLAT = Phrase(r"\b(fine|whatever|done|nothing|ok|okay|sure|dunno|nah|nope)\b")


def read_frame(
    utterances: Sequence[Utterance], at: int, feats: TextFeatures, prompt: str | None
) -> Frame:
    """The reply's frame (``Frame``): an exercise under way, vindication, a correction asked for."""
    recent = utterances[max(0, at - EXERCISE_REACH) : at]
    exercise = any(u.role is Role.THERAPIST and EXERCISE.search(normalise(u.text)) for u in recent)
    invited = prompt is not None and CORRECTION_INVITED.search(normalise(prompt)) is not None
    flat = is_hedged(feats.text) or feats.pause or feats.laugh or _FLAT.search(feats.text)
    vindicated = VINDICATED.search(feats.text) is not None
    return Frame(exercise and not flat, vindicated, invited)


def framed_support(
    support: tuple[tuple[str, float], tuple[str, float]], frame: Frame
) -> tuple[tuple[str, float], tuple[str, float]]:
    """The model's run support with what the frame rules out set to 0 (version 19)."""
    (w_marker, w_p), (c_marker, c_p) = support
    if frame.vindicated or (frame.exercise and w_marker in _EXERCISE_MARKERS):
        w_p = 0.0
    if frame.invited and c_marker == "complaint_about_therapist":
        c_p = 0.0
    return (w_marker, w_p), (c_marker, c_p)


def framed_out(hit: Hit, frame: Frame) -> bool:
    """True when the reply's frame accounts for ``hit`` (version 19, ``Frame``)."""
    if frame.exercise and hit.marker in _EXERCISE_MARKERS:
        return True
    return frame.invited and hit.marker == "complaint_about_therapist"
