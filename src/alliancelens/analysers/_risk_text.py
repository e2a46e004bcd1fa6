"""Text normalisation for the risk rules (see docs/analysers/risk.md, "Method").

Every rule and guard runs on the output of :func:`normalise`: lower case, straight apostrophes,
single spaces, and a few regular spellings of speech and dialect read as standard English so that
one pattern covers them:

- dialect "myself" (Irish, Scots, Northern English: *mesel*, *masel*) and possessive "me" before
  a body part ("me arms");
- contractions typed or transcribed without the apostrophe ("dont", "wasnt", "im"), as speech
  recognition and texting write them; only forms that are not also ordinary words are restored
  ("cant", "wont", "ill", "id", "its", "hed" are left alone);
- dropped final g on common verbs ("hopin", "carin'", "nothin"), from a closed list so that words
  such as "begin" or "cousin" are never touched.
"""

from __future__ import annotations

import functools
import re
from typing import Final

from alliancelens.analysers._phrases import Phrase

__all__ = ["normalise"]

#: Dialect spellings of "myself" (Irish, Scots, Northern English), read as "myself".
_MYSELF: Final = Phrase(r"\bm(?:e|a|ah)sel(?:f|l)?\b")
#: Dialect possessive "me" before a body part ("me arms"), read as "my".
_ME_BODY: Final = Phrase(
    r"\bme (?=(?:arms?|legs?|wrists?|thighs?|skin|stomach|hips?|chest|body|neck|face|head)\b)"
)
# fmt: off
#: Contractions written without the apostrophe that are not words in their own right.
_BARE_CONTRACTIONS: Final = {
    "dont": "don't", "didnt": "didn't", "doesnt": "doesn't", "wasnt": "wasn't",
    "werent": "weren't", "isnt": "isn't", "arent": "aren't", "wouldnt": "wouldn't",
    "couldnt": "couldn't", "shouldnt": "shouldn't", "hasnt": "hasn't", "havent": "haven't",
    "hadnt": "hadn't", "aint": "ain't", "im": "i'm", "ive": "i've", "youre": "you're",
    "theyre": "they're", "youve": "you've", "theyve": "they've", "thats": "that's",
    "whats": "what's", "theres": "there's", "shes": "she's", "hes": "he's", "itll": "it'll",
    "theyll": "they'll", "youll": "you'll", "wouldve": "would've", "couldve": "could've",
    "shouldve": "should've",
}
#: Verbs (and pronouns) often written with the final g dropped, restored to "-ing".
_G_DROPPED: Final = (
    "hopin", "wantin", "thinkin", "carin", "goin", "doin", "tryin", "takin", "nothin",
    "somethin", "anythin", "everythin", "sayin", "feelin", "livin", "dyin", "killin", "hurtin",
    "cuttin", "burnin", "plannin", "wishin", "lookin", "sittin", "standin", "waitin", "watchin",
    "walkin", "drivin", "drinkin", "tellin", "talkin", "gettin", "puttin", "keepin", "endin",
    "fightin", "stabbin", "shootin", "beatin", "hittin", "wakin", "sleepin", "prayin", "leavin",
    "givin", "sortin", "savin", "countin", "hidin", "hangin", "jumpin", "punchin", "smashin",
    "harmin", "starvin", "bleedin", "comin", "makin", "runnin", "fallin", "crashin", "slittin",
)
# fmt: on
_SPELLING: Final = {**_BARE_CONTRACTIONS, **{word: word + "g" for word in _G_DROPPED}}
_WORD: Final = re.compile(
    r"(?<![\w'])(?:" + "|".join(sorted(_SPELLING, key=len, reverse=True)) + r")'?(?![\w'])"
)


@functools.lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """Lower-cased text with straight apostrophes and regular spellings (module docstring).

    Memoised: the screen normalises the same utterance several times (its own rules, the
    context of the next answer, the content gate), and the result depends on the text alone.
    """
    text = text.lower().replace("’", "'").replace("‘", "'")
    text = _ME_BODY.sub("my ", _MYSELF.sub("myself", text))
    text = _WORD.sub(lambda m: _SPELLING[m.group().rstrip("'")], text)
    return " ".join(text.split())
