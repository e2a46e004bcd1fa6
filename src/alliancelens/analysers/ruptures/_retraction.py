"""Backing down after a defensive reply: a retraction is W5, not C2 or W1 (version 22).

Version 20 read "Sorry. Forget it, it's fine." as W5 taking one's own objection back
(``w5_retract``), but only in that wording: "Forget it. It doesn't matter.", "Never mind.
Whatever." after the therapist defended themselves ("That's not fair…") still read as C2
rejecting an intervention plus W1 denial, so the confrontation swallowed the turn and the
withdrawal that followed, and the therapist's later owned repair fell outside every episode
(QA qa30 #1). After a defensive reply the client has nothing to reject: a short turn that only
retracts ("forget it", "never mind", "whatever", "it doesn't matter", "it's fine") is the
confrontation turning into withdrawal, which 3RS codes as a switch (clinical-reference §5.5
[S: 3RS-2022-code]; the therapist's defence is their contribution, §5.4 [U: 3RS-2015]).
"""

from __future__ import annotations

from collections.abc import Sequence

from alliancelens.analysers._phrases import Phrase
from alliancelens.analysers.ruptures._reply_cues import Hit
from alliancelens.analysers.ruptures._strategies import is_defensive
from alliancelens.analysers.ruptures._taxonomy import RuptureKind
from alliancelens.analysers.ruptures._text import TextFeatures, features

__all__ = ["RETRACT_CUE", "backing_down"]

RETRACT_CUE = "w5_retract"

#: Taking an objection back: the formulas, and the brush-offs that usually come with them.
_RETRACTING = Phrase(
    r"\b(forget (it|that|i said anything)|never ?mind|whatever|(it|that|this) (doesn't|does not|"
    r"don't) (really )?matter|doesn't matter|don't worry( about it)?|drop it|leave it)\b"
)
_FILLER = Phrase(
    r"\b(oh|ah|just|look|no|well|okay|ok|fine|sorry|yeah|yes|it's|it is|that's|i'm|all right|"
    r"alright|nothing|honestly|really|then|anyway)\b"
)
#: At most this many words: a longer turn says something beyond the retraction.
_MAX_WORDS = 12
#: Cues a retraction fires that read it as rejecting, denying or shrugging off an offer.
_REREAD = frozenset({"c2_forget_it", "c2_bare_refusal", "w1_doesnt_matter", "w1_brush_off"})


def backing_down(hits: Sequence[Hit], feats: TextFeatures, prompt_text: str | None) -> list[Hit]:
    """``hits`` with a retraction after a defensive reply read as W5 ``w5_retract`` (strength 2).

    Applies when the therapist turn answered is defensive (:func:`is_defensive`), the reply has
    at most ``_MAX_WORDS`` words, matches ``_RETRACTING`` and says nothing else (no content word
    left once the retraction and filler words are taken out). Confrontation readings of the
    turn (phrase cues and model) and the W1 cues the formula fires are dropped.
    """
    if (
        prompt_text is None
        or feats.words > _MAX_WORDS
        or _RETRACTING.search(feats.text) is None
        or not is_defensive(prompt_text)
    ):
        return list(hits)
    rest = _FILLER.sub(" ", _RETRACTING.sub(" ", feats.text))
    if features(rest).substantive > 0:
        return list(hits)
    kept = [h for h in hits if h.cue not in _REREAD and h.kind is not RuptureKind.CONFRONTATION]
    return [*kept, Hit("deferential_appeasing", RETRACT_CUE, 2)]
