"""Whether an utterance reads as English: the analysers' rules and models read English only.

The change/sustain coder (``microskills.codes``) was trained on English; it still assigns a code
to Spanish or French speech, and the note must not quote those codes as the client's change or
sustain talk (QA 15 item 15: an interpreted session's Spanish line was quoted as "sustain talk").
The risk screen's wording rules and model are English too: a client line in another language
is reported as *not screened* (language not supported), never counted as screened (QA40 #1).
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
#: Common words of Spanish, Portuguese, French, Italian and German that are not also English
#: words (version 25 of risk.language added everyday verbs, adverbs and greetings, QA40 #1:
#: "Quiero morirme. Ya he pensado cómo hacerlo." read as English on function words alone).
#: Words that English-lexicon creoles and slang also use ("mi", "di", "ya", "yo", "per") are
#: left out: a Jamaican Patois line is screened like any English line.
_OTHER: Final = _words(
    "que de del la el los las y en un una es por con para pero muy más su sus lo le les se "
    "usted está estoy soy eso esto sí también porque cuando como hay tengo pienso quiero "
    "quieres puedo puede tiene tienes hacer estar ser fue era sin sobre hasta desde nada todo "
    "todos todas siempre nunca vez veces ahora aquí así bien mal mucho poco qué cómo dónde "
    "cuándo gracias hola vale bueno mejor peor vida morir muerte matarme morirme não você com "
    "uma eu ele ela isso está muito tudo agora quero acho também et est je il elle des une "
    "pas avec pour mais très moi suis c'est ce qui tu vous nous rien tout toujours jamais "
    "veux peux mourir vie merci bonjour che il della sono non questo voglio niente sempre "
    "grazie ich und nicht ist der das ein eine mit auch aber sehr bin mehr nichts immer "
    "sterben danke"
)
#: Letters that English words almost never carry (accents of the languages above).
_ACCENTED: Final = re.compile(r"[áéíóúñãõçâêôàèùßäöüœ]")


def looks_english(text: str) -> bool:
    """False when ``text`` reads as another language (see the module docstring)."""
    if "¿" in text or "¡" in text:
        return False
    words = [w.lower() for w in _WORD.findall(text)]
    english = sum(w in _ENGLISH for w in words)
    other = sum(w in _OTHER or bool(_ACCENTED.search(w)) for w in words)
    return other <= english
