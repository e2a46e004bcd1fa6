"""One client's series on one measure: every score, change since intake and track status."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from alliancelens.domain import MeasureAdministration
from alliancelens.errors import DuplicateFormError, MeasureError
from alliancelens.measures.change import ChangeCategory, ChangeResult, classify_change
from alliancelens.measures.definition import ExpectedResponseParams, MeasureDefinition
from alliancelens.measures.entry import (
    POPULATION_CHANGED,
    FormKey,
    check_not_future,
    checked_population,
    form_key,
    rater_order,
    respondent,
)
from alliancelens.measures.expected import ExpectedPoint, track_series
from alliancelens.measures.scoring import Score, score_administration

__all__ = [
    "Trajectory",
    "TrajectoryPoint",
    "build_trajectory",
    "checked_administrations",
    "natural_key",
    "session_order",
]

_DIGITS = re.compile(r"(\d+)")


@dataclass(frozen=True, slots=True)
class TrajectoryPoint:
    """One administration in a series: its number (1 = intake), score and comparisons."""

    number: int
    date: dt.date
    session: str | None
    population: str
    score: Score
    change: ChangeResult | None  # change since intake; None at the intake itself
    expected: ExpectedPoint | None  # None when the measure has no expected-response parameters


@dataclass(frozen=True, slots=True)
class Trajectory:
    """A client's administrations of one measure by one respondent, oldest first."""

    measure: str
    points: tuple[TrajectoryPoint, ...]
    params: ExpectedResponseParams | None = None  # the expected-response parameters used
    completed_by: str = "client"  # the respondent of every form (one series per rater)

    @property
    def totals(self) -> tuple[float, ...]:
        """Totals in date order."""
        return tuple(p.score.total for p in self.points)

    @property
    def latest(self) -> TrajectoryPoint:
        """The most recent administration."""
        return self.points[-1]


def build_trajectory(
    defn: MeasureDefinition,
    administrations: Sequence[MeasureAdministration],
    *,
    params: ExpectedResponseParams | None = None,
) -> Trajectory:
    """Score a series (:func:`session_order`) and compare each point with the intake.

    ``params`` overrides the definition's expected-response parameters (e.g. a clinic's own
    estimates); without either, points carry no track status. The forms must be completed by
    one respondent: a caregiver's form would move the client's intake and session numbers.
    """
    if any(a.measure != defn.name for a in administrations):
        raise MeasureError(
            f"a {defn.short} trajectory was given administrations of another measure"
        )
    raters = sorted({respondent(a) for a in administrations}, key=rater_order)
    if len(raters) > 1:
        raise MeasureError(
            f"a {defn.short} trajectory was given forms completed by {', '.join(raters)}",
            hint="build one trajectory per respondent (build_report does)",
        )
    checked = checked_administrations(administrations, lambda _: defn)
    ordered = session_order(checked)
    scores = [score_administration(defn, a) for a in ordered]
    params = params or defn.expected_response
    tracked: Sequence[ExpectedPoint | None] = (
        track_series(
            params,
            [s.total for s in scores],
            higher_is_better=defn.higher_is_better,
            populations=[a.population for a in ordered],
        )
        if params
        else [None] * len(scores)
    )
    points = []
    for number, (admin, score, expected) in enumerate(
        zip(ordered, scores, tracked, strict=True), start=1
    ):
        change = (
            _change(defn, ordered[0].population, scores[0].total, admin.population, score.total)
            if number > 1
            else None
        )
        points.append(
            TrajectoryPoint(
                number, admin.date, admin.session, admin.population, score, change, expected
            )
        )
    return Trajectory(defn.name, tuple(points), params, raters[0] if raters else "client")


def session_order(administrations: Sequence[MeasureAdministration]) -> list[MeasureAdministration]:
    """Forms oldest first; forms of one date in natural session order, else as given.

    Same-date forms are put in natural session order ("s9" before "s10", "2" before "10") when
    every one of them has a session id; otherwise they keep the order they were given in (file
    order, or the order they were stored). The session number drives the expected-response curve
    and the drop and fit-check windows (docs/measures/alerts.md).
    """
    by_date: dict[dt.date, list[MeasureAdministration]] = {}
    for admin in administrations:
        by_date.setdefault(admin.date, []).append(admin)
    ordered: list[MeasureAdministration] = []
    for date in sorted(by_date):
        day = by_date[date]
        if all(a.session for a in day):
            day = sorted(day, key=lambda a: natural_key(a.session or ""))
        ordered.extend(day)
    return ordered


def natural_key(text: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key reading runs of digits as numbers: ``s9`` < ``s10``, ``2`` < ``10``."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.lower())
        for part in _DIGITS.split(text)
        if part
    )


def _change(
    defn: MeasureDefinition, intake_population: str, baseline: float, population: str, total: float
) -> ChangeResult:
    """Change since intake; not available when the population changed (no rule spans two)."""
    if population != intake_population:
        return ChangeResult(
            baseline,
            total,
            round(total - baseline, 6),
            ChangeCategory.NOT_AVAILABLE,
            reason=f"{POPULATION_CHANGED} ({intake_population} → {population}); "
            "reliable change is only judged within one population",
        )
    return classify_change(defn, baseline, total, population=population)


def checked_administrations(
    administrations: Iterable[MeasureAdministration],
    definition: Callable[[str], MeasureDefinition],
    *,
    today: dt.date | None = None,
) -> list[MeasureAdministration]:
    """The forms with populations normalised, after the entry rules of :mod:`.entry`.

    Every form is refused as the CSV, FHIR, CLI and web paths refuse it: an unknown population,
    a date after ``today``, a second copy of an earlier form (same client, measure, date, session
    and respondent), or responses that cannot be scored. Errors name the form by its position in
    ``administrations`` (1-based), measure and date, never by client or session id.
    """
    checked: list[MeasureAdministration] = []
    seen: dict[FormKey, int] = {}
    for position, given in enumerate(administrations, start=1):
        try:
            defn = definition(given.measure)
            admin = dataclasses.replace(
                given, population=checked_population(given.population, defn)
            )
            check_not_future(admin.date, today)
            score_administration(defn, admin)
        except MeasureError as exc:
            raise _at_form(exc, position, given) from None
        earlier = seen.setdefault(form_key(admin), position)
        if earlier != position:
            raise DuplicateFormError(
                f"{_form(position, admin)} repeats form {earlier}: same client, measure, date, "
                "session and respondent",
                hint="leave out the second copy, or tell the sessions apart",
            )
        checked.append(admin)
    return checked


def _form(position: int, admin: MeasureAdministration) -> str:
    return f"form {position} ({admin.measure} dated {admin.date})"


def _at_form(exc: MeasureError, position: int, admin: MeasureAdministration) -> MeasureError:
    """The same kind of error, saying which form it is about."""
    problem = f"{_form(position, admin)}: {exc.problem}"
    return type(exc)(problem, file=exc.file, line=exc.line, field=exc.field, hint=exc.hint)
