"""W6 content/affect split named by the therapist (version 20, QA qa28 item 5).

A client turn with transcriber laughter is W6 when a therapist turn soon after names the
*client's* laughter against what was said ("…, and you're laughing", "you're smiling as you tell
me that", "I notice we laugh a lot when we get near it"; corpus README, W6). A therapist turn
that laughs too (its own "(laughs)" note) is shared, congruent humour and names nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from alliancelens.analysers._phrases import Phrase
from alliancelens.analysers.ruptures._text import features
from alliancelens.domain import Role, Utterance

__all__ = ["laughter_named"]

#: How far ahead (utterances) a therapist naming laughter still refers to it (W6).
_MISMATCH_REACH = 6
#: W6 (version 20): the therapist names the client's laughter or smile, in the second person.
_NAMES_CLIENT_LAUGH = Phrase(
    r"\b(?:you|we)(?:'re| are| were|'ve been|'ve|'d| have| had)? (?:\w+ )?(?:laugh|smil|chuckl|"
    r"grinn)\w*|\byour "
    r"(?:laugh|laughter|smile|smiling|laughing)\b|\b(?:a|that) (?:laugh|smile) (?:as|when|while) "
    r"you\b"
)
_NAMES_MISMATCH = Phrase(r"\b(notice\w*|but|heavy|sad|painful|mismatch|i wonder)\b")
#: …set beside what was said: "…, and you're laughing", "as you tell me that".
_BESIDE_CONTENT = Phrase(
    r"\b(?:and|yet|while|even though) you(?:'re| are)? (?:\w+ )?(?:laugh|smil)\w*|\b(?:laugh|"
    r"smil)\w* (?:as|while|when) you (?:\w+ )?(?:tell|say|said|talk|describe|mention)\w*"
)


def laughter_named(utterances: Sequence[Utterance], at: int) -> bool:
    """True when a therapist turn soon after names the client's laughter against the content.

    "Soon": within ``_MISMATCH_REACH`` utterances; therapist turns that do not name the
    client's laughter (or laugh along) are passed over.

    Version 20 (QA qa28 #5): the therapist must name the *client's* laughter or smile ("and
    you're laughing", "you smiled as you said it", "we laugh a lot when…"), not merely contain
    a laughter word, in a turn where they do not laugh themselves; the
    naming is itself the mismatch when it sets the laughter beside what was said ("…, and
    you're laughing", "as you tell me that") or uses a mismatch word. A therapist who laughs
    too (their own "(laughs)" note) shares congruent humour: no W6 (corpus README, W6).
    """
    for ahead in utterances[at + 1 : at + 1 + _MISMATCH_REACH]:
        if ahead.role is not Role.THERAPIST:
            continue
        feats = features(ahead.text)
        if feats.laugh or not _NAMES_CLIENT_LAUGH.search(feats.text):
            continue  # laughing along (congruent humour) or not about the laughter
        return bool(_NAMES_MISMATCH.search(feats.text) or _BESIDE_CONTENT.search(feats.text))
    return False
