"""Good news about the client's own life: engagement, not withdrawal (version 23, QA qa35 #1).

A short answer is a withdrawal marker when it *withholds* (3RS W1/W2/W5: denial, a minimal
response, appeasing compliance; clinical-reference §5.2 [S: 3RS-2022-code]). A short answer that
*reports* something good about the client's own life gives the therapist content: "It was okay. I
practised piano on three evenings.", "The bus driver wasn't rude to me this time.", "Sort of fun,
actually." Children and teenagers in particular answer in few words (QA qa35 #1: a child's
positive session read as a withdrawal that was never repaired). Three readings count as good news:

* an **achievement** the client reports in the first person ("I revised", "I even asked", "I
  managed to", "I stuck to it");
* a **stressor that did not happen** ("didn't shout", "no arguments this week");
* a **positive evaluation** that is not negated ("good", "better", "less scary", "proud") in a
  reply of more than one word: a bare "Good." stays a possible clipped answer.

The reading is vetoed by hedges and disengagement ("I guess", "whatever", "don't know", "not
much"), by distress words (``_lexicon.DISTRESS``) and by a turn that goes on to a complaint
("but it didn't help"): good news followed by "but" is the client's own mixed report, which the
other cues read.
"""

from __future__ import annotations

from alliancelens.analysers._phrases import Phrase
from alliancelens.analysers.ruptures._lexicon import ACTIVITY, DISTRESS

__all__ = ["WITHHOLDING", "good_news"]

#: The withdrawal markers a good-news report rules out: the ones that mean "saying little"
#: (W1 denial, W2 minimal response, W5 appeasing; clinical-reference §5.2 [S: 3RS-2022-code]).
#: Topic shifts (W4), abstract talk (W3) and content/affect splits (W6) are read as before.
WITHHOLDING = frozenset({"denial", "minimal_response", "deferential_appeasing"})

_ACHIEVED = Phrase(
    r"\bi (also |actually |finally |still )?(revised|practised|practiced|studied|managed|"
    r"finished|completed|answered|asked|spoke up|exercised|joined|passed|tried|got up|stuck (to|"
    r"with|at)|kept (to|up|going|at)|made it|did it|did (my|the|some|all))\b|\bi even \w+"
)
_SPARED = Phrase(
    r"\b(didn't|did not|wasn't|weren't|hasn't|haven't|never|no longer)( even| once| really)? "
    r"(shout|yell|scream|argue|fight|cry|panic|hit|bully|bullied|tease|teased|pick on|picked on|"
    r"tell (me|us) off|told (me|us) off|rude|mean|angry|cross|late|get (angry|cross)|kick off)\w*"
    r"|\bno (arguments?|fights?|rows?|shouting|yelling|panic attacks?|nightmares?)\b"
)
_GOOD = Phrase(
    r"\b(good|better|great|brilliant|fun|nice|proud|happy|happier|calmer|easier|lighter|"
    r"enjoyed|enjoy it|went well|less (scary|worried|anxious|stressed|nervous|bad|awful))\b"
    r"(?! to\b| than\b)"
)
#: A negation just before the positive word ("not good", "no better", "wasn't great").
_NEGATED_GOOD = Phrase(
    r"\b(not|n't|no|never|hardly|nothing|none)( \w+){0,2} (good|better|great|brilliant|fun|nice|"
    r"proud|happy|happier|calmer|easier|lighter|enjoyed|well)\b|n't (\w+ ){0,2}(good|better|great"
    r"|fun|nice|well)\b"
)
#: Appeasing and brushing off: a "fine" ("No, no, it's fine"), agreeing with or praising the
#: therapist or their idea ("you are right", "if you think this is good"), apologising. Good
#: news about the client's own life does not address the therapist ("you know" aside).
_DEFERS = Phrase(
    r"\bfine\b|\byou(r|'re|'ve|'d)?\b(?! know\b)|\bsorry\b|\bgood idea\b|^no,? no\b|\bsounds "
    r"(good|great|nice)\b|\bmy fault\b|\blazy\b"
)
#: Negative feeling named in the same turn: a mixed report, read by the other cues.
_FEELS_BAD = Phrase(
    r"(?<!less )\b(embarrass\w*|ashamed|stupid|let (\w+ )?down|angry|sad|upset|worried|awful|"
    r"terrible|hate|guilty|miss|missed|lonely|tired)\b"
)
_PRAISES_TASK = Phrase(rf"\b{ACTIVITY}\b|\b(idea|plan|suggestion|session)\b")
_HEDGE = Phrase(
    r"\b(i guess|i suppose|whatever|don't know|dunno|not much|not really|if you say so|s'pose|"
    r"doesn't matter|don't care|no point)\b"
)
_TURNS_SOUR = Phrase(
    r"\b(but|though|except)\b.*\b(didn't (help|work)|still|worse|hard|bad|awful|hate|can't|won't|"
    r"pointless|failed)\b"
)


def good_news(text: str, words: int) -> bool:
    """True when the (normalised) client ``text`` of ``words`` words reports good news."""
    if _HEDGE.search(text) or DISTRESS.search(text) or _TURNS_SOUR.search(text):
        return False
    if _DEFERS.search(text) or _FEELS_BAD.search(_SPARED.sub(" ", text)):
        return False
    if _ACHIEVED.search(text) or _SPARED.search(text):
        return True
    if _PRAISES_TASK.search(text):  # "the worksheet is very good": about the task, not life
        return False
    return words > 1 and _GOOD.search(text) is not None and not _NEGATED_GOOD.search(text)
