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
from alliancelens.measures import Alert, MeasuresReport, TrackStatus, Trajectory, session_alerts
from alliancelens.measures.alerts import AlertKind
from alliancelens.measures.change import CLINICAL_CUTOFF
from alliancelens.measures.entry import rater_label
from alliancelens.measures.scoring import fmt_score

__all__ = [
    "FORMS_WITHHELD_RULE",
    "intake_above_cutoff",
    "measure_alerts",
    "measures_withheld",
    "session_measure_alerts",
]

#: The rule id of the notice that some of the client's forms are not shown to the viewer.
FORMS_WITHHELD_RULE = "measures_withheld"

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
        if alert.kind == AlertKind.INTAKE_OUTSIDE_CLINICAL_RANGE:
            continue  # said by intake_above_cutoff, with the conversation to have (one row)
        trajectory = _series_of(report.trajectories, alert)
        if trajectory is None or _left_to_fit_rule(alert, trajectory, config):
            continue
        yield _alert_insight(caseload, alert, trajectory, "measure_alerts")


def session_measure_alerts(
    caseload: Caseload,
    config: InsightConfig,  # noqa: ARG001 - every rule has the same signature
) -> Iterator[Insight]:
    """The alerts raised at the forms linked to the caseload's sessions (``insights session:ID``).

    Each form's alerts as they stood when it was recorded (:func:`~alliancelens.measures.
    session_alerts`: the series up to and including that form), so a later form does not take
    them off the session (QA43 #3). A session rule: ``insights client:ID`` lists the current
    alerts with :func:`measure_alerts` instead (one row per finding, never both). The rules and
    their sources are the measure definitions' (PCOMS cut-offs and reliable change,
    clinical-reference.md §1.5, §3; each alert names its rule).
    """
    report = caseload.measures
    if report is None:
        return
    whole = MeasuresReport("", (report,), caseload.definitions)
    for record in caseload.sessions:
        for alert in session_alerts(whole, record.session_id):
            trajectory = _series_of(report.trajectories, alert)
            if trajectory is not None:
                yield _alert_insight(caseload, alert, trajectory, "session_measure_alerts")


def _alert_insight(caseload: Caseload, alert: Alert, trajectory: Trajectory, rule: str) -> Insight:
    defn = caseload.definitions.get(alert.measure)
    short = defn.short if defn is not None else alert.measure
    rater = rater_label(alert.completed_by)
    label = f"{short} ({rater})" if rater else short
    return Insight(
        InsightKind.ALERT,
        f"{label}: {alert.kind.replace('_', ' ')} ({alert.severity})",
        f"{alert.reason} Rule: {alert.rule}.",
        tuple(_evidence(label, alert, trajectory)),
        _TRY.get(alert.severity, _TRY["info"]),
        rule,
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
    """One entry per form the alert looked at (its session, else the form); never empty.

    The item-low rule's score is the form's lowest item, not its total (QA40 #12: "SRS 4"
    read as a total of 4): its key says so (``SRS lowest item``).
    """
    points = {p.date: p for p in trajectory.points}
    threshold = alert.evidence.threshold
    key = f"{label} lowest item" if alert.kind == AlertKind.ALLIANCE_ITEM_LOW else label
    found = []
    for day, score in zip(alert.evidence.dates, alert.evidence.scores, strict=False):
        point = points.get(day)
        if point is None:
            continue
        scores = {key: score}
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


def intake_above_cutoff(
    caseload: Caseload,
    config: InsightConfig,  # noqa: ARG001 - every rule has the same signature
) -> Iterator[Insight]:
    """An outcome measure's intake outside the clinical range: talk about it (§1.5 BON-Cutoff).

    QA38 #16: an intake above the ORS cut-off got no prompt and, three sessions later, a
    "discuss ending" alert. clinical-reference.md §1.5 [V: BON-Cutoff]: the cut-off is a
    reference point, and an intake above it calls for a conversation (is the score accurate?
    why is the client here?), not an automatic verdict. Outcome measures (construct
    ``outcome``) with a clinical cut-off for the intake's population only; never on a series
    with withheld forms (its first visible form need not be the intake).
    """
    report = caseload.measures
    if report is None or caseload.partial_measures:
        return
    for trajectory in report.trajectories:
        defn = caseload.definitions.get(trajectory.measure)
        if defn is None or defn.construct != "outcome" or not trajectory.points:
            continue
        intake = trajectory.points[0]
        cutoff = defn.cutoff(CLINICAL_CUTOFF, intake.population)
        if cutoff is None or cutoff.in_concern_range(intake.score.total):
            continue
        rater = rater_label(trajectory.completed_by)
        label = f"{defn.short} ({rater})" if rater else defn.short
        yield Insight(
            InsightKind.PROMPT,
            f"{label} intake outside the clinical range",
            f"The first {label} form ({fmt_score(defn, intake.score.total)} on "
            f"{intake.date.isoformat()}) is not in the clinical range (cut-off "
            f"{cutoff.value:g}, {intake.population}). The cut-off is a reference point, not a "
            "judgement about the client (clinical-reference.md §1.5, BON-Cutoff): an intake "
            "outside the clinical range calls for a conversation, and a later 'discuss ending' "
            "alert for this client reads against an intake that was already there.",
            (
                InsightEvidence(
                    intake.session or f"{label} #{intake.number}",
                    scores={label: intake.score.total, "cutoff": cutoff.value},
                ),
            ),
            "Talk with the client about the score: does it fit how they are doing, and what "
            "brings them here now? Agree together what change would matter to them.",
            "intake_above_cutoff",
            caseload.client,
        )


def measures_withheld(client: str, shown: int, text: str) -> Insight:
    """The notice that some of the client's forms are not shown to the viewer (QA37 #1).

    A supervisor sees the forms linked to sessions shared with them; when the client has other
    forms, the series rules (change since intake, on-track status, trajectory alerts, measure
    trends) are left out and this row says so in the table and in ``--json``, instead of the
    forms vanishing silently. ``text`` is the store's line (records/supervision.py).
    """
    return Insight(
        InsightKind.PROMPT,
        "Some of this client's measure forms are not shown to you",
        f"{text} The rules read the {shown} form(s) linked to sessions shared with you.",
        (InsightEvidence("measure forms", scores={"forms_shown": float(shown)}),),
        "Ask the therapist about the client's other forms, or to share the sessions they were "
        "given at.",
        FORMS_WITHHELD_RULE,
        client,
    )
