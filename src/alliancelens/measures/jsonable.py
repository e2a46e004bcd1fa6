"""Plain-JSON views of scores, trajectories, alerts and reports (for ``--json`` and the web)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from alliancelens.measures.alerts import Alert
from alliancelens.measures.change import ChangeResult
from alliancelens.measures.coverage import not_evaluated_at
from alliancelens.measures.definition import MeasureDefinition
from alliancelens.measures.report import MeasuresReport
from alliancelens.measures.scoring import CutoffPosition, Score
from alliancelens.measures.trajectory import Trajectory, TrajectoryPoint

__all__ = [
    "alert_to_json",
    "cutoffs_to_json",
    "definition_to_json",
    "number",
    "report_to_json",
    "score_to_json",
    "trajectory_to_json",
]


def number(value: float) -> float | int:
    """``7.0`` as ``7`` (whole numbers print as integers), anything else unchanged."""
    return int(value) if float(value).is_integer() else value


def score_to_json(score: Score) -> dict[str, Any]:
    """``{measure, total, subscales, severity, flags: [{kind, reason, ...}], prorated_items}``."""
    data: dict[str, Any] = {
        "measure": score.measure,
        "total": number(score.total),
        "subscales": {k: number(v) for k, v in score.subscales.items()},
        "severity": score.severity,
        "flags": [
            {
                "kind": f.kind,
                "reason": f.reason,
                "severity": f.severity,
                "items": list(f.items),
                "value": number(f.value),
                "threshold": number(f.threshold),
                "rule": f.source,
            }
            for f in score.flags
        ],
        "prorated_items": list(score.prorated_items),
        # rules with no value for this population ("not available", never borrowed; §1.5)
        "not_available": list(score.not_available),
    }
    if score.means is not None:
        data["means"] = dict(score.means)
    return data


def cutoffs_to_json(positions: Iterable[CutoffPosition]) -> list[dict[str, Any]]:
    """A total against the measure's cut-offs (``cutoff`` None: none for this population)."""
    return [
        {
            "name": p.name,
            "population": p.population,
            "value": None if p.cutoff is None else number(p.cutoff.value),
            "concern": None if p.cutoff is None else p.cutoff.concern.value,
            "in_concern_range": p.in_concern_range,
            "note": None if p.cutoff is None else p.cutoff.note,
        }
        for p in positions
    ]


def alert_to_json(alert: Alert) -> dict[str, Any]:
    """One alert with its evidence."""
    evidence = alert.evidence
    return {
        "kind": alert.kind,
        "severity": alert.severity,
        "measure": alert.measure,
        "completed_by": alert.completed_by,  # the respondent of the series it was raised on
        "date": alert.date.isoformat(),
        "reason": alert.reason,
        "evidence": {
            "measure": evidence.measure,
            "dates": [d.isoformat() for d in evidence.dates],
            "scores": [number(s) for s in evidence.scores],
            "threshold": None if evidence.threshold is None else number(evidence.threshold),
        },
        "rule": alert.rule,
    }


def _change(change: ChangeResult | None) -> dict[str, Any] | None:
    if change is None:
        return None
    return {
        "since_intake": float(change.delta),
        "category": change.category.value,
        "reliable_change_threshold": change.threshold,
        "rc": None if change.rc is None else round(change.rc, 3),
        "crossed_cutoff": change.crossed,
        "method": change.method,
        "reason": change.reason,
    }


def _point(point: TrajectoryPoint) -> dict[str, Any]:
    expected = point.expected
    return {
        "number": point.number,
        "date": point.date.isoformat(),
        "session": point.session,
        "population": point.population,
        "score": score_to_json(point.score),
        "change": _change(point.change),
        "expected": None
        if expected is None
        else {
            "status": expected.status.value,
            "expected": expected.expected,
            "boundary": expected.boundary,
            "reason": expected.reason,
        },
    }


def trajectory_to_json(trajectory: Trajectory) -> dict[str, Any]:
    """A trajectory: measure, respondent, the parameters used and every point."""
    params = trajectory.params
    return {
        "measure": trajectory.measure,
        "completed_by": trajectory.completed_by,  # one series per measure and respondent
        "expected_response": None
        if params is None
        else {
            "target": params.target,
            "rate": params.rate,
            "tolerance": params.tolerance,
            "first_check_session": params.first_check_session,
            "populations": list(params.populations),
            "rule": params.source,
        },
        "points": [_point(p) for p in trajectory.points],
    }


def report_to_json(report: MeasuresReport) -> dict[str, Any]:
    """The whole report (``schema: alliancelens.measures-report/1``)."""
    return {
        "schema": "alliancelens.measures-report/1",
        "source": report.source,
        # which definitions scored this report: shipped, or with the clinic's own (QA38 #1)
        "definitions": report.definitions_source.as_json(),
        "alerts_scope": "history" if report.history else "latest",
        # alert kinds left out of this report (--disable); empty when every rule ran
        "disabled_alerts": sorted(report.config.disabled),
        "clients": [
            {
                "client": c.client,
                "trajectories": [trajectory_to_json(t) for t in c.trajectories],
                "alerts": [alert_to_json(a) for a in c.alerts],
                # rules that did not run at each measure's latest form for its population:
                # an empty "alerts" is not an all-clear for these
                "not_evaluated": [
                    {
                        "measure": t.measure,
                        "completed_by": t.completed_by,
                        "kind": n.kind,
                        "reason": n.reason,
                    }
                    for t in c.trajectories
                    for n in not_evaluated_at(report.definitions[t.measure], t)
                ],
            }
            for c in report.clients
        ],
    }


def definition_to_json(defn: MeasureDefinition) -> dict[str, Any]:
    """A summary of one definition (for ``measures list --json``)."""
    return {
        "name": defn.name,
        "short": defn.short,
        "title": defn.title,
        "construct": defn.construct,
        "items": len(defn.items),
        "response": {
            "min": number(defn.response.minimum),
            "max": number(defn.response.maximum),
            "decimals": defn.response.decimals,
        },
        "total": {"min": number(defn.total_min), "max": number(defn.total_max)},
        "higher_is_better": defn.higher_is_better,
        "subscales": [s.name for s in defn.subscales],
        "wording": _wording_status(defn),
        "administrable": defn.administrable,
        "cutoffs": [
            {
                "name": c.name,
                "value": number(c.value),
                "concern": c.concern.value,
                "population": c.population,
                "tag": c.tag,
                "rule": c.source,
            }
            for c in defn.cutoffs
        ],
        "severity_bands": [{"label": b.label, "from": number(b.lower)} for b in defn.severity],
        "severity_tag": defn.severity_tag or None,
        "rules": [
            {"kind": f.kind, "tag": f.tag, "populations": list(f.populations), "rule": f.source}
            for f in defn.flags
        ]
        + (
            []
            if defn.drop is None
            else [
                {
                    "kind": "drop",
                    "points": number(defn.drop.points),
                    "tag": defn.drop.tag,
                    "populations": list(defn.drop.populations),
                    "rule": defn.drop.source,
                }
            ]
        ),
        "origin": defn.origin,
    }


def _wording_status(defn: MeasureDefinition) -> str:
    if not defn.licence.wording_included:
        return "label-only"
    return "licensed (imported)" if defn.licence.licensee else "included"
