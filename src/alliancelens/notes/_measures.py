"""Sentences from the client-rated measures given at this session: scores and alerts."""

from __future__ import annotations

from alliancelens.measures import MeasuresReport
from alliancelens.measures.alerts import ALLIANCE_CUTOFF
from alliancelens.measures.change import ChangeCategory, ChangeResult
from alliancelens.measures.trajectory import TrajectoryPoint
from alliancelens.notes.model import Evidence, Sentence

__all__ = ["measure_alerts", "measure_scores"]


def _short(report: MeasuresReport, name: str) -> str:
    defn = report.definitions.get(name)
    return defn.short if defn else name.upper()


def _signed(delta: float) -> str:
    """``+5.5`` / ``−4.5`` (a real minus sign) / ``0``."""
    return f"{delta:+g}".replace("-", "\u2212") if delta else "0"


def _change(change: ChangeResult) -> str:
    """``; change since intake: no reliable change (−4.5; reliable change needs 5)`` (QA 20 #13).

    A change smaller than the reliable-change threshold is not "unchanged": the score moved, by
    less than measurement error allows to call reliable (clinical-reference.md §3.1
    [JacobsonTruax1991]). The raw change is always printed.
    """
    if change.category is ChangeCategory.NOT_AVAILABLE:
        return ""
    delta = _signed(change.delta)
    if change.category is ChangeCategory.UNCHANGED:
        need = f"; reliable change needs {change.threshold:g}" if change.threshold else ""
        return f"; change since intake: no reliable change ({delta}{need})"
    return f"; change since intake: {change.category.value} ({delta})"


def _below_cutoff(report: MeasuresReport, measure: str, point: TrajectoryPoint) -> str:
    """``, below the alliance cut-off of 36`` when an alliance total is in the concern range.

    The cut-off is the measure definition's (SRS < 36, clinical-reference.md §1 table [Duncan2003];
    docs/measures/alerts.md), the same one the ``alliance_below_cutoff`` alert uses.
    """
    defn = report.definitions.get(measure)
    cutoff = defn.cutoff(ALLIANCE_CUTOFF, point.population) if defn else None
    if cutoff is None or not cutoff.in_concern_range(point.score.total):
        return ""
    side = cutoff.concern.value.replace("_", " ")
    return f", {side} the alliance cut-off of {cutoff.value:g}"


def measure_scores(report: MeasuresReport | None, session: str) -> list[Sentence]:
    """One sentence per measure administered at ``session``: total, severity, change, track."""
    if report is None:
        return []
    sentences = []
    for client in report.clients:
        for trajectory in client.trajectories:
            short = _short(report, trajectory.measure)
            for point in trajectory.points:
                if point.session != session:
                    continue
                parts = [f"{short} total {point.score.total:g}"]
                if point.score.severity:
                    parts.append(f"({point.score.severity} range)")
                text = " ".join(parts) + f", client-rated on {point.date.isoformat()}"
                text += _below_cutoff(report, trajectory.measure, point)
                if point.change is not None:
                    text += _change(point.change)
                if point.expected is not None and point.expected.status.value in {
                    "on_track",
                    "not_on_track",
                }:
                    text += f"; {point.expected.status.value.replace('_', ' ')} (expected-response)"
                evidence = Evidence(
                    "measure",
                    {
                        "measure": short,
                        "session": session,
                        "date": point.date.isoformat(),
                        "total": point.score.total,
                    },
                )
                sentences.append(Sentence(text + ".", (evidence,)))
    return sentences


def measure_alerts(report: MeasuresReport | None, session: str) -> list[Sentence]:
    """Every measure alert raised at this session's administration, for clinician review."""
    if report is None:
        return []
    sentences = []
    for client in report.clients:
        dates = {
            (t.measure, p.date)
            for t in client.trajectories
            for p in t.points
            if p.session == session
        }
        for alert in client.alerts:
            if (alert.measure, alert.date) not in dates:
                continue
            short = _short(report, alert.measure)
            evidence = Evidence(
                "measure",
                {
                    "measure": short,
                    "session": session,
                    "date": alert.date.isoformat(),
                    "alert": alert.kind,
                    "severity": alert.severity,
                    "rule": alert.rule,
                },
            )
            sentences.append(
                Sentence(f"Measure alert ({alert.severity}): {alert.reason}", (evidence,))
            )
    return sentences
