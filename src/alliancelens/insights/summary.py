"""One therapist's insights summarised across their clients: what recurs, and where (QA37 #4).

A supervisor comparing trainees needs the pattern, not one client at a time: ``insights
therapist:USER`` runs the rules over each client's caseload (what the viewer may see) and
:func:`therapist_summary` counts, per rule, in how many sessions and for how many clients it was
seen. The counts are for reflection in supervision, never a score or a ranking of trainees.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from alliancelens.insights.engine import kind_order
from alliancelens.insights.model import Caseload, Insight, InsightKind

__all__ = ["RULE_LABELS", "PatternCount", "TherapistSummary", "therapist_summary"]

#: Each rule's pattern in a few neutral words (titles carry per-session numbers).
RULE_LABELS: Final = {
    "risk_language": "Risk language for clinician review",
    "risk_not_analysed": "Risk language not analysed or partly screened",
    "session_not_analysed": "Session not analysed",
    "measures_withheld": "Some measure forms not shown to you",
    "unresolved_rupture": "Rupture not repaired within the session",
    "homework_withdrawal_pattern": "Withdrawal after homework review, again",
    "low_reflection_to_question": "Fewer reflections than questions, several sessions running",
    "bond_against_srs": "SRS and transcript bond disagree",
    "not_on_track_fit": "Not on track: time for the fit conversation",
    "measure_alerts": "Measure alert at the latest form",
    "therapist_own_problems": "Therapist self-disclosure",
    "advice_without_permission": "Advice given without permission",
    "feedback_not_elicited": "Feedback not asked for at the end of the session",
    "intake_above_cutoff": "Outcome intake outside the clinical range",
    "repaired_rupture": "Rupture repaired in the session",
    "risk_followed_up": "Possible risk language followed up",
    "feedback_elicited": "Feedback asked for at the end of the session",
    "reflective_listening": "Reflections keep pace with questions",
    "complex_reflections": "Complex reflections add meaning",
    "mi_adherent_responses": "MI-adherent responses: collaboration, autonomy, affirmation",
}


@dataclass(frozen=True, slots=True)
class PatternCount:
    """One rule's insights across a therapist's clients: the sessions and clients it names."""

    kind: InsightKind
    rule: str
    label: str
    #: (client, stored session id) pairs the insights' evidence names, in order.
    sessions: tuple[tuple[str, str], ...]
    clients: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form (``sessions`` as ``{"client": …, "session_id": …}``)."""
        return {
            "kind": self.kind.value,
            "rule": self.rule,
            "label": self.label,
            "session_count": len(self.sessions),
            "client_count": len(self.clients),
            "sessions": [{"client": c, "session_id": s} for c, s in self.sessions],
            "clients": list(self.clients),
        }


@dataclass(frozen=True, slots=True)
class TherapistSummary:
    """A therapist's patterns across the clients read, with every insight behind them."""

    therapist: str
    clients: tuple[str, ...]
    #: (client, session id) of every analysed session the rules read.
    sessions: tuple[tuple[str, str], ...]
    patterns: tuple[PatternCount, ...]
    insights: tuple[Insight, ...]

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form used by ``alliancelens insights therapist:USER --json``."""
        return {
            "therapist": self.therapist,
            "clients": list(self.clients),
            "session_count": len(self.sessions),
            "patterns": [p.to_json() for p in self.patterns],
            "insights": [i.to_json() for i in self.insights],
        }


def _sessions(insight: Insight, read: set[tuple[str, str]]) -> list[tuple[str, str]]:
    """The sessions an insight's evidence names: read ones, or stored ids (not a form's label)."""
    return [
        (insight.client, s)
        for s in insight.session_ids
        if (insight.client, s) in read or s.isdigit()
    ]


def therapist_summary(
    therapist: str, caseloads: Sequence[Caseload], insights: Sequence[Insight]
) -> TherapistSummary:
    """Count each rule's insights by session and client, alerts first, then most frequent."""
    read = [(c.client, r.session_id) for c in caseloads for r in c.sessions]
    known = set(read)
    grouped: dict[tuple[InsightKind, str], list[Insight]] = {}
    for insight in insights:
        grouped.setdefault((insight.kind, insight.rule), []).append(insight)
    patterns = []
    for (kind, rule), same in grouped.items():
        sessions = tuple(dict.fromkeys(p for i in same for p in _sessions(i, known)))
        clients = tuple(dict.fromkeys(i.client for i in same))
        label = RULE_LABELS.get(rule, same[0].title)
        patterns.append(PatternCount(kind, rule, label, sessions, clients))
    patterns.sort(key=lambda p: (kind_order(p.kind), -len(p.sessions), -len(p.clients)))
    return TherapistSummary(
        therapist,
        tuple(c.client for c in caseloads),
        tuple(read),
        tuple(patterns),
        tuple(insights),
    )
