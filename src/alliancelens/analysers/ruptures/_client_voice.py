"""The client's own plan, and advice pushed back on (version 23, QA qa35 #1 and #9).

* **The client's own plan is re-engagement.** A client who proposes or commits to a step of
  their own ("I'd like to try walking to school twice a week", "I'm going to ring my sister on
  Friday", "maybe I could write it down first") is shaping the task, the collaborative end of a
  rupture (clinical-reference §5.4 R2 [U: 3RS-2015]; §5.6 stage 4). It is not a complaint about
  the activities (C3) even when the model leans that way, because such sentences talk about
  tasks; and it resolves an open episode even when the model's reading of it is above the
  "rupture going on" threshold (``_resolution``). A turn that goes on to a complaint ("I'd like
  to try, but it never works") keeps its markers.
* **Advice pushed back on is a confrontation.** After unsolicited advice in the last few turns
  (``_strategy_extra.is_advice``), a reply that rejects it as too easy or already heard ("It's
  not that easy", "Everybody says that", "I've tried that before") is C2 rejecting the
  intervention (clinical-reference §5.3 [U]). A withdrawal met with advice and then pushed back
  on is the withdrawal-to-confrontation switch the episode rules look for. A pushback that gives
  its reason ("because…", "if I…") is the client explaining their situation and is not coded.
"""

from __future__ import annotations

from collections.abc import Sequence

from alliancelens.analysers._phrases import Phrase
from alliancelens.analysers.ruptures._reply_cues import Hit
from alliancelens.analysers.ruptures._strategy_extra import is_advice
from alliancelens.domain import Role, Utterance

__all__ = ["advice_rebuffed", "own_plan"]

#: "try" needs the step itself ("try getting up", "try to walk"): a bare "I'll try." is
#: compliance (W5), not a plan of the client's own.
_STEP = (
    r"(try (to \w+|\w+ing)|start|give it a go|have a go|practise|practice|keep|make|set|write|"
    r"ring|call|talk to|speak to|get up|go to bed|work on)"
)
_OWN_PLAN = Phrase(
    rf"\bi('d| would) (really |quite )?(like|love|want) to {_STEP}\b|\bi('ll| will|'m going to|"
    rf"am going to|'m gonna| want to) {_STEP}\b|\b(maybe|perhaps) i (could|can|will) {_STEP}\b|"
    rf"\bi could {_STEP}\b"
)
_SOURED = Phrase(
    r"\b(but|though|except)\b.*\b(never|won't|doesn't|didn't|can't|pointless|no point|waste|"
    r"not going to)\b|\bi (don't|do not) (want|see the point)\b|\bno point\b|\bwhatever\b|"
    r"\bi (guess|suppose)\b|\bif you say so\b|\bif i have to\b|\b(someone|somebody) else\b|"
    r"\b(a )?different (therapist|counsellor|counselor)\b|\b(stop|quit) (coming|therapy)\b|"
    r"\byou('re| are) (right|correct)\b|\b(disappoint|let) you\b|\b(madam|sir)\b|\btry not to\b"
)
_REBUFF = Phrase(
    r"\b(it's|it is|that's|that is|life's|life is) not (that|so|as) (simple|easy|straightforward)"
    r"\b|\b(everyone|everybody|people|they all) (tells|tell|says|say|keeps? telling) me (to|that)"
    r"\b|\b(everyone|everybody) says that\b|\bi('ve| have) (already )?(tried|heard) (that|all "
    r"that|it)( before| already)\b|\bif it (were|was) that (easy|simple)\b"
)
#: A pushback that gives its reason ("…if I go to HR, she finds out") explains the client's
#: situation, which the therapist can take up; only the bare, exasperated pushback is coded.
_REASONED = Phrase(r"\b(because|'cause|cos|if i|since|otherwise|unless)\b")
#: How many utterances back the advice may lie (the therapist may have asked in between).
_ADVICE_REACH = 4


def own_plan(text: str) -> bool:
    """True when the (normalised) client ``text`` proposes or commits to a step of their own."""
    return _OWN_PLAN.search(text) is not None and _SOURED.search(text) is None


def advice_rebuffed(utterances: Sequence[Utterance], at: int, text: str) -> Hit | None:
    """A C2 marker when the client at ``at`` pushes back on advice given shortly before."""
    if _REBUFF.search(text) is None or _REASONED.search(text):
        return None
    recent = utterances[max(0, at - _ADVICE_REACH) : at]
    if any(u.role is Role.THERAPIST and is_advice(u.text) for u in recent):
        return Hit("rejecting_intervention", "c2_advice_rebuffed", 2)
    return None
