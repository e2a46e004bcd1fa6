"""A denial of suicidal thoughts that goes on to name feeling a burden (version 24, QA qa35 #7).

"No, nothing like that. I just feel I'm a weight on everyone at the moment." answering the
therapist's direct question about suicidal thoughts is two things at once: the client **denies**
the ideation they were asked about, and describes **perceived burdensomeness**, a risk factor
the clinician should hear about. Clinical-reference §10.3 puts burden language ("I'm a burden")
in tier 1: "mark the segment for the clinician's post-session review", and rule 3 says a
negation must not *suppress* a flag but *route it to review*. So such an answer is listed as
*possible* (for review), with a reason that says the client denied ideation when asked; it is
not a passive-suicidal-ideation flag, which would claim ideation the client has just denied, and
it opens no disclosure thread (the next turns describe the burden, not risk).

Only burdensomeness rules qualify (``passive.burden*``): a denial followed by other risk wording
("No. But I have thought about taking the pills") is a disclosure and stays a flag.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from alliancelens.analysers import _risk_context as ctx
from alliancelens.analysers._risk_answers import therapist_before
from alliancelens.analysers._risk_flags import normalise, topic
from alliancelens.analysers._risk_types import Flag
from alliancelens.domain import Utterance

__all__ = ["REASON", "denied_burden"]

#: Rule ids of burdensomeness wording (``_risk_rules_passive``; clinical-reference §10.3 tier 1).
_BURDEN_RULES: Final = ("passive.burden",)
#: Kinds of a therapist question about suicidal thoughts (C-SSRS Q1-2, §10.1 [Posner2011]).
_ASKED_ABOUT: Final = frozenset({"suicidal_ideation", "passive_suicidal_ideation"})
#: The reason added to the listed entry (plain words; shown in notes).
REASON: Final = (
    "; listed for review, not flagged: the client denied suicidal thoughts when asked and "
    "described feeling a burden (a risk factor to explore; clinical-reference §10.3 tier 1)"
)


def denied_burden(utterances: Sequence[Utterance], pos: int, flag: Flag) -> bool:
    """True when ``flag`` is burden wording in a denial of a direct question about ideation."""
    if flag.basis != "wording" or not (flag.rule or "").startswith(_BURDEN_RULES):
        return False
    asked = topic(normalise(therapist_before(utterances, pos)))
    if asked is None or asked[0] not in _ASKED_ABOUT:
        return False
    answer = normalise(utterances[pos].text)
    return bool(ctx.DENIAL_START.search(answer) or ctx.DENIAL_PHRASE.search(answer))
