"""What is never a therapist red flag (``red_flags.therapist`` version 7, QA20 item 4).

Four readings the cue tables got wrong, each a whole class of turn rather than one sentence:

* A risk-screening or plan/intent question ("Have you thought about acting on those thoughts?",
  "Have you made any plans?") is never a suggestion put as a question: asking about ideation,
  method, plan, intent, means and safety is what the C-SSRS screener requires (clinical-reference
  §10.1, [Posner2011]). The topics are the risk analyser's own screening topics
  (:data:`alliancelens.analysers._risk_context.SCREENING_TOPICS`) plus plan/intent wording.
* A therapist turn that owns a mistake ("I think I rushed you with the diary, I'm sorry") is
  congruence (3RS *acknowledging one's contribution*, §5.4 [3RS-2015]), never advice or
  persuasion, whatever else the turn contains.
* An objection is a client turn that disagrees with or refuses the therapist or the work (3RS
  confrontation markers, §5.3). Thanks and praise ("you were the only one who never made me feel
  silly", "you listened when I said it was too much") are not, even when they mention an old
  complaint; a "thanks, but ..." or a present refusal still is.
* "What did you expect?" is a rhetorical verdict only as a retort to the client's own act; when
  the client has just spoken of their own expectation it is a question inviting their view
  (MITI 4.2.1 *Confront* needs wording that attacks, §6.1 [Moyers-MITI4.2.1]).

All patterns are our own wording and run on normalised text (lower case, straight apostrophes).
"""

from __future__ import annotations

import re
from typing import Final

from alliancelens.analysers._phrases import Phrase
from alliancelens.analysers._risk_context import (
    REASONS_PROMPT,
    STANDALONE_SAFETY,
    STOCKPILE_QUESTION,
    asks_screening_topic,
)

__all__ = [
    "RHETORICAL_EXPECTATION",
    "is_risk_question",
    "metacommunicates",
    "objection_text",
    "owns_a_mistake",
    "speaks_of_own_expectation",
    "without_risk_questions",
]

_SENTENCE: Final = re.compile(r"[^.!?;]+[.!?;]*")

# --- risk screening --------------------------------------------------------------------------
#: Plan and intent wording of the C-SSRS follow-up questions Q3-Q5 (§10.1, [Posner2011]) that the
#: risk analyser reads only inside a disclosure thread: "acting on them", "made any plans",
#: "intend to", "how you would do it". "Plans for the weekend" is not one.
_PLAN_INTENT: Final = Phrase(
    r"\b(?:act(?:ed|ing)? on (?:them|it|those|these|that|this|any|the (?:thoughts?|urges?|"
    r"feelings?|impulses?|voices?))|(?:made|make|making|have|had|got) (?:any |a |some )?(?:plans?|"
    r"preparations?)(?= *(?:[?,]|$|or\b|to (?:end|kill|take|hurt|harm|act|do it)|about (?:how|"
    r"when|where)))|intend(?:ed|ing)? to\b|(?:any |an )?intention (?:of|to)|(?:how|when|where) "
    r"you (?:would|might|'d|could|were going to) do it)"
)
#: A sentence opening that makes unpunctuated speech-to-text a question.
_QUESTION_OPENING: Final = Phrase(
    r"^(?:(?:and|so|okay|ok|right|now|um|erm|and so),? )*(?:have|has|had|did|do|does|are|were|is|"
    r"was|would|could|can|will|what|how|when|where|any|anything)\b"
)


def is_risk_question(sentence: str) -> bool:
    """True when ``sentence`` is a question about ideation, plan, intent, means or safety."""
    stripped = sentence.strip()
    if not (stripped.endswith("?") or _QUESTION_OPENING.match(stripped)):
        return False
    patterns = (_PLAN_INTENT, STANDALONE_SAFETY, STOCKPILE_QUESTION, REASONS_PROMPT)
    return any(p.found_in(stripped) for p in patterns) or asks_screening_topic(stripped)


def without_risk_questions(text: str) -> str:
    """``text`` without its risk-screening questions (they are never advice)."""
    sentences = _SENTENCE.findall(text)
    kept = [s for s in sentences if not is_risk_question(s)]
    return text if len(kept) == len(sentences) else " ".join(s.strip() for s in kept)


