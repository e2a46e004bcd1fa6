"""Risk-language rules as data, for :mod:`alliancelens.analysers.risk` (see docs/analysers/risk.md).

Every rule names the statement category it screens for, a default severity of the *statement*
(never a rating of the person: NICE NG225, clinical-reference §10.2), a human-readable reason and
its source. Kind and severity ids follow ``shared/data/ruptures-examples/README.md`` ("Risk
language"); the categories map onto the C-SSRS screener questions (clinical-reference §10.1,
[Posner2011], [CSSRS-screener]). The tables live in one module per kind; this module puts them
together in screening order (suicidal ideation, passive ideation, self-harm, harm to others).
The guard lists (idioms, negation, third party, past and resolved, fear of death, grief, unwanted
intrusive thoughts) are in :mod:`alliancelens.analysers._risk_guards`.

All patterns run on lower-cased text with typographic apostrophes straightened. The wording is
our own: nothing here is copied from any data set.
"""

from __future__ import annotations

import re
from typing import Final

from alliancelens.analysers import _risk_rules_others as _others
from alliancelens.analysers import _risk_rules_passive as _passive
from alliancelens.analysers import _risk_rules_self_harm as _self_harm
from alliancelens.analysers import _risk_rules_suicidal as _suicidal
from alliancelens.analysers._risk_rule import (
    KINDS,
    OTHERS,
    PASSIVE,
    SELF_HARM,
    SEVERITY_ORDER,
    SI,
    RiskRule,
)

__all__ = [
    "ALL_NEEDLES",
    "KINDS",
    "OTHERS",
    "PASSIVE",
    "RULES",
    "SELF_HARM",
    "SEVERITY_ESCALATORS",
    "SEVERITY_ORDER",
    "SI",
    "RiskRule",
]

#: Every rule, in screening order.
RULES: Final[tuple[RiskRule, ...]] = (
    *_suicidal.RULES,
    *_passive.RULES,
    *_self_harm.RULES,
    *_others.RULES,
)
#: Every needle of every rule (checked once per utterance).
ALL_NEEDLES: Final = frozenset(n for rule in RULES for n in rule.needles)
#: What raises a statement's severity (README severity table): plan, means, intent, weapons.
SEVERITY_ESCALATORS: Final[dict[str, re.Pattern[str]]] = {
    SI: re.compile(
        r"\b(?:plan|planned|planning|method|how i'd do it|how i would do it|looked up|researched|"
        r"tablets|pills|overdose|rope|bridge|jump|note|letters|my will|tonight|this weekend|"
        r"intend|i mean it|made up my mind|decided|going to do it|counted)\b"
    ),
    PASSIVE: re.compile(
        r"\b(?:drive|driving) (?:really )?(?:fast|recklessly)|don't look (?:when|before)|"
        r"stopped taking my (?:meds|medication|tablets)|drinking (?:more|a lot|every)\b|"
        # risky behaviour alongside indifference to dying (README: passive, moderate)
        r"\b(?:drive|driving|drove|drink[- ]driv\w*|had a few|drunk|pissed|steaming|without "
        r"looking|stopped (?:taking )?my [\w ]{0,12}(?:meds|medication|tablets|insulin|inhaler)|"
        r"swam|swimming|speed\w*|motorbike|traffic|the road|out drinking|canal|river|"
        r"skinful|floor it|floored it|in the car|skipp\w* my [\w ]{0,12}(?:meds|medication|"
        r"tablets|insulin|inhaler))\b"
    ),
    OTHERS: re.compile(
        r"\b(?:knife|gun|weapon|machete|glovebox|i mean it|not joking|swear|i know where|"
        r"hammer|crowbar|bat|baseball bat|brick|axe|screwdriver|golf club|iron bar|wrench|"
        r"spanner|shotgun|rifle|pistol|firearm|by the door|going round|go round|outside "
        r"(?:his|her|their) \w+|i'd do it myself|"
        r"wait(?:ing)? for (?:him|her|them)|tonight|find (?:him|her|them))\b"
    ),
}
