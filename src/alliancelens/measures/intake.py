"""What a back-dated form changes: a form dated before a series' intake becomes the new intake.

Change since intake, reliable deterioration and the expected-response track are all measured
from the earliest form of a measure (docs/measures/change.md). A form entered later but dated
before that intake silently moves the baseline and can add or remove alerts at the latest form;
:func:`intake_shift` says so, so the record path can tell the clinician (docs/measures/alerts.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from alliancelens.domain.measures import MeasureAdministration
from alliancelens.errors import MeasureError
from alliancelens.measures.alerts import alerts_at
from alliancelens.measures.definition import MeasureDefinition
from alliancelens.measures.scoring import fmt_score
from alliancelens.measures.trajectory import build_trajectory, session_order

__all__ = ["IntakeShift", "intake_shift"]


@dataclass(frozen=True, slots=True)
class IntakeShift:
    """The new form became the intake: the old intake's total and which latest alerts changed."""

    measure: str
    later_forms: int
    old_intake: str  # the old intake total with the measure's precision
    new_intake: str
    alerts_added: tuple[str, ...]
    alerts_removed: tuple[str, ...]

    @property
    def text(self) -> str:
        """One plain sentence for the record path."""
        forms = "form" if self.later_forms == 1 else "forms"
        line = (
            f"this form is now the intake (baseline) for {self.measure}: change for the "
            f"{self.later_forms} later {forms} is now measured from {self.new_intake} instead of "
            f"{self.old_intake}"
        )
        if self.alerts_removed:
            line += f"; no longer raised at the latest form: {', '.join(self.alerts_removed)}"
        if self.alerts_added:
            line += f"; now raised at the latest form: {', '.join(self.alerts_added)}"
        return line


def intake_shift(
    defn: MeasureDefinition,
    series: Sequence[MeasureAdministration],
    new: MeasureAdministration,
) -> IntakeShift | None:
    """The shift when ``new`` (one of ``series``) is now the intake of a longer series, else None.

    ``series`` is every stored form of ``defn``'s measure for the client, ``new`` included
    (the same object). None when ``new`` is not the first form, is the only one, or the series
    cannot be scored.
    """
    after = session_order(list(series))
    if len(after) < 2 or after[0] is not new:
        return None
    before = [a for a in after if a is not new]
    try:
        old, now = build_trajectory(defn, before), build_trajectory(defn, after)
    except MeasureError:
        return None
    kinds_before = {str(a.kind) for a in alerts_at(defn, old)}
    kinds_after = {str(a.kind) for a in alerts_at(defn, now)}
    return IntakeShift(
        defn.short,
        len(before),
        fmt_score(defn, old.points[0].score.total),
        fmt_score(defn, now.points[0].score.total),
        tuple(sorted(kinds_after - kinds_before)),
        tuple(sorted(kinds_before - kinds_after)),
    )
