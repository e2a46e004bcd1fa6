"""Entry rules shared by every path that adds a form (CSV and FHIR import, record-measure, web).

* **Population**: matched ignoring case and surrounding spaces, and refused unless it is one of
  :data:`POPULATIONS` or a population a loaded definition declares a cut-off or reliable-change
  value for. An unknown population would silently select no cut-off and no reliable-change rule.
* **Duplicates**: two forms of the same measure for the same client on the same date and session
  (:func:`form_key`) are the same form entered twice; a second copy would shift the session
  number the expected-response curve and the drop/fit-check windows use.
* **Dates**: a form may not be dated after today.

Messages never repeat the value that was refused (a misaligned cell may hold a client's name):
they name the field and list what is allowed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Final

from alliancelens.domain import MeasureAdministration
from alliancelens.errors import MeasureError, UnknownPopulationError
from alliancelens.measures.definition import ANY_POPULATION, MeasureDefinition

__all__ = [
    "POPULATIONS",
    "RESPONDENTS",
    "FormKey",
    "check_not_future",
    "checked_population",
    "find_duplicate",
    "form_key",
    "known_populations",
    "normalise_completed_by",
    "normalise_population",
    "other_rater",
    "two_raters_hint",
]

#: Populations a form can be rated for. The ORS/SRS family is for age 13 to adult, with child
#: (6–12) and caregiver-rated forms (clinical-reference.md §1.1 [V: CORC-ORS, CORC-SRS]); §0.2
#: rule 2 asks us to record the form and who completed it. Which cut-offs and reliable-change
#: values exist per population is in each definition file (§1.5).
POPULATIONS: Final = ("adult", "adolescent", "child", "caregiver")

#: Who filled the form in, as the record path accepts it (clinical-reference.md §0.2 rule 2:
#: record who completed the form). ``caregiver`` for a parent's or carer's rating of a child,
#: ``therapist`` for the therapist's own version of a form.
RESPONDENTS: Final = ("client", "caregiver", "therapist", "other")

FormKey = tuple[str, str, dt.date, str]


def normalise_completed_by(value: str) -> str:
    """``value`` in lower case if it is in :data:`RESPONDENTS` (errors never echo it)."""
    respondent = value.strip().lower()
    if respondent not in RESPONDENTS:
        raise MeasureError(
            "is not a known respondent",
            field="completed_by",
            hint=f"allowed: {', '.join(RESPONDENTS)}; case does not matter",
        )
    return respondent


def known_populations(defn: MeasureDefinition | None = None) -> tuple[str, ...]:
    """:data:`POPULATIONS` plus any population ``defn`` declares a value for."""
    declared = (
        [c.population for c in defn.cutoffs]
        + [r.population for r in defn.reliable_change]
        + list(defn.expected_response.populations if defn.expected_response else ())
        + [p for f in defn.flags for p in f.populations]
        + list(defn.drop.populations if defn.drop else ())
        if defn
        else []
    )
    extra = sorted({p.lower() for p in declared} - {*POPULATIONS, ANY_POPULATION})
    return (*POPULATIONS, *extra)


def normalise_population(value: str, defn: MeasureDefinition | None = None) -> str:
    """``value`` in lower case; :class:`UnknownPopulationError` when it is not known.

    The message does not repeat ``value``; its caller adds file, line and field.
    """
    population = value.strip().lower()
    known = known_populations(defn)
    if population not in known:
        raise UnknownPopulationError(
            f"is not a known population (allowed: {', '.join(known)}; case does not matter)"
        )
    return population


def checked_population(value: object, defn: MeasureDefinition | None = None) -> str:
    """:func:`normalise_population` for library callers: the error names the ``population`` field.

    Used by every public function that takes a population (scoring, change, trajectories,
    reports), so the Python API follows the same rule as the CSV, FHIR, CLI and web paths.
    """
    if not isinstance(value, str):
        raise UnknownPopulationError(
            f"must be text, not {type(value).__name__}",
            field="population",
            hint=f"allowed: {', '.join(known_populations(defn))}",
        )
    try:
        return normalise_population(value, defn)
    except UnknownPopulationError as exc:
        raise UnknownPopulationError(exc.problem, field="population", hint=exc.hint) from None


def form_key(admin: MeasureAdministration) -> FormKey:
    """What makes two forms the same one: client, measure, date and session (empty if none)."""
    return (admin.client, admin.measure, admin.date, admin.session or "")


def find_duplicate(
    admin: MeasureAdministration, earlier: Iterable[MeasureAdministration]
) -> int | None:
    """Position in ``earlier`` of the first form with the same :func:`form_key`, else None."""
    key = form_key(admin)
    for position, other in enumerate(earlier):
        if form_key(other) == key:
            return position
    return None


def other_rater(admin: MeasureAdministration, earlier: MeasureAdministration) -> bool:
    """Whether two forms with one :func:`form_key` were rated by different people or populations.

    E.g. a child's own ORS and their caregiver's ORS of the same session. Both cannot be stored
    yet: a measure has one series per client, and mixing two raters would move the intake and
    the session numbers every trajectory rule uses (docs/measures/README.md, "Two raters").
    """
    return (admin.population, admin.completed_by) != (earlier.population, earlier.completed_by)


def two_raters_hint(admin: MeasureAdministration, earlier: MeasureAdministration) -> str:
    """The advice for :func:`other_rater` forms: never replace; how to keep the second rating."""
    return (
        f"the other form is a {earlier.population} form completed by {earlier.completed_by}, "
        f"this one a {admin.population} form completed by {admin.completed_by}: do not replace "
        "it (that would delete the other rater's form). One client record holds one series per "
        "measure, so record the second rater's form under a separate client record for that "
        "rater, or keep it in the session note (docs/measures/README.md, 'Two raters')"
    )


def check_not_future(date: dt.date, today: dt.date | None = None) -> None:
    """Refuse a form dated after ``today`` (default: today in UTC)."""
    latest = today or dt.datetime.now(dt.UTC).date()
    if date > latest:
        # the date is not repeated: a misaligned cell may hold a date of birth
        raise MeasureError("is in the future", hint="give the day the form was completed")
