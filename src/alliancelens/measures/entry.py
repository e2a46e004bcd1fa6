"""Entry rules shared by every path that adds a form (CSV and FHIR import, record-measure, web).

* **Population**: matched ignoring case and surrounding spaces, and refused unless it is one of
  :data:`POPULATIONS` or a population a loaded definition declares a cut-off or reliable-change
  value for. An unknown population would silently select no cut-off and no reliable-change rule.
* **Duplicates**: two forms of the same measure for the same client on the same date and session,
  completed by the same respondent (:func:`form_key`), are the same form entered twice; a second
  copy would shift the session number the expected-response curve and the drop/fit-check windows
  use. A form of another respondent (a caregiver's ORS next to the child's own) is not a
  duplicate: it belongs to that respondent's own series (:func:`respondent`).
* **Series**: a measure has one series per respondent (client, caregiver, …). Intake, session
  numbers, change, the expected-response track and every alert are computed within one series,
  so a caregiver's score never enters the client's own trajectory (docs/measures/README.md,
  "Two raters").
* **Dates**: a form may not be dated after today.

Messages never repeat the value that was refused (a misaligned cell may hold a client's name):
they name the field and list what is allowed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Final

from alliancelens.domain import MeasureAdministration
from alliancelens.errors import MeasureError, UnknownPopulationError
from alliancelens.measures.definition import ANY_POPULATION, MeasureDefinition

__all__ = [
    "POPULATIONS",
    "POPULATION_CHANGED",
    "RESPONDENTS",
    "DefaultPopulation",
    "FormKey",
    "check_not_future",
    "checked_population",
    "default_population_for",
    "find_duplicate",
    "form_key",
    "known_populations",
    "normalise_completed_by",
    "normalise_population",
    "population_note",
    "rater_label",
    "rater_order",
    "respondent",
]

#: Populations a form can be rated for. The ORS/SRS family is for age 13 to adult, with child
#: (6–12) and caregiver-rated forms (clinical-reference.md §1.1 [V: CORC-ORS, CORC-SRS]); §0.2
#: rule 2 asks us to record the form and who completed it. Which cut-offs and reliable-change
#: values exist per population is in each definition file (§1.5).
POPULATIONS: Final = ("adult", "adolescent", "child", "caregiver")

#: How every rule that did not run because the population changed since intake says so (the
#: reliable-change and expected-response rules; views tell it from a population without values).
POPULATION_CHANGED: Final = "the population changed since intake"

#: Who filled the form in, as the record path accepts it (clinical-reference.md §0.2 rule 2:
#: record who completed the form). ``caregiver`` for a parent's or carer's rating of a child,
#: ``therapist`` for the therapist's own version of a form.
RESPONDENTS: Final = ("client", "caregiver", "therapist", "other")

#: client, measure, date, session (empty if none) and respondent.
FormKey = tuple[str, str, dt.date, str, str]

#: What a file's form without a population takes: one population for every such form, or a
#: function of the form's place (CSV line number or FHIR JSON path) and its respondent, so a
#: record path can give each respondent their own earlier population and report which forms it
#: filled in (``measures record``; QA 32 #3, #5).
DefaultPopulation = str | Callable[[int | str, str], str]


def default_population_for(default: DefaultPopulation, place: int | str, completed_by: str) -> str:
    """The population a form at ``place`` completed by ``completed_by`` takes when it has none."""
    return default if isinstance(default, str) else default(place, completed_by)


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


def respondent(admin: MeasureAdministration) -> str:
    """Who completed ``admin``, as its series is keyed: lower case, ``client`` when empty.

    Lenient on purpose (forms stored before respondents were checked keep their own series);
    the entry paths refuse unknown respondents with :func:`normalise_completed_by` first.
    """
    return admin.completed_by.strip().lower() or "client"


def rater_order(value: str) -> tuple[int, str]:
    """Sort key for series of one measure: the client's own first, then :data:`RESPONDENTS`."""
    known = {name: position for position, name in enumerate(RESPONDENTS)}
    return known.get(value, len(RESPONDENTS)), value


def rater_label(value: str, *, always: bool = False) -> str:
    """``"completed by caregiver"`` for another rater's series; ``""`` for the client's own.

    ``always`` labels the client's own series too (``"completed by client"``), for views that
    show two raters' series of one measure side by side.
    """
    return f"completed by {value}" if always or value != "client" else ""


def form_key(admin: MeasureAdministration) -> FormKey:
    """What makes two forms the same one: client, measure, date, session and respondent."""
    return (admin.client, admin.measure, admin.date, admin.session or "", respondent(admin))


def find_duplicate(
    admin: MeasureAdministration, earlier: Iterable[MeasureAdministration]
) -> int | None:
    """Position in ``earlier`` of the first form with the same :func:`form_key`, else None."""
    key = form_key(admin)
    for position, other in enumerate(earlier):
        if form_key(other) == key:
            return position
    return None


def population_note(admin: MeasureAdministration, earlier: MeasureAdministration) -> str:
    """For a duplicate whose population differs: ``"; the earlier form has population child…"``.

    Two forms of one respondent for one session stay a duplicate even with different
    populations (one person completes one form of a measure per session); the note says so,
    so the user corrects the population instead of looking for a second rater. ``""`` when the
    populations are the same.
    """
    if admin.population == earlier.population:
        return ""
    return (
        f"; the earlier form has population {earlier.population} and this one {admin.population}, "
        f"both completed by {respondent(admin)}: one respondent has one form of a measure "
        "per session (a form completed by someone else, e.g. a caregiver, is stored as that "
        "rater's own series: give its completed_by)"
    )


def check_not_future(date: dt.date, today: dt.date | None = None) -> None:
    """Refuse a form dated after ``today`` (default: today in UTC)."""
    latest = today or dt.datetime.now(dt.UTC).date()
    if date > latest:
        # the date is not repeated: a misaligned cell may hold a date of birth
        raise MeasureError("is in the future", hint="give the day the form was completed")
