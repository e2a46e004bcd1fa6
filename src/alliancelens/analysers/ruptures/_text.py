"""Text features of one utterance and the kind of prompt a therapist turn is.

Context decides whether a short answer is a marker (clinical-reference §5.2, counter-evidence
rules [S: 3RS-2022-code]): "About six." after "How many hours did you sleep?" answers a factual
question, while "Fine." after "What was that like for you?" shuts an invitation down. So every
client utterance is read together with the therapist turn before it, classified here.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import StrEnum

from alliancelens.analysers._phrases import Phrase

__all__ = ["Prompt", "TextFeatures", "classify_prompt", "features", "normalise", "word_count"]

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
#: Contractions typed or transcribed without the apostrophe (ASR output, quick typing): "im",
#: "dont", "thats". Only forms that are not ordinary words themselves ("ill", "were", "well",
#: "lets" and "id" stay as they are); "its" is read as "it's" only in text with no apostrophe
#: at all, where the writer plainly dropped them.
_BARE_CONTRACTIONS = {
    **{
        w: w[:-1] + "'" + w[-1]
        for w in (
            "dont",
            "didnt",
            "doesnt",
            "isnt",
            "wasnt",
            "arent",
            "werent",
            "havent",
            "hasnt",
            "hadnt",
            "wouldnt",
            "couldnt",
            "shouldnt",
            "aint",
            "cant",
            "wont",
        )
    },
    **{w: w[:-1] + "'s" for w in ("thats", "theres", "whats", "hows", "heres", "wheres")},
    "im": "i'm",
    "ive": "i've",
    "youre": "you're",
    "youve": "you've",
    "youll": "you'll",
    "youd": "you'd",
    "theyre": "they're",
    "theyve": "they've",
    "weve": "we've",
}
_BARE_RE = re.compile(r"\b(" + "|".join(sorted(_BARE_CONTRACTIONS)) + r")\b")
#: A dropped final g written with an apostrophe: "nothin'", "talkin'" (dialect spelling).
_DROPPED_G = re.compile(r"\b([a-z]{2,})in'(?![a-z])")
_ITS = re.compile(r"\bits\b")
#: Transcriber notes: "(laughs)", "(long pause)", "[sighs]".
_NOTE = re.compile(r"\(([^()]{1,60})\)|\[([^\[\]]{1,60})\]")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_LAUGH = re.compile(r"\b(laugh|laughs|laughing|chuckles?|giggles?)\b")
_TEARS = re.compile(r"\b(cry|crying|cries|tearful|tears|sobs?|sobbing|wiping eyes|voice breaks)\b")
_PAUSE = re.compile(r"\b(pause|silence|sighs?)\b")

#: Words that carry no content of their own in a reply: hedges, fillers, bare assent or
#: dismissal, and function words. A reply made only of these is "vague" (W2 minimal response).
_EMPTY_TEXT = (
    "i i'm im me my it it's its is was be been am are were that that's this the a an and but "
    "or so to of in on at for with about as just really honestly well yeah yes yep yup no nope "
    "not n't okay ok alright fine sure right maybe perhaps guess suppose dunno know don't "
    "didn't do did does doesn't whatever mm mmm hmm um uh er oh sorry probably think thought "
    "kind sort bit lot loads much some thing things stuff all much good bad same too very "
    "quite pretty actually anyway though still like you your you're we us our there they he "
    "she them what nothing happened usual normal old remember can't idea care mind matter went "
    "go going have had has got get done said say ever either "
    # dialect assent, fillers and terms of address ("nah, it's whatever, miss"; "s'pose")
    "nah naw eh aye innit s spose s'pose pose reckon could might mate bro miss sir doc bab ya"
)
_EMPTY_WORDS = frozenset(_EMPTY_TEXT.split())
_NUMERIC = re.compile(
    r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|hundred|once|twice|half|quarter|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|weekend|weekday|weekdays|tonight|yesterday|tomorrow|morning|mornings|"
    r"afternoon|evening|evenings|daily|weekly|hours?|minutes?|days?|weeks?|months?|years?)\b"
)
_FIRST_PERSON = re.compile(r"\b(i|i'm|i've|i'd|i'll|me|my|myself)\b")


class Prompt(StrEnum):
    """What the therapist turn before a client reply asks of the client."""

    OPEN = "open"  # invites elaboration: what/how/tell me
    FEELING = "feeling"  # asks about the client's feelings or experience
    REFLECTION = "reflection"  # a statement about the client (invites confirmation and more)
    FACTUAL = "factual"  # how many/when/where: a short answer is complete
    CLOSED = "closed"  # yes/no question
    PROPOSAL = "proposal"  # shall we / how does that sound: assent is a full answer
    PERMISSION = "permission"  # can I ...: assent is a full answer
    DIRECTIVE = "directive"  # advice or instruction without a question
    RISK_SCREEN = "risk_screen"  # safety screening: a denial there is an answer, never a marker
    STATEMENT = "statement"  # anything else
    CONTINUING = "continuing"  # cut off mid-turn: the client's reply is a back-channel
    NONE = "none"  # no therapist turn before


@dataclass(frozen=True, slots=True)
class TextFeatures:
    """Features of one utterance's text (lower-cased, transcriber notes split off)."""

    text: str
    notes: str
    words: int
    substantive: int
    first_person: int
    numeric: bool
    laugh: bool
    tears: bool
    pause: bool


