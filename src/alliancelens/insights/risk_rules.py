"""Transcript risk language as insights and as a per-session status for every caseload view.

The risk analyser (``risk.language``) flags wording for clinician review; it never assesses risk.
A session's status is one of three states, and the views must keep them apart:

* ``flagged`` — the analyser ran and flagged utterances (``summary.risk``), for clinician review;
* ``none_flagged`` — the analyser ran and flagged nothing (this is *not* "no risk");
* ``not_analysed`` — the analyser did not run, failed, or left no screening summary
  (``summary.risk_screening`` missing). This is never shown as "no risk".

Sources: clinical-reference.md §10 (C-SSRS wording, Posner et al. 2011) via the risk analyser;
the "for clinician review" framing is docs/analysers/risk.md.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from alliancelens.domain.labels import plain_label
from alliancelens.insights.model import (
    Caseload,
    Insight,
    InsightConfig,
    InsightEvidence,
    InsightKind,
)

__all__ = ["RiskStatus", "risk_language", "risk_not_analysed", "risk_status"]

RiskState = Literal["flagged", "none_flagged", "not_analysed"]
_SEVERITY = {"high": 2, "moderate": 1, "medium": 1, "low": 0}


@dataclass(frozen=True, slots=True)
class RiskStatus:
    """One session's transcript-risk state, the flagged utterances and the highest severity."""

    session_id: str
    state: RiskState
    indexes: tuple[int, ...] = ()
    severity: str = ""
    kinds: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """A short line for a table cell or a list (never "no risk")."""
        if self.state == "not_analysed":
            return f"session {self.session_id}: risk language not analysed (this is not 'no risk')"
        if self.state == "none_flagged":
            return f"session {self.session_id}: no risk language flagged"
        where = ", ".join(str(i) for i in self.indexes)
        noun = "utterance" if len(self.indexes) == 1 else "utterances"
        severity = f" (highest severity: {self.severity})" if self.severity else ""
        return (
            f"risk language for clinician review at session {self.session_id}, "
            f"{noun} {where}{severity}"
        )


def risk_status(session_id: str, summary: Mapping[str, Any]) -> RiskStatus:
    """The risk state of a session from its ``summary`` (``codes_and_summary``)."""
    if not isinstance(summary.get("risk_screening"), Mapping):
        return RiskStatus(session_id, "not_analysed")
    flags = [f for f in summary.get("risk") or [] if isinstance(f, Mapping) and "index" in f]
    if not flags:
        return RiskStatus(session_id, "none_flagged")
    severities = [str(f.get("severity") or "") for f in flags]
    highest = max(severities, key=lambda s: _SEVERITY.get(s, -1))
    return RiskStatus(
        session_id,
        "flagged",
        tuple(sorted({int(f["index"]) for f in flags})),
        highest,
        tuple(dict.fromkeys(plain_label(str(f.get("kind", "risk"))) for f in flags)),
    )


def risk_language(
    caseload: Caseload,
    config: InsightConfig,  # noqa: ARG001 - every rule has the same signature
) -> Iterator[Insight]:
    """Risk language flagged for clinician review (risk analyser; C-SSRS wording, §10.1)."""
    for record in caseload.sessions:
        status = risk_status(record.session_id, record.summary)
        if status.state != "flagged":
            continue
        yield Insight(
            InsightKind.ALERT,
            "Risk language for clinician review",
            f"{status.text[0].upper()}{status.text[1:]}: {', '.join(status.kinds)}. "
            "Flagged by wording (C-SSRS "
            "categories, Posner et al. 2011, clinical-reference.md §10.1); this is a prompt to "
            "read the passage, not a risk assessment.",
            (
                InsightEvidence(
                    record.session_id,
                    status.indexes,
                    {"risk_flags": float(len(status.indexes))},
                ),
            ),
            "Read the flagged passage in the session; if it is risk language, assess and record "
            "risk as your service requires, and check that the follow-up is documented.",
            "risk_language",
            caseload.client,
        )


def risk_not_analysed(
    caseload: Caseload,
    config: InsightConfig,  # noqa: ARG001 - every rule has the same signature
) -> Iterator[Insight]:
    """Risk analyser did not run or failed: *not analysed*, never "no risk" (§10, risk.md)."""
    for record in caseload.sessions:
        if risk_status(record.session_id, record.summary).state != "not_analysed":
            continue
        yield Insight(
            InsightKind.PROMPT,
            "Risk language not analysed",
            f"The risk analyser did not run or failed on session {record.session_id}, so its "
            "transcript was not screened for risk language. This is not 'no risk' "
            "(docs/analysers/risk.md).",
            (InsightEvidence(record.session_id, scores={"risk_analysed": 0.0}),),
            "Re-run the analysis of this session, or read the transcript yourself for risk "
            "language.",
            "risk_not_analysed",
            caseload.client,
        )
