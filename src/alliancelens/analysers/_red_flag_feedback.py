"""Ignoring or overriding the client's feedback (``red_flags.therapist``): the decisions.

Definition: ruptures-examples README "Therapist red flags" (ignoring client feedback); the
not-flagged cases are the 3RS resolution strategies (clinical-reference §5, [Safran-Muran2000]):
acknowledging, changing the task, inviting exploration of the rupture.

* Version 2 (unchanged): the client objected in the turn being answered (or the one before a
  one-to-three-word filler) and the reply carries on (task talk, "let's keep", "you'll be fine",
  back to the refused topic) without taking the objection on board.
* Version 3 reads the objection over the client's recent turns (an objection, "Mm.", "I mean
  it."), recognises complaints about the therapy itself ("whatever I bring in, it ends up being
  about my dad", "I don't want an interpretation") and polite overriding: an acknowledgement
  ("I appreciate that", "thank you for telling me", "lots of people feel that way at first")
  followed by insisting ("we do need them every week", "it's really important we still do it",
  "I'll put you down for ..."), by treating the objection as resistance ("it's interesting how
  quickly you push that away") or by returning to the refused topic ("your stepfather's face").
  Only a real adjustment counts as taking it on board: a choice, a smaller step, dropping or
  pausing the task, or a question about the objection itself.

All text arrives normalised by :func:`alliancelens.analysers._red_flag_text.normalise`.
"""

from __future__ import annotations

import re
from typing import Final

from alliancelens.analysers import _red_flag_cues as cues
from alliancelens.analysers import _therapist_lexicon as lex
from alliancelens.analysers._phrases import Phrase
from alliancelens.analysers._red_flag_text import sentences

__all__ = ["gives_feedback", "ignores_feedback"]


def _words(text: str) -> frozenset[str]:
    """A word set written as one string."""
    return frozenset(text.split())


_STOP: Final = _words(
    "about that this with what when have just really today want talk there their them they "
    "think know been your yours leave rather okay fine sure really just that's it's can't "
    "don't not the and you what going there week time"
)
_TOKEN_ACK: Final = re.compile(
    r"\b(?:understandable|understood|makes sense|fair enough|fair point|i hear that (?:it|this|"
    r"you)|i hear (?:that|you)|i can see (?:why|that|how)|i know|i get (?:it|that)|sure|of course)"
    r"\b"
)
_CONTRAST: Final = re.compile(
    r"\b(?:however|nonetheless|nevertheless|but|still|even so|all the same|that said)\b"
)


def _objects(client: str) -> bool:
    """The client objects to the task, the plan or the therapist (version-2 reading)."""
    if lex.CLIENT_OBJECTION.found_in(client):
        return True
    return any(
        lex.TASK_WORDS.found_in(s) and lex.NEGATIVE_ABOUT_TASK.found_in(s)
        for s in sentences(client)
    )


def _taken_on_board(reply: str) -> bool:
    """True when the reply acknowledges the objection or adapts the plan (version-2 reading).

    A token acknowledgement followed by "but" or "however" and no question back ("Reluctance is
    understandable; nonetheless, we shall ...") does not count.
    """
    acks = list(lex.TAKES_ON_BOARD.finditer(reply))
    if not acks:
        return False
    if not all(_TOKEN_ACK.fullmatch(a.group()) for a in acks):
        return True
    contrast = _CONTRAST.search(reply, acks[-1].end())
    return contrast is None or "?" in reply[contrast.end() :]


def _version_2(reply: str, client_before: str) -> str | None:
    """The version-2 push-on wording after an objection in the turn being answered."""
    if _taken_on_board(reply) or lex.REFLECTS_BACK.match(reply):
        return None
    v1_push = lex.PRESSES_ON.search(reply)
    if v1_push is not None and lex.CLIENT_FEEDBACK.search(client_before):
        return v1_push.group()
    if not _objects(client_before):
        return None
    push = v1_push or lex.CARRIES_ON.search(reply) or lex.BRUSHES_OFF.search(reply)
    if push is not None:
        return push.group().strip(" .!?") or "carries on"
    return _presses_the_task(reply, client_before) or _back_to_refused_topic(reply, client_before)


def _presses_the_task(reply: str, client_before: str) -> str | None:
    """A task instruction or a flat contradiction of the client's word in the reply.

    For example "Write a page every night." or "It's not dumb, it's how we practise."
    """
    task = next(filter(None, (lex.TASK_START.match(s.strip()) for s in sentences(reply))), None)
    if task is not None:
        return task.group()
    for denied in re.finditer(r"\b(?:it|that|this)(?:'s| is)(?: not|n't) ([a-z]{4,})", reply):
        if denied.group(1) not in _STOP and re.search(rf"\b{denied.group(1)}\b", client_before):
            return denied.group()
    return None


def _back_to_refused_topic(reply: str, client_before: str) -> str | None:
    """The refused topic's word when the client asked not to talk about it and the reply does."""
    refusal = lex.TOPIC_REFUSAL.search(client_before)
    if refusal is None or len(reply.split()) < 4:
        return None
    tail = client_before[refusal.start() :]
    about = re.search(r"\b(?:about|into|over) ((?:[a-z']+ ?){1,3})", tail) or re.search(
        r"\b(?:for|to) ((?:[a-z']+ ?){1,3})", tail
    )
    topic = {w for w in about.group(1).split() if len(w) > 2} - _STOP if about else set()
    return next((w for w in re.findall(r"[a-z']{3,}", reply) if w in topic), None)


