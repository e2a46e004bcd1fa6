"""Alerts over a client's series: each with a plain-language reason, the numbers and the rule.

Alerts are prompts for a clinician, never verdicts (clinical-reference.md §0.2 rule 4). Measure-
specific thresholds (cut-offs, the SRS item rule, the SRS drop rule) live in the measure's
definition file with their citations; the policy values below (how many sessions make a "fit
check" or a "discuss ending" prompt) are AllianceLens product defaults, configurable in
:class:`AlertConfig`. See docs/measures/alerts.md.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from alliancelens.errors import MeasureError
from alliancelens.measures.change import CLINICAL_CUTOFF, ChangeCategory
from alliancelens.measures.definition import MeasureDefinition
from alliancelens.measures.expected import TrackStatus
from alliancelens.measures.scoring import fmt, fmt_score
from alliancelens.measures.trajectory import Trajectory, TrajectoryPoint

__all__ = [
    "ALLIANCE_CUTOFF",
    "ALWAYS_ON",
    "Alert",
    "AlertConfig",
    "AlertEvidence",
    "AlertKind",
    "alert_history",
    "alert_kinds",
    "alerts_at",
    "parse_alert_kinds",
]

#: Name of the cut-off below which an alliance measure signals concern (SRS: 36).
ALLIANCE_CUTOFF = "alliance"

_PRODUCT = "AllianceLens product default (docs/measures/alerts.md); configurable in AlertConfig"


class AlertKind(StrEnum):
    """Alert kinds raised by series rules (flag rules in definitions may add their own kinds)."""

    ALLIANCE_BELOW_CUTOFF = "alliance_below_cutoff"
    ALLIANCE_ITEM_LOW = "alliance_item_low"
    ALLIANCE_DROP = "alliance_drop"
    SCORE_WORSENED = "score_worsened"
    NOT_ON_TRACK = "not_on_track"
    RELIABLE_DETERIORATION = "reliable_deterioration"
    SAFETY_ITEM = "safety_item"
    FIT_CHECK = "fit_check"
    DISCUSS_ENDING = "discuss_ending"
    INTAKE_OUTSIDE_CLINICAL_RANGE = "intake_outside_clinical_range"


@dataclass(frozen=True, slots=True)
class AlertEvidence:
    """The numbers behind an alert: the administrations it looked at and the threshold used."""

    measure: str
    dates: tuple[dt.date, ...]
    scores: tuple[float, ...]
    threshold: float | None = None


@dataclass(frozen=True, slots=True)
class Alert:
    """One alert: what, how pressing, why (with numbers), the evidence and the rule's source.

    ``completed_by`` is the respondent of the series it was raised on; another rater's alert
    (a caregiver's ORS) says so at the start of ``reason``, so no view reads it as the client's.
    """

    kind: str
    severity: str  # "info", "warning" or "urgent"
    measure: str
    date: dt.date
    reason: str
    evidence: AlertEvidence
    rule: str
    completed_by: str = "client"


@dataclass(frozen=True, slots=True)
class AlertConfig:
    """Alert policy. Defaults are product choices, not clinical findings (docs/measures/alerts.md).

    * ``fit_check_after_sessions`` / ``fit_check_window``: prompt a conversation about fit when,
      from this many administrations on, the last ``fit_check_window`` alliance totals were all
      below the alliance cut-off (issue 5 asks for "low after 4–6 sessions"; the "session 3/6/10"
      heuristic of clinical-reference.md §1.6 is [U] and is not used).
    * ``discuss_ending_window``: prompt a conversation about ending when the last this-many
      outcome totals were all outside the clinical range (and there was an earlier one).
    * ``disabled``: alert kinds to leave out. Safety prompts (:data:`ALWAYS_ON`) cannot be
      left out (clinical-reference.md §0.2 rule 4, §10): asking to is refused.
    """

    fit_check_after_sessions: int = 4
    fit_check_window: int = 3
    discuss_ending_window: int = 3
    disabled: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.fit_check_window < 1 or self.discuss_ending_window < 1:
            raise ValueError("alert windows must be at least 1 session")
        if self.fit_check_after_sessions < self.fit_check_window:
            raise ValueError("fit_check_after_sessions must be at least fit_check_window")
        object.__setattr__(self, "disabled", frozenset(self.disabled))
        if self.disabled & ALWAYS_ON:
            raise _always_on_error()


#: Alert kinds that can never be turned off: the PHQ-9 item-9 prompt is a safety prompt for a
#: clinician, and a report without it would read as "no item-9 concern" (clinical-reference.md
#: §0.2 rule 4, §10).
ALWAYS_ON: frozenset[str] = frozenset({AlertKind.SAFETY_ITEM.value})


def _always_on_error() -> MeasureError:
    return MeasureError(
        "safety_item cannot be turned off: the PHQ-9 item-9 prompt is a safety prompt that every "
        "report must show (clinical-reference.md §0.2 rule 4, §10)",
        field="--disable",
        hint="leave safety_item out of --disable",
    )


def alert_kinds(definitions: Iterable[MeasureDefinition]) -> tuple[str, ...]:
    """Every alert kind: the series rules' and the flag kinds the definitions declare."""
    kinds = {k.value for k in AlertKind} | {f.kind for d in definitions for f in d.flags}
    return tuple(sorted(kinds))


def parse_alert_kinds(
    values: Iterable[str], definitions: Iterable[MeasureDefinition]
) -> frozenset[str]:
    """Alert kinds as typed (case, ``-`` or ``_`` do not matter); an unknown one is refused."""
    known = alert_kinds(definitions)
    kinds = set()
    for value in values:
        kind = value.strip().lower().replace("-", "_")
        if kind not in known:
            raise MeasureError(
                "unknown alert kind", field="--disable", hint=f"valid kinds: {', '.join(known)}"
            )
        if kind in ALWAYS_ON:
            raise _always_on_error()
        kinds.add(kind)
    return frozenset(kinds)


def alerts_at(
    defn: MeasureDefinition,
    trajectory: Trajectory,
    config: AlertConfig | None = None,
    *,
    index: int = -1,
    series: bool = True,
) -> tuple[Alert, ...]:
    """Alerts as they stood at point ``index`` of the series (default: the latest).

    Only the forms up to and including ``index`` are read, so the alerts a form raised do not
    change when later forms are recorded (a session's note keeps the alerts of its own forms;
    QA43 #1). ``series=False`` gives the form's own flags only (the SRS cut-off and item rules,
    the PHQ-9 item-9 prompt): for a series of which some forms are withheld from the viewer,
    where the series rules would read a gap as a change. Each alert carries the series'
    respondent (:attr:`Trajectory.completed_by`).
    """
    config = config or AlertConfig()
    points = trajectory.points[: len(trajectory.points) + index + 1 if index < 0 else index + 1]
    if not points:
        return ()
    found = _flag_alerts(defn, points[-1])
    if series:
        found += [
            *_drop(defn, points),
            *_not_on_track(defn, trajectory, len(points) - 1),
            *_deterioration(defn, points[0], points[-1]),
            *_fit_check(defn, points, config),
            *_discuss_ending(defn, points, config),
            *_intake_outside(defn, points),
        ]
    rater = trajectory.completed_by
    return tuple(_rated(a, rater) for a in found if a.kind not in config.disabled)


def _rated(alert: Alert, rater: str) -> Alert:
    """``alert`` from ``rater``'s series; another rater's says so at the start of its reason."""
    if rater == "client":
        return alert
    reason = f"(completed by {rater}) {alert.reason}"
    return dataclasses.replace(alert, reason=reason, completed_by=rater)


def alert_history(
    defn: MeasureDefinition, trajectory: Trajectory, config: AlertConfig | None = None
) -> tuple[Alert, ...]:
    """Alerts at every point of the series, oldest first."""
    return tuple(
        alert
        for index in range(len(trajectory.points))
        for alert in alerts_at(defn, trajectory, config, index=index)
    )


def _evidence(
    defn: MeasureDefinition, points: tuple[TrajectoryPoint, ...], threshold: float | None = None
) -> AlertEvidence:
    return AlertEvidence(
        defn.name, tuple(p.date for p in points), tuple(p.score.total for p in points), threshold
    )


def _flag_alerts(defn: MeasureDefinition, point: TrajectoryPoint) -> list[Alert]:
    return [
        Alert(
            flag.kind,
            flag.severity,
            defn.name,
            point.date,
            flag.reason,
            # the value the rule compared (an item's response for an item rule, not the total)
            AlertEvidence(defn.name, (point.date,), (flag.value,), flag.threshold),
            flag.source,
        )
        for flag in point.score.flags
    ]


def _drop(defn: MeasureDefinition, points: tuple[TrajectoryPoint, ...]) -> list[Alert]:
    if defn.drop is None or len(points) < 2:
        return []
    previous, current = points[-2], points[-1]
    # the rule's source covers some populations only (SRS: 13+, clinical-reference.md §1.5);
    # a change of population between the two forms is not a drop either
    if not defn.drop.applies_to(current.population) or previous.population != current.population:
        return []
    change = current.score.total - previous.score.total
    worsening = -change if defn.higher_is_better else change
    if worsening < defn.drop.points - 1e-9:
        return []
    alliance = defn.construct == "alliance"
    unit = "point" if defn.drop.points == 1 else "points"
    reason = (
        f"{defn.short} total went from {fmt_score(defn, previous.score.total)} on "
        f"{previous.date} to {fmt_score(defn, current.score.total)} on {current.date} "
        f"({change:+.{defn.response.decimals}f}); the rule flags a change of "
        f"{fmt(defn.drop.points)} {unit} or more for the worse since the last session. "
        "Ask what was different about this session."
    )
    kind = AlertKind.ALLIANCE_DROP if alliance else AlertKind.SCORE_WORSENED
    return [
        Alert(
            kind,
            "warning",
            defn.name,
            current.date,
            reason,
            _evidence(defn, (previous, current), defn.drop.points),
            defn.drop.source,
        )
    ]


def _ordinal(n: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``4th``, ``11th``, ``22nd``."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _not_on_track(defn: MeasureDefinition, trajectory: Trajectory, index: int) -> list[Alert]:
    point = trajectory.points[index]
    expected = point.expected
    if expected is None or expected.status is not TrackStatus.NOT_ON_TRACK:
        return []
    params = trajectory.params
    rule = params.source if params else ""
    side = "below" if defn.higher_is_better else "above"
    reason = (
        # "the 4th administration", one wording for CLI and web (QA29 #15): "session 4" read
        # as stored session 4, which is another numbering
        f"{defn.short} {fmt_score(defn, point.score.total)} at the {_ordinal(point.number)} "
        f"administration is "
        f"{side} the expected {expected.expected or 0.0:.2f} for this intake score by more "
        f"than the tolerance (boundary {expected.boundary or 0.0:.2f}): the client is not on "
        "track. "
        "Review the plan with the client."
    )
    return [
        Alert(
            AlertKind.NOT_ON_TRACK,
            "warning",
            defn.name,
            point.date,
            reason,
            _evidence(defn, (point,), expected.boundary),
            rule,
        )
    ]


def _deterioration(
    defn: MeasureDefinition, intake: TrajectoryPoint, point: TrajectoryPoint
) -> list[Alert]:
    change = point.change
    if change is None or change.category is not ChangeCategory.DETERIORATED:
        return []
    reason = (
        f"{defn.short} moved from {fmt_score(defn, change.baseline)} at intake to "
        f"{fmt_score(defn, change.current)} ({change.delta:+.{defn.response.decimals}f}), "
        "a reliable change for the worse (reliable when the change is at least "
        f"{fmt(change.threshold or 0.0)} points). Review the case now."
    )
    return [
        Alert(
            AlertKind.RELIABLE_DETERIORATION,
            "warning",
            defn.name,
            point.date,
            reason,
            # one date per score: the intake's and this form's
            AlertEvidence(
                defn.name,
                (intake.date, point.date),
                (change.baseline, change.current),
                change.threshold,
            ),
            f"Jacobson & Truax 1991; {change.source}",
        )
    ]


def _fit_check(
    defn: MeasureDefinition, points: tuple[TrajectoryPoint, ...], config: AlertConfig
) -> list[Alert]:
    current = points[-1]
    cutoff = defn.cutoff(ALLIANCE_CUTOFF, current.population)
    if cutoff is None or len(points) < config.fit_check_after_sessions:
        return []
    window = points[-config.fit_check_window :]
    if not all(cutoff.in_concern_range(p.score.total) for p in window):
        return []
    totals = ", ".join(fmt_score(defn, p.score.total) for p in window)
    reason = (
        f"{defn.short} has been {cutoff.concern.words} {fmt(cutoff.value)} at each of the last "
        f"{len(window)} sessions ({totals}) after {len(points)} sessions: check the fit with the "
        "client (goals, approach, or a different therapist or service)."
    )
    return [
        Alert(
            AlertKind.FIT_CHECK,
            "warning",
            defn.name,
            current.date,
            reason,
            _evidence(defn, window, cutoff.value),
            f"{_PRODUCT}; cut-off: {cutoff.source}",
        )
    ]


def _discuss_ending(
    defn: MeasureDefinition, points: tuple[TrajectoryPoint, ...], config: AlertConfig
) -> list[Alert]:
    current = points[-1]
    cutoff = defn.cutoff(CLINICAL_CUTOFF, current.population)
    if cutoff is None or len(points) <= config.discuss_ending_window:
        return []
    window = points[-config.discuss_ending_window :]
    if any(cutoff.in_concern_range(p.score.total) for p in window):
        return []
    # never while the scores worsen: an intake outside the clinical range that then falls calls
    # for a conversation about the scores, not about ending (clinical-reference.md §1.5)
    if _worse(defn, points[0], current) or _worse(defn, window[0], current):
        return []
    totals = ", ".join(fmt_score(defn, p.score.total) for p in window)
    reason = (
        f"{defn.short} has been outside the clinical range (cut-off {fmt(cutoff.value)}) at each "
        f"of the last {len(window)} sessions ({totals}), with no worsening since intake: "
        "consider discussing ending or spacing out sessions with the client."
    )
    return [
        Alert(
            AlertKind.DISCUSS_ENDING,
            "info",
            defn.name,
            current.date,
            reason,
            _evidence(defn, window, cutoff.value),
            f"{_PRODUCT}; cut-off: {cutoff.source}",
        )
    ]


#: Where the intake prompt comes from: the developers' note on the cut-off (clinical-reference.md
#: §1.5 [V: BON-Cutoff]): an intake above it calls for a conversation, not a verdict.
_INTAKE_RULE = (
    "Better Outcomes Now 2017 (BON-Cutoff): an intake outside the clinical range is discussed "
    "(is the score accurate? why is the client here?); clinical-reference.md §1.5"
)


def _intake_outside(defn: MeasureDefinition, points: tuple[TrajectoryPoint, ...]) -> list[Alert]:
    """At the intake only: a total outside the clinical range prompts a conversation (QA38 #16).

    The cut-off is a reference point and a first check that the mark matches the client's
    story, not a judgement; the developers ask for a conversation about whether the score is
    accurate and why the client is here (clinical-reference.md §1.5 [V: BON-Cutoff]). Uses the
    measure's ``clinical`` cut-off for the population (the ORS for adults and adolescents).
    """
    if len(points) != 1:
        return []
    intake = points[0]
    cutoff = defn.cutoff(CLINICAL_CUTOFF, intake.population)
    if cutoff is None or cutoff.in_concern_range(intake.score.total):
        return []
    reason = (
        f"{defn.short} {fmt_score(defn, intake.score.total)} at intake is outside the clinical "
        f"range (cut-off {fmt(cutoff.value)}, a reference point, not a judgement): talk with "
        "the client about whether the marks match their story and what brings them to "
        "therapy now."
    )
    return [
        Alert(
            AlertKind.INTAKE_OUTSIDE_CLINICAL_RANGE,
            "info",
            defn.name,
            intake.date,
            reason,
            _evidence(defn, (intake,), cutoff.value),
            f"{_INTAKE_RULE}; cut-off: {cutoff.source}",
        )
    ]


def _worse(defn: MeasureDefinition, earlier: TrajectoryPoint, later: TrajectoryPoint) -> bool:
    """Whether ``later``'s total is worse than ``earlier``'s (by the measure's direction)."""
    change = later.score.total - earlier.score.total
    return (-change if defn.higher_is_better else change) > 1e-9
