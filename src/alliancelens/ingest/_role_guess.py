"""Guess which speaker is the therapist when no label, option or field says so.

Used by :func:`alliancelens.ingest.roles.resolve_roles` for transcripts such as Zoom or ASR
exports (``SPEAKER_00``/``SPEAKER_01``). Every speaker gets a *therapist score*: the share of
their turns that ask or reflect, plus how much more they say "you" than "I":

- a turn *asks* when it has a ``?``, or (for text without punctuation, as ASR gives it) when it
  opens with a question form: ``what``, ``how``, ``do you``, ``have you``, ``can you``, ``tell
  me`` … (after fillers such as ``so``, ``okay``, ``and``);
- a turn *reflects* when it contains a reflection stem: ``it sounds like``, ``so you``, ``you
  feel``, ``what I'm hearing`` …;
- pronoun balance: (you-words − I-words) / (you-words + I-words) over all the speaker's words,
  in −1 … 1 (therapists talk about the client, clients about themselves).

The speaker with the highest score is taken as therapist. The guess is *weak* when the two best
scores are closer than :data:`WEAK_MARGIN`, or when the speaker has fewer than
:data:`MIN_TURNS` turns. Who spoke first decides only a *tie* (scores practically equal,
:data:`TIE_MARGIN`: no evidence either way, as in a two-line file), and the warning then says
so; it never outweighs evidence, so one client greeting no longer decides every role.
Accuracy measured with ``benchmarks/role_guess.py`` is in ``docs/formats.md`` (Speaker roles).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from alliancelens.ingest.base import RawTurn

__all__ = [
    "MIN_TURNS",
    "TIE_MARGIN",
    "WEAK_MARGIN",
    "RoleGuess",
    "guess_therapist",
    "says_self_risk",
]

#: Score gap between the best and second-best speaker below which the guess is called weak.
#: Chosen on the development corpora of benchmarks/role_guess.py (docs/formats.md).
WEAK_MARGIN = 0.25
#: Score gap below which the speakers are tied (the first of them to speak is taken, weakly).
TIE_MARGIN = 0.02
#: Fewer turns than this for the chosen speaker: too little talk to tell, the guess is weak.
MIN_TURNS = 4
#: Weight of the pronoun balance against the share of asking/reflecting turns.
PRONOUN_WEIGHT = 0.5

_FILLERS = frozenset(
    [
        "so",
        "and",
        "okay",
        "ok",
        "well",
        "um",
        "uhm",
        "uh",
        "er",
        "erm",
        "right",
        "alright",
        "yeah",
        "yes",
        "mm",
        "mhm",
        "hmm",
        "now",
        "oh",
        "but",
        "then",
        "great",
        "good",
        "sure",
    ]
)
_OPENERS = frozenset(
    ["what", "whats", "how", "hows", "why", "when", "where", "who", "whos", "which", "whether"]
)
_OPENER_PAIRS = frozenset(
    (
        "do you",
        "did you",
        "does it",
        "does that",
        "have you",
        "has it",
        "has that",
        "are you",
        "were you",
        "is it",
        "is that",
        "is there",
        "can you",
        "could you",
        "would you",
        "will you",
        "should we",
        "shall we",
        "tell me",
        "may i",
        "can i",
        "could i",
        "i wonder",
        "im wondering",
        "im curious",
        "any thoughts",
    )
)
_REFLECTIONS = re.compile(
    r"\b(?:it sounds like|sounds like|so you|you feel|youre feeling|you felt|it seems like|"
    r"it seems|what im hearing|i hear you|youre saying|you said|you mentioned|youve been|"
    r"for you|on the one hand|part of you)\b"
)
#: Therapist stems in the first person that ask, invite or reflect (QA42 item 2): they count as
#: asking, and their "I" is not counted against the speaker in the pronoun balance.
_I_STEMS = re.compile(
    r"\b(?:i wonder|im wondering|im curious|i want to ask|id like to (?:ask|know|hear|understand)|"
    r"id like us to|i would like (?:to ask|to know|us to)|ive noticed you|i noticed you|"
    r"i notice you|im noticing|im hearing|im (?:really |so )?glad you)\b"
)
#: Things a client says of themselves: a wish to die, to not wake up, to harm themselves. A
#: speaker taken as therapist who says one (in a sentence without "you") makes the guess weak.
_SELF_RISK = re.compile(
    r"\b(?:(?:kill|killing|hurt|hurting|harm|harming|cut|cutting) myself|"
    r"(?:end|ending|take|taking) my (?:own )?life|i (?:just )?(?:want|wanted) to die|"
    r"i (?:\w+ ){0,2}wish i (?:was|were|could be) dead|better off dead|better off without me|"
    r"i (?:\w+ ){0,6}(?:not|never|didnt|wouldnt|dont) wake up|no reason to (?:live|go on)|"
    r"i (?:\w+ ){0,3}suicid\w*|i (?:\w+ ){0,2}self ?harm(?:ed|ing)?)\b"
)
_SENTENCE = re.compile(r"[^.!?\n]+")
_YOU = frozenset(["you", "your", "youre", "yours", "yourself", "youve", "youd", "youll"])
_I = frozenset(["i", "im", "me", "my", "mine", "myself", "ive", "id", "ill"])
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True, slots=True)
class RoleGuess:
    """The speaker taken as therapist, how sure, and every speaker's score."""

    therapist: str
    weak: bool
    margin: float
    scores: dict[str, float]
    #: the best scores were tied, so the first of those speakers to speak was taken
    tied: bool = False
    #: the chosen speaker says, of themselves, things clients say (a wish to die, self-harm):
    #: the guess is then weak whatever the scores (QA42 item 2)
    self_risk: bool = False


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold().replace("'", "").replace("\u2019", ""))


