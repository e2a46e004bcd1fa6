"""Version 20 strategy phrasings and the advice guard (QA qa28 items 7 and 8), in our own wording.

* **R1 clarify** — clearing a matter up or explaining what a policy, fee or rule is ("let me
  clear that up", "the practice's policy is…"): the R1 row of clinical-reference §5.4 [U:
  3RS-2015] names explaining "what a task or policy is".
* **R4 invitation** — "what is it like for you, sitting here with me?" (the comma after "for
  you" defeated the older pattern).
* **R2 change task** — proposing what to start with next time ("shall we start with the move
  next week?"): the client's topic becomes the task.
* **R5 own contribution** — "I could have kept a closer eye on the clock", "I could have asked
  first": the therapist names what they could have done differently.
* **Advice is not a repair.** A turn that tells the client what to do ("you should also try to
  get back to…", "you really need to…") is unsolicited advice (MITI *Persuade*), not a tactful
  redirection: it never counts as R10 redirect/refocus, even when it says "get back to".
"""

from __future__ import annotations

from typing import Final

from alliancelens.analysers._phrases import Phrase
from alliancelens.analysers.ruptures._text import normalise

__all__ = ["ADVICE", "EXTRA", "HEARD", "NAMING", "is_advice"]

EXTRA: Final[dict[str, Phrase]] = {
    "clarify_misunderstanding": Phrase(
        r"\b(let me|can i|could i|i want to|i'd like to) (clear|sort|straighten) (that|this|it|one "
        r"thing|something|the \w+) (up|out)\b|\b(let me|can i|could i) explain (the|our|how the|"
        r"what the) (policy|fee|fees|rate|rule|rules|charge|cancellation|invoice)\b|\bthe "
        r"(clinic|practice|service|centre|center)('s)? (policy|rule) (is|was)\b"
    ),
    "change_tasks_or_goals": Phrase(
        r"\b(shall|should|could|can) we (start|begin|open) with (the|your|that|this) [\w' ]{1,30}"
        r"(next (week|time|session)|first)\b|\b(next (week|time|session)),? (shall|should|could|"
        r"can) we (start|begin) with\b"
    ),
    "invite_discussion_of_thoughts_feelings": Phrase(
        r"\bwhat('s| is| was) it like for you,? (sitting|being|talking) (here|with me|in here)\b|"
        r"\bwhat it's like for you,? (sitting|being|talking) (here|with me|in here)\b"
    ),
    "acknowledge_own_contribution": Phrase(
        r"\bi (think i |probably )?could have (kept|been|done|given|asked|checked|made|left|"
        r"paid|managed|explained|told)\b"
    ),
}

#: Version 22 (QA qa30 #3), in our own wording: naming the client's pattern in the here and now
#: ("every time we get near your mum we end up somewhere else", "there we go again", "I notice
#: whatever I suggest you agree straight away") is the core exploratory metacommunication of
#: clinical-reference §5.4/§5.6 stage 1 (R4), not R10 redirecting; a named topic shift reuses
#: the W4 pattern of ``_shift_named`` (version 21). Naming a link to a familiar pattern
#: elsewhere ("is that familiar from somewhere else?") is R7/R8.
NAMING: Final[dict[str, Phrase]] = {
    "invite_discussion_of_thoughts_feelings": Phrase(
        r"\b((each|every) time|whenever) (i|we) (mention|bring up|ask about|talk about|get "
        r"(close|near) to|come to|touch on)\b[^.?!]{0,40}\b(we|you) (end up|go|move|drift|jump|"
        r"switch|change|get)"
        r"\b|\bthere (it|we|you) go(es)? again\b|\bi('m| am) curious (about )?what happens "
        r"(inside|in you|for you|in your body)\b|\bi (notice|noticed|'m noticing|am noticing) "
        r"(that )?(whatever|each time|every time|whenever) i (say|suggest|ask|offer)\b|\bi "
        r"(notice|noticed|'m noticing|am noticing) (that )?you('re| are) (taking care of|looking "
        r"after|agreeing with|protecting) me\b"
    ),
    "link_to_larger_patterns": Phrase(
        r"\b(is|that's|it's|feels|feel|seem|seems) (that |this |it )?familiar (from|to you)\b|"
        r"\bfamiliar from (somewhere|elsewhere|other|your)\b"
    ),
}

#: Version 23 (QA qa35 #1 and #9), in our own wording: noticing the client's silence as it
#: happens ("I noticed you went quiet there") and asking whether the therapist's move missed
#: ("did that miss the mark?"), or asking what would make the sessions useful to the client,
#: invites talk about the work and the relationship (R4); naming the client's worry about the
#: therapy ("you're worried I'll be one more adult telling you what to do") and appreciating
#: that it was said validate the defensive posture (R9). Clinical-reference §5.4 [U: 3RS-2015].
HEARD: Final[dict[str, Phrase]] = {
    "invite_discussion_of_thoughts_feelings": Phrase(
        r"\bi (noticed|notice|'m noticing|am noticing|can see|saw) (that )?you (went|got|go|'ve "
        r"gone|have gone|'ve got|have got|seemed|seem|'ve been|have been) (a bit |quite |very |"
        r"really |suddenly |a little )?(quiet|quieter|silent|still|flat|distant)\b|\b(miss|"
        r"missed|missing) the mark\b|\bwhat would make (this|these sessions|them|our sessions|"
        r"coming here|our time|the sessions|therapy)( feel)? (more )?(useful|helpful|worthwhile|"
        r"worth it|worth coming|better) for you\b"
    ),
    "validate_defensive_posture": Phrase(
        r"\byou('re| are) (worried|afraid|scared|concerned|expecting|bracing yourself) (that )?"
        r"(this|i|i'll|i'm|i will|i am|we|we'll|coming here|therapy|these sessions|it)('ll| "
        r"will| is| would| might| could)?\b|\bi (really )?appreciate you (saying|telling|being "
        r"(honest|straight)|raising|letting me know)\b"
    ),
}

#: Unsolicited advice: the therapist tells the client what to do (version 20 guard on R10).
ADVICE: Final = Phrase(
    r"\byou (really |also |just )?(should|need to|ought to|must|have got to|have to)\b|\byou "
    r"could (also )?(try|start|do|go|get|make)\b|\b(i'd|i would) (suggest|recommend|advise)\b|"
    r"\bwhat i'd suggest\b|\bmake sure you\b"
)


def is_advice(text: str) -> bool:
    """True when a therapist turn tells the client what to do (never R10; version 20)."""
    return ADVICE.search(normalise(text)) is not None