@functools.lru_cache(maxsize=4096)
def normalise(raw: str) -> str:
    """Lower-cased text with typographic quotes straightened and dropped apostrophes restored.

    Memoised: the rules read each utterance several times. The detector empties the memo at the
    start of every session (``_strategies.forget_texts``).
    """
    lowered = raw.translate(_QUOTES).lower()
    if "in'" in lowered:
        lowered = _DROPPED_G.sub(r"\1ing", lowered)
    if "'" not in lowered:
        lowered = _ITS.sub("it's", lowered)
    return _BARE_RE.sub(_restore, lowered)


def _restore(match: re.Match[str]) -> str:
    return _BARE_CONTRACTIONS[match.group(1)]


def word_count(raw: str) -> int:
    """Words in ``raw`` with transcriber notes left out (cheaper than :func:`features`)."""
    return len(_WORD.findall(_NOTE.sub(" ", raw.lower())))


def features(raw: str) -> TextFeatures:
    """Features of ``raw`` (one utterance's text)."""
    lowered = normalise(raw)
    if "(" in lowered or "[" in lowered:
        notes = " ".join(a or b for a, b in _NOTE.findall(lowered))
        text = " ".join(_NOTE.sub(" ", lowered).split())
    else:  # no bracket, so no transcriber note
        notes, text = "", " ".join(lowered.split())
    tokens = _WORD.findall(text)
    return TextFeatures(
        text=text,
        notes=notes,
        words=len(tokens),
        substantive=sum(1 for t in tokens if t not in _EMPTY_WORDS),
        first_person=len(_FIRST_PERSON.findall(text)),
        numeric=_NUMERIC.search(text) is not None,
        laugh=_LAUGH.search(notes) is not None,
        tears=_TEARS.search(notes) is not None,
        pause=_PAUSE.search(notes) is not None,
    )