def _stem(word: str) -> str:
    """A word without a possessive or plural ending, mapped to its kin group ("dad" -> "father")."""
    word = word.removesuffix("'s").removesuffix("s'")
    word = cues.KIN.get(word, word)
    return word[:-1] if len(word) > 4 and word.endswith("s") else word


def _refused_topics(recent: str) -> set[str]:
    """Stems of what the client asked not to go into, or said the talk keeps coming back to."""
    topics: set[str] = set()
    for sentence in sentences(recent):
        if not (cues.OBJECTION_V3.found_in(sentence) or lex.TOPIC_REFUSAL.found_in(sentence)):
            continue
        for found in cues.TOPIC_AFTER.finditer(sentence):
            topics.update(_stem(w) for w in found.group(1).split() if len(w) > 1 and w not in _STOP)
    return topics - {"the", "my", "your", "me", "him", "her", "it", "them", "this"}


def _returns_to_topic(reply: str, recent: str) -> str | None:
    """The word of a refused topic when the reply goes back to it (version 3: stems and kin)."""
    topics = _refused_topics(recent)
    if not topics or len(reply.split()) < 4:
        return None
    return next((w for w in re.findall(r"[a-z'-]{2,}", reply) if _stem(w) in topics), None)


#: "Can we do something else?" / "Could we skip it?": the client asks to change the task.
_REQUEST: Final = re.compile(
    r"\b(?:can|could|shall) (?:we|i)\b|\bis (?:that|it) (?:ok|okay|alright)"
)
#: Agreeing to the request at once ("Sure.", "Of course."), with no "but" after it.
_AGREES: Final = Phrase(
    r"^(?:sure|of course|absolutely|certainly|no problem|yes|okay,? sure)\b(?![^?]*\b(?:but|"
    r"however|though|first)\b)"
)
#: A reflection or validation that opens the reply ("So it felt like ...", "That sounds hard").
_REFLECTS: Final = Phrase(
    r"^(?:(?:okay|ok|mm|yeah|right)[,.]? )*(?:so,? )?(?:it (?:felt|feels|sounds|seems) like|"
    r"it's like|that sounds|sounds like)"
)


def _version_3(reply: str, recent: str) -> str | None:
    """The overriding wording after an objection anywhere in the client's recent turns.

    The objection must be about the therapy (a task word with a negative word, or
    :data:`~alliancelens.analysers._red_flag_cues.OBJECTION_V3`), not about life ("I'm tired of
    feeling nothing"). Insisting, reframing the objection as resistance, or returning to the
    refused topic count even after a polite acknowledgement; merely carrying on with the task
    counts only when the reply neither acknowledges the objection nor opens with a reflection
    (as in version 2).
    """
    task = any(
        lex.TASK_WORDS.found_in(x) and lex.NEGATIVE_ABOUT_TASK.found_in(x)
        for x in sentences(recent)
    )
    if not (task or cues.OBJECTION_V3.found_in(recent)):
        return None
    if cues.ADJUSTS.search(reply) or (_REQUEST.search(recent) and _AGREES.match(reply)):
        return None
    strong = cues.INSISTS.search(reply) or cues.REFRAMES.search(reply)
    if strong is not None:
        return strong.group().strip(" .!?,") or "insists"
    return _returns_to_topic(reply, recent) or _carries_on(reply, recent)


def _carries_on(reply: str, recent: str) -> str | None:
    """Carrying on with the task, when the reply neither acknowledges nor reflects."""
    if _taken_on_board(reply) or _REFLECTS.match(reply) or lex.REFLECTS_BACK.match(reply):
        return None
    weak = lex.CARRIES_ON.search(reply) or lex.BRUSHES_OFF.search(reply)
    if weak is not None:
        return weak.group().strip(" .!?,") or "carries on"
    return _presses_the_task(reply, recent)


#: The client says the session missed what they came for ("I wanted to talk more about us",
#: "I was hoping we'd get to my sister"): feedback on the session's focus (version 8, qa22 item 3).
_WANTED_OTHER_FOCUS: Final = Phrase(
    r"\bi (?:really )?(?:wanted|would have liked|'d have liked|was hoping|'d hoped|had hoped) "
    r"(?:to (?:talk|focus|get to|spend (?:more )?time)|we'?d (?:talk|get to|focus))\b"
)


def gives_feedback(client: str) -> bool:
    """True when the client's turn objects to the work or says the session missed its focus."""
    return _objects(client) or _WANTED_OTHER_FOCUS.search(client) is not None


def ignores_feedback(reply: str, client_before: str, recent: str) -> str | None:
    """The push-on wording when ``reply`` presses past the client's objection, else None.

    ``client_before`` is the client turn being answered; ``recent`` is the client's recent turns
    joined (back to the last therapist turn that was more than a filler, at most three turns).
    """
    found = _version_2(reply, client_before)
    if found is not None or lex.REFLECTS_BACK.match(reply):
        return found
    return _version_3(reply, recent)
