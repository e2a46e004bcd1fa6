"""The rule registry and the function that runs every rule over a caseload.

A rule is a small function ``(caseload, config) -> Iterable[Insight]``; :data:`RULES` lists them
in the order their insights are reported. docs/insights.md documents each one with its source.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from alliancelens.insights.caseload_rules import (
    bond_against_srs,
    homework_withdrawal_pattern,
    low_reflection_to_question,
    not_on_track_fit,
)
from alliancelens.insights.measure_rules import measure_alerts
from alliancelens.insights.model import Caseload, Insight, InsightConfig, InsightKind
from alliancelens.insights.risk_rules import risk_language, risk_not_analysed
from alliancelens.insights.session_rules import (
    advice_without_permission,
    feedback_not_elicited,
    repaired_rupture,
    therapist_own_problems,
    unresolved_rupture,
)

__all__ = ["RULES", "Rule", "insights_for_caseload", "insights_for_caseloads"]

Rule = Callable[[Caseload, InsightConfig], Iterable[Insight]]

#: Every rule, by id. Adding a rule = write the function, add it here, document it.
RULES: dict[str, Rule] = {
    "risk_language": risk_language,
    "risk_not_analysed": risk_not_analysed,
    "unresolved_rupture": unresolved_rupture,
    "homework_withdrawal_pattern": homework_withdrawal_pattern,
    "repaired_rupture": repaired_rupture,
    "low_reflection_to_question": low_reflection_to_question,
    "bond_against_srs": bond_against_srs,
    "not_on_track_fit": not_on_track_fit,
    "measure_alerts": measure_alerts,
    "therapist_own_problems": therapist_own_problems,
    "advice_without_permission": advice_without_permission,
    "feedback_not_elicited": feedback_not_elicited,
}

_ORDER = {
    InsightKind.ALERT: 0,
    InsightKind.PROMPT: 1,
    InsightKind.GROWTH_AREA: 2,
    InsightKind.STRENGTH: 3,
}


def insights_for_caseload(
    caseload: Caseload,
    config: InsightConfig | None = None,
    *,
    rules: Sequence[str] | None = None,
) -> list[Insight]:
    """Run ``rules`` (default: all of :data:`RULES`) and order alerts first, strengths last."""
    config = config or InsightConfig()
    chosen = RULES if rules is None else {name: RULES[name] for name in rules}
    found = [insight for rule in chosen.values() for insight in rule(caseload, config)]
    return sorted(found, key=lambda i: _ORDER[i.kind])


def insights_for_caseloads(
    caseloads: Iterable[Caseload], config: InsightConfig | None = None
) -> list[Insight]:
    """Insights for every caseload, client by client."""
    return [i for caseload in caseloads for i in insights_for_caseload(caseload, config)]
