"""The risk-rule record and its vocabulary, shared by the rule tables (see docs/analysers/risk.md).

Kind and severity ids follow ``shared/data/ruptures-examples/README.md`` ("Risk language"); the
categories map onto the C-SSRS screener questions (clinical-reference §10.1, [Posner2011],
[CSSRS-screener]). The rule tables themselves live in one module per kind
(``_risk_rules_suicidal``, ``_risk_rules_passive``, ``_risk_rules_self_harm``,
``_risk_rules_others``) and are put together in :mod:`alliancelens.analysers._risk_lexicon`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

__all__ = [
    "KINDS",
    "OTHERS",
    "PASSIVE",
    "SELF_HARM",
    "SEVERITY_ORDER",
    "SI",
    "SRC_CSSRS_Q1",
    "SRC_CSSRS_Q2",
    "SRC_CSSRS_Q3_6",
    "SRC_NICE",
    "SRC_OTHERS",
    "SRC_README",
    "RiskRule",
    "rule",
]

SI: Final = "suicidal_ideation"
PASSIVE: Final = "passive_suicidal_ideation"
SELF_HARM: Final = "self_harm"
OTHERS: Final = "harm_to_others"

#: Statement categories screened, in the README's order.
KINDS: Final = (SI, PASSIVE, SELF_HARM, OTHERS)
#: Severity ids of the README ("Risk language"); higher index = more urgent to review.
SEVERITY_ORDER: Final = ("low", "moderate", "high")

#: Sources named by the rules (clinical-reference section and source key).
SRC_CSSRS_Q1: Final = "§10.1 C-SSRS Q1 wish to be dead [Posner2011]"
SRC_CSSRS_Q2: Final = "§10.1 C-SSRS Q2 non-specific active suicidal thoughts [Posner2011]"
SRC_CSSRS_Q3_6: Final = "§10.1 C-SSRS Q3-Q6 method, plan, preparatory behaviour [Posner2011]"
SRC_NICE: Final = "§10 self-harm as defined in NICE NG225 [NICE-NG225]; README self_harm"
SRC_OTHERS: Final = "§10.3 tier 3 homicidal ideation [Swaminathan2023]; README harm_to_others"
SRC_README: Final = (
    "ruptures-examples README, risk kinds (passive: burdensomeness, indifference to death)"
)


@dataclass(frozen=True, slots=True)
class RiskRule:
    """One lexical rule: a pattern, the category and statement severity it signals, and why.

    ``person`` is ``"first"`` when the pattern itself pins the speaker as the subject (``kill
    myself``), ``"any"`` when the owner must be checked (``suicide`` may be a brother's), and
    ``"third"`` when it is always someone else (``kill herself``): such matches are only listed;
    ``"explicit"`` for the broad-net rules, which need the speaker as the subject: the nearest
    person word before the match must be first person, and a possessive or article on the way
    ("my dog died", "the film's death scene") means someone or something else.
    ``hyperbole`` marks wording that is mostly a figure of speech ("I could have killed him"): such
    a match is flagged only with a sign that it was meant (``SERIOUS`` in the guards).
    ``needles`` are plain substrings at least one of which every match contains; they let the
    analyser skip a rule cheaply (tests check the promise on every example sentence).
    """

    id: str
    kind: str
    severity: str
    pattern: re.Pattern[str]
    reason: str
    source: str
    person: str = "first"
    needles: tuple[str, ...] = ()
    hyperbole: bool = False


def rule(  # noqa: PLR0917 - the rule tables read best with positional fields
    rule_id: str,
    kind: str,
    severity: str,
    source: str,
    reason: str,
    pattern: str,
    *,
    person: str = "first",
    needles: tuple[str, ...],
    hyperbole: bool = False,
) -> RiskRule:
    """A :class:`RiskRule` with its pattern compiled."""
    return RiskRule(
        rule_id, kind, severity, re.compile(pattern), reason, source, person, needles, hyperbole
    )