# --- therapist prompt patterns (data) -------------------------------------------------------
_RISK = Phrase(
    r"\b(suicid\w*|kill(ing)? yourself|end(ing)? your life|harm(ing)? yourself|hurt(ing)? "
    r"yourself|not wanting to be here|thoughts (about|of) (death|dying))\b"
)
_PERMISSION = Phrase(
    r"^(so |and |okay,? )?(can|could|may) i\b|\b(is it|would it be) (okay|ok|all right|alright) "
    r"(if|to)\b|\bwould you mind if\b|\bdo you mind if\b"
)
_PROPOSAL = Phrase(
    r"\b(shall we|should we|could we|can we|let's|would you (like|want|be up for)|do you want "
    r"to|how does (that|this) sound|does (that|this) (sound|work)|is that (okay|ok|all right)|"
    r"would (that|it) (help|be useful|work)|same time next week|what if we|why don't we)\b"
)
_FACTUAL = Phrase(
    r"^(and |so |okay,? |roughly,? )?(how (many|much|long|often|old|far)|what time|when|where|"
    r"which|who|what day|on a scale|out of ten|roughly how)\b|\bany (naps|caffeine|alcohol)\b|"
    r"\b(from|between) (zero|nought|naught|0|one|1) (to|and) (ten|10|a hundred|100)\b|\bhow "
    r"(would|do) you rate\b"
)
_OPEN = Phrase(
    r"^(and |so |okay,? |then |but )?(what|how|why|in what way|tell me|say more|talk me "
    r"through|describe|help me understand|walk me through)\b|\btell me (about|more)\b|"
    r"\bwhat('s| is| was) (it|that) like\b|\bi('m| am)? wonder(ing)? (what|how|if)\b|\bsay (a "
    r"bit |a little |some )?more\b|\bi('m| am) curious (about|what|how)\b|^(and |so |okay,? |then "
    r"|but )?(can|could|would) you (tell|walk|talk|describe|say|help me understand|give me a "
    r"sense)\b|\bi'?d (really |just )?(like|love) to (hear|know|understand)\b"
)
#: In unpunctuated (transcribed) turns a question starts mid-text: "come in how was your week".
_UNMARKED_QUESTION = re.compile(
    r"\b((what|how|why|where|when|who|which) (do|did|does|is|was|are|were|would|could|has|have|"
    r"happened|made|came|comes|brings|brought|got|'s|about|long|many|much|often|come)|(do|did|"
    r"does|is|are|was|were|has|have|can|could|would|will|any) (you|it|that|this|there|anything|"
    r"anyone|anybody|he|she|they|things|your)) "
)
_FEELING = Phrase(
    r"\b(feel|feels|feeling|felt|like for you|(is|was) (it |this |that )?for you|(going|went|"
    r"goes) through your (mind|head)|on your mind|"
    r"what do you make of|what happened (in|for) you|experience)\b"
)
_CLOSED = Phrase(
    r"^(and |so |okay,? |then |but )?(do|does|did|is|are|was|were|have|has|had|can|could|"
    r"would|will|shall|should|any|anything|anyone|still)\b"
)
_DIRECTIVE = Phrase(
    r"\b(you (really |also |just |definitely |honestly )?(should|need to|have to|must|ought to|"
    r"could try)|what you (should|need to) do|"
    r"i'd (say|tell you)|that's what i'd do|i (really )?(think|suggest) you (should|need|try)|"
    r"make sure you|don't (forget|lose)|you've got to|try to|cut (that|it) out|just push|"
    r"let's just (stick|keep|do|carry on)|i('d)? (want|like) you to (try|do|fill|write|keep|"
    r"start|stop|cut|go|get|bring|use|take|make)|here's what (i want you to|you do|to do))\b|"
    # an instruction opening a sentence ("Here's a diary - fill it in every morning.")
    r"(^|[.!?:;] |\u2014 )(fill (it|this|that|them) in|write (it|this|that|them) down|keep (a|"
    r"the|it|this|that)|practi[sc]e|bring|cut|switch|avoid|stop \w+ing|start (\w+ing|with|"
    r"tonight|tomorrow)|get up|go to bed|put (your|the|it)|no (screens|naps|caffeine|alcohol|"
    r"phones?))\b"
)
_SECOND_PERSON = Phrase(r"\b(you|your|you're|you've|yourself)\b")
_SENTENCE = re.compile(r"[^.?!]+[.?!]*")


def classify_prompt(raw: str | None) -> Prompt:
    """Classify a therapist turn by what it asks of the client (its last question counts)."""
    if raw is None:
        return Prompt.NONE
    text = " ".join(_NOTE.sub(" ", normalise(raw)).split())
    if _RISK.search(text):
        return Prompt.RISK_SCREEN
    if text.endswith(("-", "\u2014", "\u2013", "...", "\u2026")):
        return Prompt.CONTINUING
    if not any(mark in text for mark in ".?!"):
        unmarked = _UNMARKED_QUESTION.search(text)
        if unmarked:  # a transcribed turn without punctuation: read the question it holds
            return _classify_question(text[unmarked.start() :] + "?", text)
    sentences = [s.strip() for s in _SENTENCE.findall(text) if s.strip()]
    last = sentences[-1] if sentences else ""
    if last and not last.endswith("?") and _OPEN.search(last):
        # "... I'm wondering how it feels to be here." ends on an invitation.
        return Prompt.FEELING if _FEELING.search(last) else Prompt.OPEN
    questions = [s for s in sentences if s.endswith("?")]
    return _classify_question(questions[-1], text) if questions else _classify_statement(text)


def _classify_statement(text: str) -> Prompt:
    if _DIRECTIVE.search(text):
        return Prompt.DIRECTIVE
    return Prompt.REFLECTION if _SECOND_PERSON.search(text) else Prompt.STATEMENT


#: Question forms in order of precedence; a declarative question is a reflection-like check.
_QUESTION_RULES: tuple[tuple[Phrase, Prompt], ...] = (
    (_PERMISSION, Prompt.PERMISSION),
    (_PROPOSAL, Prompt.PROPOSAL),
    (_FACTUAL, Prompt.FACTUAL),
    (_OPEN, Prompt.OPEN),
    (_FEELING, Prompt.FEELING),  # "And for you, hearing that?"
    (_CLOSED, Prompt.CLOSED),
)


def _classify_question(question: str, text: str) -> Prompt:
    kind = next((k for p, k in _QUESTION_RULES if p.search(question)), Prompt.REFLECTION)
    if kind is Prompt.OPEN and _FEELING.search(question):
        return Prompt.FEELING
    if kind in {Prompt.PROPOSAL, Prompt.CLOSED} and _DIRECTIVE.search(text):
        return Prompt.DIRECTIVE  # "You should sign up. Will you do that?"
    return kind
