"""What's-the-point about other people is the client voicing a reason, not W7 (version 22).

W7 is self-criticism or hopelessness in front of the therapist: about oneself, or about therapy
helping (clinical-reference §5.2 [S: 3RS-2022-code]). A young person who says "every time I tell
them anything they turn it into a row, so what's the point" is explaining why they go quiet at
home: a complaint about others that opens the withdrawal-to-assertion path (§5.6 [V:
CAFT-website]), not hopelessness about the work (QA qa30 #6). The hopelessness cue
(``w7_no_point``) is dropped when the same turn gives such a reason: something the client says or
does, and what other people (not the therapist) do with it. Wording is our own.
"""

from __future__ import annotations

from collections.abc import Sequence

from alliancelens.analysers._phrases import Phrase
from alliancelens.analysers.ruptures._reply_cues import Hit
from alliancelens.analysers.ruptures._text import TextFeatures

__all__ = ["reason_about_others"]

#: "every time I say something they…", "whenever I tell my mum, she…": the client's act and
#: what a third person does with it.
_OTHERS_RESPOND = Phrase(
    r"\b(every time|each time|whenever|when(ever)?|if) i (say|tell|try|mention|open up|bring "
    r"up|talk|ask|speak)\b[^.?!]{0,50}?\b(they|he|she|my (mum|mom|dad|parents|mother|father|"
    r"family|brother|sister|teacher|teachers|boss|partner|friends)|everyone|everybody)\b"
)
_HOPELESS_CUES = frozenset({"w7_no_point"})


def reason_about_others(hits: Sequence[Hit], feats: TextFeatures) -> list[Hit]:
    """``hits`` without the W7 "what's the point" cue when the turn blames others' response."""
    if not any(h.cue in _HOPELESS_CUES for h in hits) or not _OTHERS_RESPOND.search(feats.text):
        return list(hits)
    return [h for h in hits if h.cue not in _HOPELESS_CUES]
