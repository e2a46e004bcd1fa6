"""Which alert rules did not run at a form, and why (so that silence never reads as an all-clear).

A rule whose source does not cover the client's population (clinical-reference.md §1.5: the ORS
has no reliable-change value for adolescents or children, the expected-response curve holds for
adults only, the child ORS and SRS have no published cut-off) produces no alert. Reports and the
record path list these rules as *not evaluated for this population* next to the alerts, the way a
risk analyser that did not run is shown as *not analysed*, never as *no risk*
(clinical-reference.md §0.2 rule 4). See docs/measures/alerts.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from alliancelens.measures.alerts import ALLIANCE_CUTOFF, AlertKind
from alliancelens.measures.change import CLINICAL_CUTOFF, ChangeCategory
from alliancelens.measures.definition import MeasureDefinition
from alliancelens.measures.expected import TrackStatus
from alliancelens.measures.trajectory import Trajectory, TrajectoryPoint

__all__ = ["NotEvaluated", "not_evaluated_at", "not_evaluated_text"]


@dataclass(frozen=True, slots=True)
class NotEvaluated:
    """An alert rule that did not run at a form: its alert kind and why, in plain words."""

    kind: str
    reason: str


def not_evaluated_at(
    defn: MeasureDefinition, trajectory: Trajectory, *, index: int = -1
) -> tuple[NotEvaluated, ...]:
    """The rules of ``defn`` that did not run at point ``index`` of ``trajectory`` (population).

    Covers the form's own flag rules (a rule whose source excludes the population, or whose
    cut-off has no value for it), the drop rule, reliable deterioration, the expected-response
    track, the fit check and discuss ending. Rules that simply need more forms (an intake has no
    change yet) are not listed: they ran and had nothing to judge.
    """
    point = trajectory.points[index]
    population = point.population
    found = [
        *_form_rules(defn, population),
        *_series_rules(defn, trajectory, point),
        *_cutoff_rules(defn, population, intake=point is trajectory.points[0]),
    ]
    unique: dict[str, NotEvaluated] = {}
    for item in found:
        unique.setdefault(item.kind, item)
    return tuple(unique.values())


def not_evaluated_text(items: tuple[NotEvaluated, ...], *, measure: str = "") -> str:
    """``reliable_deterioration (no reliable-change value …); not_on_track (…)``, one line."""
    prefix = f"{measure} " if measure else ""
    return "; ".join(f"{prefix}{n.kind} ({n.reason})" for n in items)


def _for(population: str) -> str:
    return f"not available for this population ({population})"


def _no_cutoff(defn: MeasureDefinition, name: str, population: str) -> str:
    """Why a cut-off rule did not run; the measure's page says why none is defined (QA 32 #9).

    Not "none is published": for a child's ORS a cut-off is published for another measure (the
    CORS, 32 [S], clinical-reference.md §1.5), which this definition does not apply.
    """
    return (
        f"the {defn.short} definition has no {name} cut-off for {population} "
        f"(docs/measures/{defn.name}.md)"
    )


def _form_rules(defn: MeasureDefinition, population: str) -> list[NotEvaluated]:
    found = []
    for rule in defn.flags:
        if not rule.applies_to(population):
            found.append(
                NotEvaluated(rule.kind, f"{_for(population)}: its source does not cover it")
            )
        elif rule.cutoff is not None and defn.cutoff(rule.cutoff, population) is None:
            found.append(NotEvaluated(rule.kind, _no_cutoff(defn, rule.cutoff, population)))
    if defn.drop is not None and not defn.drop.applies_to(population):
        kind = AlertKind.ALLIANCE_DROP if defn.construct == "alliance" else AlertKind.SCORE_WORSENED
        found.append(NotEvaluated(kind.value, f"{_for(population)}: its source does not cover it"))
    return found


def _series_rules(
    defn: MeasureDefinition, trajectory: Trajectory, point: TrajectoryPoint
) -> list[NotEvaluated]:
    found = []
    change = point.change
    if defn.reliable_change:  # measures without any reliable-change rule never raise this alert
        if change is not None and change.category is ChangeCategory.NOT_AVAILABLE:
            found.append(
                NotEvaluated(AlertKind.RELIABLE_DETERIORATION.value, change.reason or _for(""))
            )
        elif change is None and defn.reliable_change_for(point.population) is None:
            found.append(
                NotEvaluated(
                    AlertKind.RELIABLE_DETERIORATION.value,
                    # the words change.py uses after the intake (QA 32 #11: one wording)
                    f"{defn.short} has no reliable-change value for this population "
                    f"({point.population})",
                )
            )
    expected = point.expected
    if expected is not None and expected.status is TrackStatus.NOT_AVAILABLE:
        reason = expected.reason or _for(point.population)
        found.append(
            NotEvaluated(AlertKind.NOT_ON_TRACK.value, reason.removeprefix("not available: "))
        )
    elif (
        expected is None
        and trajectory.params is not None
        and not trajectory.params.applies_to(point.population)
    ):
        found.append(NotEvaluated(AlertKind.NOT_ON_TRACK.value, _for(point.population)))
    return found


def _cutoff_rules(
    defn: MeasureDefinition, population: str, *, intake: bool = False
) -> list[NotEvaluated]:
    """Rules that need a cut-off the measure has for other populations but not this one.

    The intake prompt (an intake outside the clinical range) is listed at the intake only.
    """
    found = []
    names = {c.name for c in defn.cutoffs}
    rules = [(CLINICAL_CUTOFF, AlertKind.DISCUSS_ENDING), (ALLIANCE_CUTOFF, AlertKind.FIT_CHECK)]
    if intake:
        rules.append((CLINICAL_CUTOFF, AlertKind.INTAKE_OUTSIDE_CLINICAL_RANGE))
    for name, kind in rules:
        if name in names and defn.cutoff(name, population) is None:
            found.append(NotEvaluated(kind.value, _no_cutoff(defn, name, population)))
    return found
