"""Sentences from the measure forms given at this session: scores and alerts.

Each form is labelled by who completed it (``completed by the client`` / ``completed by the
caregiver``), the client's own forms come first and every evidence item carries
``completed_by``: a caregiver's ORS next to the child's own is a second series, never the
client's rating (docs/measures/README.md, "Two raters"; QA 32 #1).
"""

from __future__ import annotations

from alliancelens.measures import MeasuresReport, session_alerts
from alliancelens.measures.alerts import ALLIANCE_CUTOFF
from alliancelens.measures.change import CLINICAL_CUTOFF, ChangeCategory, ChangeResult
from alliancelens.measures.definition import MeasureDefinition
from alliancelens.measures.entry import rater_order
from alliancelens.measures.scoring import fmt_score
from alliancelens.measures.trajectory import Trajectory, TrajectoryPoint
from alliancelens.notes.model import Evidence, Sentence

__all__ = ["measure_alerts", "measure_scores"]


def _short(report: MeasuresReport, name: str) -> str:
    defn = report.definitions.get(name)
    return defn.short if defn else name.upper()


def _number(defn: MeasureDefinition | None, value: float) -> str:
    """A value with the measure's precision (``7.0`` on the ORS, ``5`` on the PHQ-9)."""
    return fmt_score(defn, value) if defn else f"{value:g}"


def _signed(defn: MeasureDefinition | None, delta: float) -> str:
    """``+7.0`` / ``-5.1`` / ``0.0``: the measure's precision, an ASCII minus (QA38 #10).

    The same form as the alert lines of the same note (``measures/alerts.py``), which print
    ``-5.1``; before, the change read ``(−5.1)`` and an ORS gain ``(+7)``.
    """
    if not delta:
        return _number(defn, 0.0)
    return f"{'+' if delta > 0 else '-'}{_number(defn, abs(delta))}"


def _change(change: ChangeResult, defn: MeasureDefinition | None) -> str:
    """``; change since intake: no reliable change (-4.5; reliable change needs 5.0)``.

    A change smaller than the reliable-change threshold is not "unchanged" (QA 20 #13): the
    score moved, by less than measurement error allows to call reliable (clinical-reference.md
    §3.1 [JacobsonTruax1991]). The raw change is always printed, with the measure's precision.
    """
    if change.category is ChangeCategory.NOT_AVAILABLE:
        return ""
    delta = _signed(defn, change.delta)
    if change.category is ChangeCategory.UNCHANGED:
        need = (
            f"; reliable change needs {_number(defn, change.threshold)}" if change.threshold else ""
        )
        return f"; change since intake: no reliable change ({delta}{need})"
    return f"; change since intake: {change.category.value} ({delta})"


def _below_cutoff(report: MeasuresReport, measure: str, point: TrajectoryPoint) -> str:
    """``, below the alliance cut-off of 36`` when an alliance total is in the concern range.

    The cut-off is the measure definition's (SRS < 36, clinical-reference.md §1 table [Duncan2003];
    docs/measures/alerts.md), the same one the ``alliance_below_cutoff`` alert uses. An outcome
    total (ORS) says on which side of its clinical cut-off it lies, either way (QA38 #10: the
    SRS sentence said so, the ORS one did not): ``, in the clinical range (below the cut-off
    of 25)`` / ``, not in the clinical range (cut-off 25)`` (clinical-reference.md §1.5).
    """
    defn = report.definitions.get(measure)
    cutoff = defn.cutoff(ALLIANCE_CUTOFF, point.population) if defn else None
    if cutoff is not None:
        if not cutoff.in_concern_range(point.score.total):
            return ""
        side = cutoff.concern.value.replace("_", " ")
        return f", {side} the alliance cut-off of {cutoff.value:g}"
    clinical = defn.cutoff(CLINICAL_CUTOFF, point.population) if defn else None
    if clinical is None:
        return ""
    if clinical.in_concern_range(point.score.total):
        side = clinical.concern.value.replace("_", " ")
        return f", in the clinical range ({side} the cut-off of {clinical.value:g})"
    return f", not in the clinical range (cut-off {clinical.value:g})"


def _total(report: MeasuresReport, name: str, total: float) -> str:
    """A total with the measure's precision: ``ORS total 8.0``, ``PHQ-9 total 14`` (QA 32 #11)."""
    defn = report.definitions.get(name)
    return fmt_score(defn, total) if defn else f"{total:g}"


def _by(rater: str) -> str:
    """``completed by the client`` / ``completed by the caregiver``."""
    return f"completed by the {rater}"


def _score_sentence(
    report: MeasuresReport, trajectory: Trajectory, point: TrajectoryPoint, session: str
) -> Sentence:
    """``ORS total 8.0, completed by the caregiver on 2026-11-02; change since intake: …``."""
    short = _short(report, trajectory.measure)
    parts = [f"{short} total {_total(report, trajectory.measure, point.score.total)}"]
    if point.score.severity:
        parts.append(f"({point.score.severity} range)")
    text = " ".join(parts) + f", {_by(trajectory.completed_by)} on {point.date.isoformat()}"
    text += _below_cutoff(report, trajectory.measure, point)
    if point.change is not None:
        text += _change(point.change, report.definitions.get(trajectory.measure))
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
            "completed_by": trajectory.completed_by,
            "total": point.score.total,
        },
    )
    return Sentence(text + ".", (evidence,))


def _by_rater(trajectories: tuple[Trajectory, ...]) -> list[Trajectory]:
    """The client's own series first (all measures), then each other rater's (stable)."""
    return sorted(trajectories, key=lambda t: rater_order(t.completed_by))


def measure_scores(report: MeasuresReport | None, session: str) -> list[Sentence]:
    """One sentence per form given at ``session``: total, rater, severity, change, track."""
    if report is None:
        return []
    return [
        _score_sentence(report, trajectory, point, session)
        for client in report.clients
        for trajectory in _by_rater(client.trajectories)
        for point in trajectory.points
        if point.session == session
    ]


def measure_alerts(report: MeasuresReport | None, session: str) -> list[Sentence]:
    """Every measure alert raised at this session's forms, for clinician review.

    The alerts each form raised when it was recorded (:func:`~alliancelens.measures.session_alerts`:
    the series up to and including that form), so a note drafted or redrafted after a later
    form keeps them (QA43 #1: the PHQ-9 item-9 prompt left the note once a later PHQ-9 was
    recorded).
    """
    sentences = []
    for alert in session_alerts(report, session):
        short = _short(report, alert.measure) if report else alert.measure
        evidence = Evidence(
            "measure",
            {
                "measure": short,
                "session": session,
                "date": alert.date.isoformat(),
                "completed_by": alert.completed_by,
                "alert": alert.kind,
                "severity": alert.severity,
                "rule": alert.rule,
            },
        )
        sentences.append(Sentence(f"Measure alert ({alert.severity}): {alert.reason}", (evidence,)))
    return sentences
