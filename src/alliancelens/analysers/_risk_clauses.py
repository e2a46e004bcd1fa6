"""Sentences read in the light of another sentence of the same turn (risk.language version 18).

Used by :func:`alliancelens.analysers._risk_flags.screen_text`. The wording rules read one
sentence at a time, and a guard (third party, past) sets aside only the sentence it matched. Two
kinds of first-person risk get their meaning from an earlier sentence of the same turn, so no
one-sentence rule can read them (QA16 items 2 and 3; docs/analysers/risk.md, "Version 18"):

* **Identification** with someone else's death or suicide: "He killed himself two years ago.
  Some days I think I'll go the same way." The first sentence is a third party's act (set
  aside); the second is the speaker's own ideation. Identification with a relative who died by
  suicide is a recognised risk marker (clinical-reference §10.3 rule 2: favour recall).
* **Returning** thoughts of a method or plan: "Years ago I had a plan to jump. Lately those
  thoughts are back." A past plan made current again is current ideation (§10.1 C-SSRS Q2-Q5
  [Posner2011]; the "lately" rule of risk.md Method §2).

Patterns run on normalised, idiom-masked text; the wording is our own.
"""

from __future__ import annotations

from typing import Final

from alliancelens.analysers._phrases import Phrase
from alliancelens.analysers._risk_rule import (
    PASSIVE,
    SI,
    SRC_CSSRS_Q1,
    SRC_CSSRS_Q2,
    RiskRule,
    rule,
)

__all__ = ["IDENTIFY_DEATH", "IDENTIFY_SUICIDE", "RETURNING", "cross_sentence_rules"]

#: The speaker expects or wants to follow someone's suicide ("I'll go the same way", "I think
#: I'll end up doing the same", "I could do it too").
IDENTIFY_SUICIDE: Final = rule(
    "si.identifies", SI, "moderate", SRC_CSSRS_Q2,
    "identifies with someone else's suicide (the same turn tells of it)",
    r"\b(?:i|i'll|i'd|i'm|me)\b[^.?!]{0,40}\b(?:go(?:ing)? the same way|(?:do|doing|end up "
    r"doing|end up) (?:the same|that too|it too|the same thing)|(?:do|doing) what (?:he|she|"
    r"they) did|follow (?:him|her|them)|same thing (?:will|might|could) happen to me)\b",
    needles=("same", "too", "did", "follow"),
)  # fmt: skip
#: The speaker would rather die with, or join, someone who is dying or dead ("I keep thinking
#: I'd rather go with him", "I just want to be with her").
IDENTIFY_DEATH: Final = rule(
    "passive.join_the_dead", PASSIVE, "low", SRC_CSSRS_Q1,
    "wishes to go with or join someone who is dying or has died (the same turn tells of it)",
    r"\b(?:i|i'd|i'll|me)\b[^.?!]{0,30}\b(?:go|going|die|dying|be) with (?:him|her|them)\b(?! "
    r"(?:to|for|on|at|into|tomorrow|next|later|when))|\bjoin (?:him|her|them)\b(?! (?:for|at|in|"
    r"on|tomorrow|later))",
    needles=("with", "join"),
)  # fmt: skip
#: Thoughts, urges or a plan that have come back ("those thoughts are back", "the urge to jump
#: has come back"): current only with a method or ending-life word in the same turn.
RETURNING: Final = rule(
    "si.returning", SI, "moderate", SRC_CSSRS_Q2,
    "says that thoughts of a method or of ending their life have come back",
    r"\b(?:thoughts?|urges?|ideas?|plans?|feelings?)\b[^.?!]{0,40}\b(?:(?:are|is|have|has|'re|'s)"
    r" (?:come |coming )?back|(?:came|come|coming) back|returned|returning|started again)\b",
    person="any",
    needles=("back", "return", "again"),
)  # fmt: skip
#: A method or ending-life word that makes returning thoughts risk (not "the thoughts about work
#: are back"): the method words of the C-SSRS Q3-Q5 questions.
_METHOD_OR_DEATH: Final = Phrase(
    r"\b(?:jump\w*|hang\w*|overdos\w*|suicid\w*|kill(?:ing)? myself|end(?:ing)? (?:it|my life|"
    r"things)|a plan\b|pills|tablets|rope|bridge|the tracks|dying|being dead|not waking)"
)
#: The earlier sentence tells of a suicide (a third party's act, set aside on its own) ...
_SUICIDE_TOLD: Final = Phrase(
    r"\b(?:killed (?:himself|herself|themselves)|took (?:his|her|their) (?:own )?life|suicide|"
    r"hanged (?:himself|herself|themselves)|overdosed)\b"
)
#: ... or of a death or dying (natural or not).
_DEATH_TOLD: Final = Phrase(r"\b(?:died|dying|passed away|is dead|'s dead|gone)\b")
#: Fear of the same end is not a wish for it ("I'm scared I will go the same way").
_FEAR: Final = Phrase(r"\b(?:scared|afraid|frightened|terrified|worried|fear|dread)")


#: ``RETURNING``'s pattern, skipped when none of its words is in the sentence.
_RETURNING: Final = Phrase(RETURNING.pattern)


def cross_sentence_rules(sentences: list[str], position: int) -> list[tuple[RiskRule, str]]:
    """(rule, matched) for the sentence at ``position`` read with the sentences before it.

    Returns the rules of this module whose pattern matches the sentence when an earlier
    sentence (or, for returning thoughts, any sentence of the turn) supplies the meaning.
    """
    sentence = sentences[position]
    earlier = " ".join(sentences[:position])
    found: list[tuple[RiskRule, str]] = []
    told = (
        (IDENTIFY_SUICIDE, _SUICIDE_TOLD.search(earlier)),
        (IDENTIFY_DEATH, _SUICIDE_TOLD.search(earlier) or _DEATH_TOLD.search(earlier)),
    )
    for candidate, death in told:
        match = candidate.pattern.search(sentence) if death and not _FEAR.search(sentence) else None
        if match is not None:
            found.append((candidate, match.group()))
    match = _RETURNING.search(sentence)
    if match is not None and _METHOD_OR_DEATH.search(" ".join(sentences[: position + 1])):
        found.append((RETURNING, match.group()))
    return found
