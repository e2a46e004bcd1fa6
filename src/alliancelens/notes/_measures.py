"""Sentences from the client-rated measures given at this session: scores and alerts."""

from __future__ import annotations

from alliancelens.measures import MeasuresReport
from alliancelens.notes.model import Evidence, Sentence

__all__ = ["measure_alerts", "measure_scores"]


def _short(report: MeasuresReport, name: str) -> str:
    defn = report.definitions.get(name)
    return defn.short if defn else name.upper()


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
                if point.change is not None and point.change.category.value != "not_available":
                    text += (
                        f"; change since intake: {point.change.category.value.replace('_', ' ')}"
                    )
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
