"""The measure alerts of a client's latest forms, as insights (what the caseload shows).

``clients record-measure``, the dashboard's caseload and the client page list the alerts the
measure rules raise at each series' latest form (measures/alerts.py via
:func:`~alliancelens.measures.build_report`). ``insights`` reads the same report, so it lists the
same alerts here instead of re-implementing any rule (QA29 #10: ``insights client:N`` left out a
``reliable_deterioration`` the caseload showed).
"""

from __future__ import annotations

from collections.abc import Iterator

from alliancelens.insights.model import (
    Caseload,
    Insight,
    InsightConfig,
    InsightEvidence,
    InsightKind,
)
from alliancelens.measures import Alert, TrackStatus, Trajectory
from alliancelens.measures.alerts import AlertKind
from alliancelens.measures.entry import rater_label

__all__ = ["measure_alerts"]

#: What to try, per alert severity (the alert's own reason says what to review).
_TRY = {
    "urgent": "Review the form and the client's safety today, as your service requires.",
    "warning": "Review the case as the alert says, with the client; record what you decide.",
    "info": "Consider it at the next session.",
}


def measure_alerts(caseload: Caseload, config: InsightConfig) -> Iterator[Insight]:
    """Every alert of the measure rules at each series' latest form (docs/measures/alerts.md).

    The rules and their sources are the measure definitions' and measures/alerts.py's (PCOMS
    cut-offs and reliable change, clinical-reference.md §1.5, §3; each alert names its rule); a
    ``not_on_track`` alert inside the fit window is left to :func:`not_on_track_fit`, which says
    the same with the fit conversation (never two rows for one finding).
    """
    report = caseload.measures
    if report is None:
        return
    for alert in report.alerts:
        trajectory = _series_of(report.trajectories, alert)
        if trajectory is None or _left_to_fit_rule(alert, trajectory, config):
            continue
        defn = caseload.definitions.get(alert.measure)
        short = defn.short if defn is not None else alert.measure
        rater = rater_label(alert.completed_by)
        label = f"{short} ({rater})" if rater else short
        yield Insight(
            InsightKind.ALERT,
            f"{label}: {alert.kind.replace('_', ' ')} ({alert.severity})",
            f"{alert.reason} Rule: {alert.rule}.",
            tuple(_evidence(label, alert, trajectory)),
            _TRY.get(alert.severity, _TRY["info"]),
            "measure_alerts",
            caseload.client,
        )


def _series_of(trajectories: tuple[Trajectory, ...], alert: Alert) -> Trajectory | None:
    return next(
        (
            t
            for t in trajectories
            if t.measure == alert.measure and t.completed_by == alert.completed_by
        ),
        None,
    )


def _left_to_fit_rule(alert: Alert, trajectory: Trajectory, config: InsightConfig) -> bool:
    """Whether :func:`not_on_track_fit` already reports this alert (same form, fit window)."""
    if alert.kind != AlertKind.NOT_ON_TRACK:
        return False
    first, last = config.fit_sessions
    return any(
        first <= p.number <= last
        and p.date == alert.date
        and p.expected is not None
        and p.expected.status is TrackStatus.NOT_ON_TRACK
        for p in trajectory.points
    )


def _evidence(label: str, alert: Alert, trajectory: Trajectory) -> list[InsightEvidence]:
    """One entry per form the alert looked at (its session, else the form); never empty."""
    points = {p.date: p for p in trajectory.points}
    threshold = alert.evidence.threshold
    found = []
    for day, score in zip(alert.evidence.dates, alert.evidence.scores, strict=False):
        point = points.get(day)
        if point is None:
            continue
        scores = {label: score}
        if threshold is not None:
            scores["threshold"] = threshold
        found.append(InsightEvidence(point.session or f"{label} #{point.number}", scores=scores))
    if not found:  # a rule that names no form: the series' latest form
        latest = trajectory.latest
        found.append(
            InsightEvidence(
                latest.session or f"{label} #{latest.number}", scores={label: latest.score.total}
            )
        )
    return found
