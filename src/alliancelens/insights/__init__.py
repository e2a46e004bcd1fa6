"""Insights: documented rules over findings and scores, within and across sessions.

::

    from alliancelens.insights import build_caseloads, insights_for_caseloads
    caseloads = build_caseloads([(session, summary), ...], measures_report)
    for insight in insights_for_caseloads(caseloads):
        insight.kind, insight.title, insight.evidence

Pure: no I/O. Imports only ``domain``, ``errors``, ``config``, ``measures`` and ``report``.
Every rule and its source is listed in docs/insights.md.
"""

from __future__ import annotations

from alliancelens.insights.caseload import build_caseloads, session_record
from alliancelens.insights.engine import (
    CLIENT_RULES,
    RULES,
    SESSION_ONLY_RULES,
    SESSION_RULES,
    Rule,
    insights_for_caseload,
    insights_for_caseloads,
    kind_order,
)
from alliancelens.insights.measure_rules import FORMS_WITHHELD_RULE, measures_withheld
from alliancelens.insights.model import (
    Caseload,
    Insight,
    InsightConfig,
    InsightEvidence,
    InsightKind,
    SessionRecord,
)
from alliancelens.insights.risk_coverage import ScreenedRisk, screened_risk
from alliancelens.insights.risk_rules import RiskStatus, risk_status, session_not_analysed
from alliancelens.insights.summary import PatternCount, TherapistSummary, therapist_summary
from alliancelens.insights.trends import (
    Direction,
    Trend,
    TrendConfig,
    client_trends,
    mann_kendall,
    therapist_trends,
    trend,
)

__all__ = [
    "CLIENT_RULES",
    "FORMS_WITHHELD_RULE",
    "RULES",
    "SESSION_ONLY_RULES",
    "SESSION_RULES",
    "Caseload",
    "Direction",
    "Insight",
    "InsightConfig",
    "InsightEvidence",
    "InsightKind",
    "PatternCount",
    "RiskStatus",
    "Rule",
    "ScreenedRisk",
    "SessionRecord",
    "TherapistSummary",
    "Trend",
    "TrendConfig",
    "build_caseloads",
    "client_trends",
    "insights_for_caseload",
    "insights_for_caseloads",
    "kind_order",
    "mann_kendall",
    "measures_withheld",
    "risk_status",
    "screened_risk",
    "session_not_analysed",
    "session_record",
    "therapist_summary",
    "therapist_trends",
    "trend",
]
