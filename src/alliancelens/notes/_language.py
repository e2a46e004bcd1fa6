"""Whether a client utterance reads as English: the MI talk coder reads English only.

The change/sustain coder (``microskills.codes``) was trained on English; it still assigns a code
to Spanish or French speech, and the note must not quote those codes as the client's change or
sustain talk (QA 15 item 15: an interpreted session's Spanish line was quoted as "sustain talk").
This is a light heuristic, not language identification: an utterance is read as not English
when it holds inverted question/exclamation marks, or more common function words of other
European languages than of English. Short or ambiguous text ("No.", "Okay.") counts as English.
The word lists are ours (docs/notes.md).
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["looks_english"]

_WORD: Final = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def _words(text: str) -> frozenset[str]:
    """A word set written as one string."""
    return frozenset(text.split())


#: Common English function words.
_ENGLISH: Final = _words(
    "the a an and but or i you he she it we they me my your his her our their is are was were "
    "be been am do does did don't didn't i'm it's that this what with for of to in on at not "
    "have has had will would can could just so if about from"
)
#: Common function words of Spanish, Portuguese, French, Italian and German that are not also
#: English words.
_OTHER: Final = _words(
    "que de del la el los las y en un una es por con para pero muy más mi mis su sus lo le les "
    "se yo usted está estoy soy eso esto sí también porque cuando como hay tengo pienso "
    "não você com uma eu ele ela isso está "
    "et est je il elle des une pas avec pour mais très moi suis c'est ce qui "
    "che di il della sono non per questo "
    "ich und nicht ist der das ein eine mit auch aber sehr"
)


def looks_english(text: str) -> bool:
    """False when ``text`` reads as another language (see the module docstring)."""
    if "¿" in text or "¡" in text:
        return False
    words = [w.lower() for w in _WORD.findall(text)]
    english = sum(w in _ENGLISH for w in words)
    other = sum(w in _OTHER for w in words)
    return other <= english
