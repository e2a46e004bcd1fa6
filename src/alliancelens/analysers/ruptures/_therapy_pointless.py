"""An explicit statement that the therapy itself is pointless is salient on its own (version 25).

3RS rates a segment with "at least one clear marker of moderate clarity or intensity" as 3 on
the 1-5 salience scale, and codes a rupture when the rating is above 1 (clinical-reference §5.5
[S: 3RS-2022-code]); "says therapy is not helping" is the C5 marker, complaints about the
activities of therapy C3 (§5.3). A lone "I don't see the point of these sessions." is such a
clear marker: not a doubtful, low-intensity cue, but the client saying outright that the work
is pointless. So a statement naming the therapy or the sessions (not a task, not life: "the
point of living" is risk language) as pointless, useless, a waste or not helping is a C5 hit
of :data:`EXPLICIT` strength, an episode on its own. Reported or denied views ("my mum thinks
therapy is pointless", "I'm not saying these sessions are useless", "I used to think ...") and
yes/no questions ("Are these sessions pointless?") are not; the rhetorical "What's the point of
coming here?" is. The wording is our own.
"""

from __future__ import annotations

from typing import Final

from alliancelens.analysers._phrases import Phrase
from alliancelens.analysers.ruptures._reply_cues import Hit

__all__ = ["EXPLICIT", "therapy_pointless"]

#: Strength of the hit: ``min_strength + 1`` with the default episode rules (one utterance is
#: then salient on its own, like a rule cue the model confirms; ``_model_cues._CORROBORATED``).
EXPLICIT: Final = 4
_CUE_ID: Final = "c5_therapy_pointless"

_THERAPY = (
    r"(?:(?:these|the|our|my|your|this|this whole) (?:sessions?|appointments?|therapy|"
    r"counsell?ing)|(?<!his )(?<!her )(?<!their )(?:therapy|counsell?ing)|coming here|coming "
    r"to (?:these|the) (?:sessions|appointments)|talking to you)"
)
_POINTLESS = (
    r"(?:pointless|useless|a (?:complete |total |bit of a )?waste(?: of (?:time|money|my time))?|"
    r"not (?:helping|working|doing anything)|doing nothing|no (?:use|good)|going nowhere)"
)
_STATEMENT: Final = Phrase(
    r"\b(?:i (?:don't|do not|can't|cannot|really don't|honestly don't) (?:really |even "
    r"|honestly )?see (?:the|any) point (?:of|in) (?:(?:doing|having|continuing|carrying on "
    r"with) )?"
    + _THERAPY
    + r"|(?:what's|what is) the point (?:of|in) (?:(?:doing|having) )?"
    + _THERAPY
    + r"|there's no point (?:in )?"
    + _THERAPY
    + r"|"
    + _THERAPY
    + r" (?:is|are|'s)(?: just| really| completely| totally| honestly| all)? "
    + _POINTLESS
    + r"|"
    + _THERAPY
    + r" (?:isn't|aren't|is not|are not) (?:really )?(?:helping|working|doing "
    r"anything))\b"
)
#: Before the statement in the same sentence: someone else's view, a denial, a past view, a
#: worry, a condition ("if these sessions are pointless").
_NOT_OWN: Final = Phrase(
    r"\b(?:not saying|wouldn't say|won't say|never said|don't think|do not think|didn't think|"
    r"never thought|used to (?:think|feel)|thought|worried|afraid|scared|not that|doesn't mean|"
    r"if|unless|says|said|thinks|reckons|people)\b"
)

#: A yes/no question ("Are these sessions pointless?") asks; "What's the point of coming here?"
#: is rhetorical and stays a complaint.
_YES_NO: Final = Phrase(
    r"^\W*(?:(?:and|so|but|like|honestly)\W+)?(?:are|is|do|does|did|will|would|could|was|were|"
    r"have|has)\b[^?]*\?"
)


def therapy_pointless(text: str) -> Hit | None:
    """The explicit C5 hit when ``text`` (normalised) says the therapy itself is pointless."""
    for sentence in text.replace("?", "?\n").replace(".", ".\n").replace("!", "!\n").split("\n"):
        found = _STATEMENT.search(sentence)
        if found is None or _YES_NO.search(sentence):
            continue
        if not _NOT_OWN.search(sentence[: found.start()]):
            return Hit("complaint_about_progress", _CUE_ID, EXPLICIT)
    return None
