"""Text normalisation for ``red_flags.therapist``: one spelling, so one cue list serves many.

Every red-flag cue runs on the output of :func:`normalise`: lower case, straight apostrophes,
single spaces, "let us" as "let's", bare contractions from speech-to-text output ("dont", "im",
"youve") and stutters ("i-i") spelled out, text-speak ("u", "ur", "pls") and a few Scots and
Northern forms ("masel", "meself", "ah've") written the usual way.
"""

from __future__ import annotations

import functools
import re
from typing import Final

__all__ = ["normalise", "sentences"]

#: A sentence (or clause ended by a semicolon) with its closing punctuation.
_SENTENCE: Final = re.compile(r"[^.!?;]+[.!?;]*")

_BARE_CONTRACTIONS: Final = re.compile(
    r"\b(?:(can|don|didn|doesn|won|wouldn|couldn|shouldn|isn|aren|wasn|haven)t|(i)m|(you)re|"
    r"(that)s|(what)s|(they)re|(i)ve|(you)ve|(let)s)\b"
)
_STUTTER: Final = re.compile(r"\b([a-z']+)(?:-\1\b)+")
_TEXT_SPEAK: Final = re.compile(r"\b(u|ure|ppl|pls|plz|ah've|ah'm|masel|meself|ur)\b( \w+)?")
_SPOKEN: Final = {
    "u": "you",
    "ure": "you're",
    "ppl": "people",
    "pls": "please",
    "plz": "please",
    "ah've": "i've",
    "ah'm": "i'm",
    "masel": "myself",
    "meself": "myself",
    "ur": "your",
}
#: After "ur", these words mean "you're" ("ur just", "ur not"), otherwise "ur" is "your".
_YOU_ARE_NEXT: Final = frozenset(
    [
        "just",
        "not",
        "so",
        "always",
        "being",
        "gonna",
        "going",
        "really",
        "never",
        "too",
        "very",
        "a",
        "an",
    ]
)
_SPELLED: Final = {
    "can": "can't",
    "won": "won't",
    "you": "you're",
    "that": "that's",
    "what": "what's",
    "they": "they're",
    "let": "let's",
}


def _spoken(match: re.Match[str]) -> str:
    """Text-speak and Scots spellings the cues rely on, written out ("ur just" -> "you're just")."""
    word, after = match.group(1), match.group(2) or ""
    if word == "ur" and after.strip() in _YOU_ARE_NEXT:
        return "you're" + after
    return _SPOKEN[word] + after


def _contraction(match: re.Match[str]) -> str:
    stem = next(g for g in match.groups() if g)
    if match.group().endswith("ve"):
        return stem + "'ve"
    if stem == "i":
        return "i'm"
    return _SPELLED.get(stem, stem + "'t")


@functools.lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    """Lower case, straight apostrophes and single spaces, with spoken spellings written out.

    Memoised (a pure function of the text): the red-flag rules, the alliance estimate and the
    relational markers read the same therapist turns.
    """
    text = " ".join(text.lower().replace("\u2019", "'").split()).replace("let us ", "let's ")
    if "-" in text:
        text = _STUTTER.sub(r"\1", text)
    text = _BARE_CONTRACTIONS.sub(_contraction, text)
    return _TEXT_SPEAK.sub(_spoken, text)


def sentences(text: str) -> list[str]:
    """The sentences of ``text``, each with its closing punctuation."""
    return _SENTENCE.findall(text)
