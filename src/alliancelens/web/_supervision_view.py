"""The supervisor's start page data: shared sessions grouped by client, with their linked forms.

Each client group lists the sessions shared with the supervisor ("shared session k of n"), each
session's transcript-risk state with its lower-confidence "possible" items counted (a screen that
read none of the client's words is *not analysed*: the one test of insights/risk_coverage.py),
and the client-rated forms linked to those sessions (records/supervision.py decides which forms
a supervisor may see) with their totals, expected-response status and alerts. Alerts are
prompts for clinician review, computed by :mod:`alliancelens.measures` exactly as for the
therapist, but over the forms the supervisor may see.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from alliancelens import services
from alliancelens.errors import AccessDeniedError, NotFoundError
from alliancelens.insights import RiskStatus, screened_risk
from alliancelens.measures import Alert, MeasuresReport
from alliancelens.measures.coverage import not_evaluated_at
from alliancelens.measures.entry import rater_label
from alliancelens.measures.scoring import fmt_score
from alliancelens.records.measures import registry_for
from alliancelens.records.supervision import VisibleForms, scored_forms, visible_forms
from alliancelens.report import codes_and_summary
from alliancelens.security.policy import Actor
from alliancelens.storage import Database, SharedSession
from alliancelens.web._measures_view import not_evaluated_words, unevaluated_populations

__all__ = [
    "ClientGroup",
    "FormCell",
    "SharedRow",
    "linked_forms",
    "possible_count",
    "supervision_groups",
]


@dataclass(frozen=True, slots=True)
class FormCell:
    """One client-rated form linked to a shared session: ``"ORS 15.0"`` and its track status."""

    text: str
    status: str  # "not on track", "on track" or "" (no expected-response check)


@dataclass(frozen=True, slots=True)
class SharedRow:
    """One shared session in its client's group."""

    item: SharedSession
    position: int
    of: int
    risk: RiskStatus | None
    possible: int
    forms: tuple[FormCell, ...]


@dataclass(frozen=True, slots=True)
class ClientGroup:
    """A client's shared sessions (oldest first) and the alerts at their latest linked forms."""

    client_id: int
    therapist: str
    rows: tuple[SharedRow, ...]
    alerts: tuple[Alert, ...]
    #: Measures (short names) whose latest visible form is not on track (expected response).
    off_track: tuple[str, ...]
    #: Why change, on-track status and trajectory alerts are not shown (some forms withheld).
    partial_series: str | None = None
    #: "3 rules not evaluated for this population (child)" at the latest visible forms (QA35 #4)
    not_evaluated: str = ""


def possible_count(summary: Mapping[str, Any]) -> int:
    """How many lower-confidence "possible" risk items a session's screening lists."""
    screening = summary.get("risk_screening")
    if not isinstance(screening, Mapping):
        return 0
    return len(screening.get("possible") or [])


def _risk(database: Database, actor: Actor, session_id: int) -> tuple[RiskStatus | None, int]:
    """A shared session's risk state and its "possible" count (not analysed: never "no risk")."""
    try:
        stored = services.stored_result(database, actor, session_id=session_id)
    except NotFoundError:
        return RiskStatus(str(session_id), "not_analysed"), 0
    except AccessDeniedError:
        return None, 0
    summary = codes_and_summary(stored.result)[1]
    # the caseload's coverage test: a screen that read no client line is not "none flagged"
    found = screened_risk(str(session_id), summary, stored.result.session.utterances)
    return found.status, possible_count(summary)


def linked_forms(report: MeasuresReport | None, session_id: int) -> tuple[FormCell, ...]:
    """The forms linked to one session, each with its total and expected-response status."""
    if report is None:
        return ()
    cells = []
    for client in report.clients:
        for trajectory in client.trajectories:
            defn = report.definitions[trajectory.measure]
            # another rater's form of the session is labelled (one series per rater)
            rater = rater_label(trajectory.completed_by)
            for point in trajectory.points:
                if point.session != str(session_id):
                    continue
                status = point.expected.status.value if point.expected else ""
                cells.append(
                    FormCell(
                        f"{defn.short} {fmt_score(defn, point.score.total)}"
                        + (f" ({rater})" if rater else ""),
                        status.replace("_", " ") if "on_track" in status else "",
                    )
                )
    return tuple(cells)


def _report(
    database: Database, found: VisibleForms | None
) -> tuple[MeasuresReport | None, str | None]:
    return scored_forms(found, registry_for(database))


def _group(database: Database, actor: Actor, items: list[SharedSession]) -> ClientGroup:
    client_id = items[0].summary.client_id
    report, partial = _report(database, visible_forms(database, actor, client_id=client_id))
    rows = []
    for number, item in enumerate(items, start=1):
        risk, possible = _risk(database, actor, item.summary.id)
        forms = linked_forms(report, item.summary.id)
        rows.append(SharedRow(item, number, len(items), risk, possible, forms))
    alerts = report.clients[0].alerts if report and report.clients else ()
    off = (
        tuple(
            report.definitions[t.measure].short
            for c in report.clients
            for t in c.trajectories
            if t.points
            and t.points[-1].expected is not None
            and t.points[-1].expected.status.value == "not_on_track"
        )
        if report
        else ()
    )
    group = ClientGroup(client_id, items[0].therapist, tuple(rows), alerts, off, partial)
    return replace(group, not_evaluated=_not_evaluated(report))


def _not_evaluated(report: MeasuresReport | None) -> str:
    """The rules that did not run at the latest visible forms, counted, with the population(s)."""
    if report is None or not report.clients:
        return ""
    every = report.clients[0].trajectories
    count = sum(len(not_evaluated_at(report.definitions[t.measure], t)) for t in every if t.points)
    return not_evaluated_words(count, unevaluated_populations(every, report.definitions))


def _order(item: SharedSession) -> tuple[bool, str, int]:
    date = item.session_date
    return date is None, date.isoformat() if date else "", item.summary.id


def supervision_groups(
    database: Database, actor: Actor, shared: list[SharedSession]
) -> list[ClientGroup]:
    """The shared sessions grouped by client (by client id), sessions by date then id."""
    by_client: dict[int, list[SharedSession]] = {}
    for item in shared:
        by_client.setdefault(item.summary.client_id, []).append(item)
    return [
        _group(database, actor, sorted(items, key=_order)) for _, items in sorted(by_client.items())
    ]