def asks_or_reflects(text: str) -> bool:
    """Whether a turn asks a question or reflects, with or without punctuation."""
    if "?" in text:
        return True
    words = _words(text)
    joined = " ".join(words)
    if _REFLECTIONS.search(joined) or _I_STEMS.search(joined):
        return True
    while words and words[0] in _FILLERS:
        words = words[1:]
    return bool(words) and (words[0] in _OPENERS or " ".join(words[:2]) in _OPENER_PAIRS)


def _score(texts: Sequence[str]) -> float:
    asking = sum(asks_or_reflects(t) for t in texts) / len(texts)
    words = [w for t in texts for w in _words(t)]
    you = sum(w in _YOU for w in words)
    # the "I" of a therapist stem ("I wonder", "I'd like us to") is not talk about oneself
    me = sum(w in _I for w in words) - sum(
        len(_I_STEMS.findall(" ".join(_words(t)))) for t in texts
    )
    balance = (you - me) / (you + me) if you + me else 0.0
    return asking + PRONOUN_WEIGHT * balance


def says_self_risk(texts: Sequence[str]) -> bool:
    """Whether any sentence without "you" in ``texts`` voices a first-person wish to die or harm."""
    for text in texts:
        for sentence in _SENTENCE.findall(text):
            words = _words(sentence)
            if not any(w in _YOU for w in words) and _SELF_RISK.search(" ".join(words)):
                return True
    return False


def guess_therapist(turns: Sequence[RawTurn], candidates: Sequence[str]) -> RoleGuess:
    """Score ``candidates`` (speaker labels in ``turns``) and pick the likeliest therapist."""
    texts: dict[str, list[str]] = {label: [] for label in candidates}
    for turn in turns:
        if turn.speaker in texts:
            texts[turn.speaker].append(turn.text)
    scores = {label: round(_score(said), 4) for label, said in texts.items()}
    ranked = sorted(scores, key=lambda label: -scores[label])  # stable: first speaker first
    if len(ranked) == 1:  # the only speaker without a role: nothing to compare
        risk = says_self_risk(texts[ranked[0]])
        return RoleGuess(ranked[0], risk, 0.0, scores, self_risk=risk)
    margin = round(scores[ranked[0]] - scores[ranked[1]], 4)
    if margin < TIE_MARGIN:
        best = scores[ranked[0]]
        first = next(label for label in candidates if best - scores[label] < TIE_MARGIN)
        risk = says_self_risk(texts[first])
        return RoleGuess(first, True, margin, scores, tied=True, self_risk=risk)
    risk = says_self_risk(texts[ranked[0]])
    weak = margin < WEAK_MARGIN or len(texts[ranked[0]]) < MIN_TURNS or risk
    return RoleGuess(ranked[0], weak, margin, scores, self_risk=risk)
