"""Transparent lexical rules for MITI 4.2.1 behaviour codes that AnnoMI does not label.

Each rule is a list of regular expressions over the lower-cased therapist utterance, written
from the MITI 4.2.1 definitions (Moyers, Manuel & Ernst 2014/2015, as summarised in the
clinical reference §6.1). They favour precision over recall: a rule fires on explicit, typical
wordings and misses paraphrases, irony and meaning carried by tone. They are **estimates** of
human MITI coding, never the instrument (clinical reference §0.2 rule 3).

* **Affirm (AF)** — a positive statement about the client's *specific* strengths, efforts or
  values ("you've worked really hard on this", "that took a lot of courage"). Generic praise
  ("good", "great", "I'm proud of you") is not an affirmation in MITI 4 and does not fire.
* **Seeking collaboration (Seek)** — explicitly shares power or asks for the client's ideas
  about the agenda or plan ("how does that sound to you?", "what would you like to focus on?").
* **Emphasising autonomy (Emphasize)** — puts choice and responsibility with the client
  ("it's your decision", "only you can decide", "you're the expert on your life").
* **Confront** — disagrees, argues, shames, labels or questions honesty ("you're in denial",
  "that's just an excuse", "come on, be honest").
* **Persuade** (without permission) — advice, or a directive ("you should / need to / have
  to"), when the client did not ask and the therapist did not ask permission in their previous
  two turns or in the same utterance, and the same utterance does not emphasise autonomy
  (MITI codes those as *Persuade with Permission*, which is MI-consistent). Directives inside
  a question ("do you feel you have to…?") do not count.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "AFFIRM",
    "CLIENT_REQUEST",
    "CONFRONT",
    "DIRECTIVE",
    "EMPHASISING_AUTONOMY",
    "PERMISSION",
    "SEEKING_COLLABORATION",
    "MitiFlags",
    "miti_flags",
]

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'"})


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


AFFIRM = _any(
    r"\byou(?:'ve| have) (?:really |clearly |already |obviously )?"
    r"(?:worked|tried|done|made|put|shown|come|been working|managed|stuck|kept)"
    r"[\w ,']{0,40}\b(?:hard|lot|effort|progress|far|well|great|huge|big|determination|work)\b",
    r"\b(?:that|it|this) (?:took|takes|must have taken|must take) "
    r"(?:a lot of |real |some |great )?(?:courage|strength|guts|effort|determination|commitment)",
    r"\byou(?:'re| are) (?:(?:really|clearly|obviously|very|so|quite) ){0,2}"
    r"(?:committed|determined|resourceful|persistent|dedicated|resilient|brave|courageous|"
    r"a hard worker|a strong|someone who (?:cares|really cares|works))",
    r"\byou (?:really |clearly |obviously )?(?:care|cared) (?:a lot |deeply |so much )?about\b",
    r"\bi (?:really )?(?:appreciate|admire|respect) (?:your|that you|how you|the way you)\b",
    r"\b(?:that's|that is|what) (?:a |an )?(?:really )?(?:great|good|excellent|smart|wise|"
    r"creative) (?:idea|plan|step|insight|strategy|decision|goal)\b",
    r"\bgood (?:for you|on you)\b.{0,40}\byou\b",
    r"\byour (?:commitment|determination|honesty|courage|effort|efforts|persistence|strength)\b",
)

SEEKING_COLLABORATION = _any(
    r"\bhow (?:does|would) (?:that|this) (?:sound|feel|seem)(?: to you| for you)?\b",
    r"\bwhat (?:would|do) you (?:like|want) to (?:talk about|focus on|start with|work on|"
    r"do next|discuss)\b",
    r"\bwhere would you like to (?:start|begin|go)\b",
    r"\bwhat (?:ideas|thoughts|suggestions) do you have\b",
    r"\bwhat do you think (?:about|of) (?:that|this|these|those|the|doing|trying|making)\b",
    r"\bwhat do you think would (?:work|help|be)\b",
    r"\bwhat would (?:work|be (?:most )?helpful|help) (?:best )?(?:for you)?\b",
    r"\b(?:let's|we could|we can) (?:work|figure|think|come up with)[\w ]{0,20}together\b",
    r"\btogether\b[\w ,]{0,30}\b(?:plan|figure|work out|come up with)\b",
    r"\byou know (?:yourself|your (?:situation|life|body|family)) (?:better|best)\b",
    r"\bis (?:that|this) (?:okay|ok|alright|all right) with you\b",
    r"\bwould you (?:like|want) to (?:talk about|focus on|start|spend|look at)\b",
)

EMPHASISING_AUTONOMY = _any(
    r"\b(?:it's|it is|that's|that is|this is) (?:entirely |totally |completely |really |all )?"
    r"(?:up to you|your (?:choice|decision|call|life))\b",
    r"\b(?:you|only you) (?:get to |can |are the one (?:who|to) |will )?(?:decide|choose)\b",
    r"\bwhatever you (?:decide|choose)\b",
    r"\byou(?:'re| are) (?:the|in) (?:expert|boss|charge|control)\b",
    r"\b(?:no one|nobody|i) can(?:'t|not)? (?:make|force) you\b",
    r"\byou(?:'re| are) (?:free|the one) to (?:decide|choose)\b",
    r"\bit's (?:your|up to your) (?:body|decision|choice)\b",
    r"\byou don't have to (?:do|decide|change) (?:anything|it|that)\b",
)

CONFRONT = _any(
    r"\byou(?:'re| are) (?:just |only |obviously |clearly )?(?:in denial|lying|kidding yourself|"
    r"fooling yourself|making excuses|an alcoholic|an addict|being (?:ridiculous|dishonest|"
    r"irresponsible|childish|selfish))\b",
    r"\b(?:that's|that is) (?:just |only )?(?:not true|ridiculous|nonsense|an excuse|"
    r"a lame excuse|irresponsible|wrong)\b",
    r"\bcome on\b[,.!]? (?:be honest|really|seriously|you|now)\b",
    r"\bi (?:don't|do not) believe (?:you|that)\b",
    r"\byou (?:should|ought to) (?:be ashamed|know better)\b",
    r"\b(?:how|why) (?:can't|couldn't|won't|don't|didn't) you (?:just )?(?:see|understand|"
    r"admit|stop|get it)\b",
    r"\byou (?:have|need|got) to (?:face|admit|accept) (?:it|the fact|that|the truth)\b",
    r"\byou(?:'ve| have) got to be kidding\b",
    r"\bthe (?:real )?problem is (?:you|that you)\b",
)

DIRECTIVE = _any(
    r"\byou (?:really |definitely |seriously |absolutely )?(?:should|must|ought to|"
    r"need to|have to|'ve got to|have got to|gotta)\b(?! (?:be ashamed|know better))",
    r"\b(?:i|we)(?:'d| would)? (?:really |strongly )?(?:recommend|suggest|advise|urge)\b",
    r"\bmy (?:advice|recommendation|suggestion) (?:is|would be)\b",
    r"\bif i were you\b",
)

PERMISSION = _any(
    r"\b(?:would|will|is) it be (?:okay|ok|alright|all right|fine)(?: with you)? if i\b",
    r"\bis it (?:okay|ok|alright|all right|fine)(?: with you)? if i\b",
    r"\b(?:can|could|may|might) i (?:share|tell you|give you|offer|suggest|mention|make|"
    r"add|say|ask)\b",
    r"\b(?:do|would) you mind if i\b",
    r"\bwould you (?:like|want) (?:me to|some|to hear|more information|to know|a few)\b",
    r"\bwould you be (?:interested|open) (?:in|to) (?:hearing|some|knowing|learning)\b",
    r"\bmind if i\b",
)

CLIENT_REQUEST = _any(
    r"\bwhat (?:should|can|could|do|would) i\b",
    r"\bwhat do you (?:think|suggest|recommend|advise)\b",
    r"\b(?:can|could|would) you (?:tell|help|give|suggest|recommend|show|explain)\b",
    r"\b(?:any|some) (?:ideas|suggestions|advice|tips|recommendations)\b",
    r"\bdo you have (?:any )?(?:ideas|suggestions|advice|tips|recommendations)\b",
    r"\bhow (?:do|can|could|would|should) i\b",
    r"\bi (?:want|need|would like|'d like) (?:some |your )?(?:advice|help|information|ideas)\b",
)


@dataclass(frozen=True, slots=True)
class MitiFlags:
    """The rule-based MITI codes of one therapist utterance."""

    affirm: bool
    seeking_collaboration: bool
    emphasising_autonomy: bool
    confront: bool
    persuade: bool

    def as_dict(self) -> dict[str, bool]:
        """The flags keyed by code name."""
        return {
            "affirm": self.affirm,
            "seeking_collaboration": self.seeking_collaboration,
            "emphasising_autonomy": self.emphasising_autonomy,
            "confront": self.confront,
            "persuade": self.persuade,
        }


def _normal(text: str) -> str:
    return " ".join(text.translate(_QUOTES).lower().split())


def miti_flags(
    text: str,
    *,
    advice: bool,
    previous_therapist: Sequence[str] = (),
    previous_client: str = "",
) -> MitiFlags:
    """Rule-based MITI codes of therapist utterance ``text``.

    ``advice`` says whether the model coded the utterance as therapist input of subtype advice;
    ``previous_therapist`` holds the therapist's previous turns (most recent last; the last two
    are checked for a permission request) and ``previous_client`` the client's last turn (checked
    for a request for advice or information).
    """
    said = _normal(text)
    autonomy = bool(EMPHASISING_AUTONOMY.search(said))
    asked = any(PERMISSION.search(_normal(t)) for t in (*previous_therapist[-2:], said))
    requested = bool(CLIENT_REQUEST.search(_normal(previous_client)))
    statements = " ".join(part for part in re.split(r"[^?.!]*\?", said) if part.strip())
    pushes = advice or bool(DIRECTIVE.search(statements))
    return MitiFlags(
        affirm=bool(AFFIRM.search(said)),
        seeking_collaboration=bool(SEEKING_COLLABORATION.search(said)),
        emphasising_autonomy=autonomy,
        confront=bool(CONFRONT.search(said)),
        persuade=pushes and not (asked or requested or autonomy),
    )