# --- owning a mistake ------------------------------------------------------------------------
#: The therapist owns their own act as a mistake (3RS R5, §5.4). An apology alone is not enough:
#: "I'm sorry, but you need to ..." softens advice rather than owning anything.
_OWNS: Final = Phrase(
    r"\bi (?:think |guess |suppose |know |realise |realize |can see )?(?:that )?(?:i )?(?:pushed|"
    r"rushed|pressed|hurried|(?:have|'ve) been (?:pushing|rushing|pressing|going (?:too|a bit too)|"
    r"talking (?:a lot|too much)|focus(?:s)?ing (?:too much|a lot) on)|"
    r"went (?:too|a bit too|way too)|moved (?:too|on too)|got (?:that|it|"
    r"this) wrong|got ahead of|jumped (?:in|ahead|to)|was (?:wrong|too (?:quick|fast|pushy|keen)|"
    r"pushing|rushing|pressing|unfair|out of line|not listening)|shouldn't have|should(?:n't)? "
    r"have (?:asked|checked|listened|waited|noticed|slowed|gone slower)|didn't (?:listen|ask|check|"
    r"notice|hear you|realise|realize)|missed (?:that|it|what you)|misread|misunderstood|"
    r"overstepped|made (?:a|that|this) mistake)|\bmy (?:mistake|fault|bad)\b|\bthat (?:was|wasn't) "
    r"(?:unfair of me|fair of me|my mistake)|\bi (?:apologi[sz]e|owe you an apology)\b"
)


def owns_a_mistake(text: str) -> bool:
    """True when a therapist turn owns a mistake of the therapist's (never advice, version 7)."""
    return _OWNS.found_in(text)


#: The therapist opens the here-and-now of the relationship (3RS R4 *invite discussion of thoughts
#: and feelings* about the rupture, metacommunication, §5.4 [3RS-2015]): "I notice I ...", "I
#: wonder if I missed something", "how is this feeling for you right now?", "what's happening
#: between us". Such a turn answers an objection; it never presses on past it (QA21 item 2).
_METACOMMUNICATES: Final = Phrase(
    r"\bi (?:notice|noticed|sense|can see|am aware|'m aware|realise|realize) (?:that )?(?:i|i've|"
    r"i'm|we|we've|we're|my)\b|\bi wonder (?:if|whether) i\b|\bhow (?:is|was|does|did) (?:this|"
    r"that|it|all this) (?:feel|feeling|land|landing|sit|sitting|going) (?:for|with) you (?:right "
    r"now|just now|in here|at the moment|when i)|\b(?:what's|what is|something(?:'s| is)?) "
    r"(?:happening|going on) between us\b|\bhow (?:are|were) you (?:feeling|finding) (?:this|our|"
    r"the way) (?:conversation|session|we're|i'm)"
)


def metacommunicates(text: str) -> bool:
    """True when a therapist turn opens the relationship itself for discussion (version 7)."""
    return _METACOMMUNICATES.search(text) is not None


# --- thanks and praise are not objections ----------------------------------------------------
_THANKS_OR_PRAISE: Final = re.compile(
    r"\b(?:thank(?:s| you)|cheers|grateful|(?:means|meant) (?:a lot|so much|the world)|you(?:'ve| "
    r"have)? (?:really |always |actually )?(?:listened|helped|heard me|got me|understood|noticed|"
    r"believed me|stuck with|made (?:a|such a|all the) difference|never (?:judged|made me|pushed|"
    r"gave up|rushed)|didn't (?:judge|make me|push|rush|give up))|(?:the )?(?:first|only) "
    r"(?:person|one|time) (?:who|that|to) (?:didn't|did not|never|ever|really|actually|listened|"
    r"made)|i (?:really )?(?:appreciate|value) (?:it|that|this|you|what))"
)
#: Still an objection: a contrast after the thanks, or a refusal in the present.
_STILL_OBJECTS: Final = Phrase(
    r"\b(?:but|though|however|except|although)\b|\b(?:don't|do not|won't|will not|can't|cannot|"
    r"not (?:going to|gonna|doing)|rather not|i'd rather|stop)\b|\bno\b(?! one| longer)"
)


def objection_text(client: str) -> str:
    """The client's words without sentences of plain thanks or praise for the therapist.

    What is left is read for objections; "thanks, but I'm not doing that" is kept.
    """
    sentences = _SENTENCE.findall(client)
    kept = [
        s for s in sentences if not (_THANKS_OR_PRAISE.search(s) and not _STILL_OBJECTS.search(s))
    ]
    return client if len(kept) == len(sentences) else " ".join(s.strip() for s in kept)


# --- "what did you expect?" ------------------------------------------------------------------
#: A retort about what the client should have foreseen; a verdict only after the client's own act.
RHETORICAL_EXPECTATION: Final = Phrase(
    r"\bwhat (?:did|do|else did|else do) you expect\b|\bwhat were you expecting\b"
)
_OWN_EXPECTATION: Final = Phrase(
    r"\b(?:expect\w*|surpris\w*|not what i (?:\w+ )?(?:thought|imagined))"
)


def speaks_of_own_expectation(client: str) -> bool:
    """True when the client's turn speaks of what they expected (the question follows it up)."""
    return _OWN_EXPECTATION.search(client) is not None
