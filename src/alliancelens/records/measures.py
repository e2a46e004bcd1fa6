"""Use case: record a completed measure form in a client's record; its export as JSON and FHIR.

Recording a score needs the ``measure``/``create`` permission on the client (their therapist or
an administrator) but no consent: analysis consent covers transcript analysis, and a form the
client filled in is part of the ordinary clinical record. Items are checked and the form is
scored with :mod:`alliancelens.measures` before anything is stored, so a bad response is refused
with that package's error (``ItemCountError``, ``ItemRangeError``, ``MissingItemsError``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy.orm import Session as DbSession

from alliancelens.domain.measures import AdministrationMode, MeasureAdministration
from alliancelens.errors import MeasureError, UsageError
from alliancelens.measures import (
    DefinitionsSource,
    MeasureDefinition,
    Registry,
    Score,
    questionnaire_response,
    registry_in_use,
    score_responses,
)
from alliancelens.measures.alerts import Alert, alerts_at
from alliancelens.measures.change import unjudged_change_text
from alliancelens.measures.coverage import NotEvaluated, not_evaluated_at
from alliancelens.measures.entry import (
    checked_population,
    find_duplicate,
    normalise_completed_by,
    rater_label,
    respondent,
)
from alliancelens.measures.fhir import client_subject
from alliancelens.measures.intake import IntakeShift, intake_shift
from alliancelens.measures.report import latest_first
from alliancelens.measures.scoring import (
    CutoffPosition,
    cutoff_positions,
    fmt_score,
    parse_responses,
)
from alliancelens.measures.trajectory import build_trajectory, session_order
from alliancelens.records._facts import authorise_client, today
from alliancelens.records._replace import replace_duplicate
from alliancelens.security import audit
from alliancelens.security.policy import Action, Actor, Resource
from alliancelens.storage import Database, people, transcripts
from alliancelens.storage.administrations import (
    StoredAdministration,
    add_administration,
    list_administrations,
)

__all__ = [
    "RecordedMeasure",
    "ReplacedAlerts",
    "checked_form",
    "client_population",
    "form_alerts",
    "measures_export",
    "record_measure",
    "registry_for",
    "store_form",
]


@dataclass(frozen=True, slots=True)
class ReplacedAlerts:
    """What ``--replace`` changed in the alerts (kinds), at this form and at the series' latest.

    ``withdrawn`` were raised at the replaced form and are not at the new one; ``added`` the
    reverse. ``latest_*`` is the same for the series' latest form when that is another form (a
    corrected form changes, say, the drop at the form after it). QA43 #14: a corrected SRS typo
    said "No alerts raised." and not that the three alerts of the mistyped form were withdrawn.
    """

    form: int  # the replaced form's id
    withdrawn: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    latest_withdrawn: tuple[str, ...] = ()
    latest_added: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """One plain sentence for the record path (alert kinds only, never values)."""
        parts = []
        if self.withdrawn:
            parts.append(
                f"withdrawn with form {self.form} (raised by it, not by this form): "
                + ", ".join(self.withdrawn)
            )
        if self.added:
            parts.append(f"raised by this form, not by form {self.form}: {', '.join(self.added)}")
        if self.latest_withdrawn:
            parts.append(f"no longer raised at the latest form: {', '.join(self.latest_withdrawn)}")
        if self.latest_added:
            parts.append(f"now raised at the latest form: {', '.join(self.latest_added)}")
        if not parts:
            return f"alerts after the correction: the same as form {self.form} raised"
        return "alerts after the correction: " + "; ".join(parts)


@dataclass(frozen=True, slots=True)
class RecordedMeasure:
    """The stored administration, its score and the alerts it raises (prompts for review).

    ``alerts`` are those of ``measures import``, evaluated at this form against the client's
    stored forms of the same measure and respondent (a caregiver's form against the caregiver's
    series, never the client's own): the form's own flags plus the trajectory rules (drop,
    not on track, reliable deterioration, fit check, discuss ending). ``None`` when the series
    could not be scored (an earlier stored form no longer scores with the loaded definition).
    """

    stored: StoredAdministration
    score: Score
    total_text: str = ""  # the total with the measure's precision (SRS/ORS one decimal, §1.4)
    alerts: tuple[Alert, ...] | None = ()
    # "given", "<respondent>'s earlier forms", "default for caregiver-rated forms",
    # "client's earlier forms" or "default" (:func:`client_population`)
    population_source: str = "given"
    # rules that did not run at this form for its population (never read as "no alert")
    not_evaluated: tuple[NotEvaluated, ...] = ()
    positions: tuple[CutoffPosition, ...] = ()  # the total against each named cut-off
    intake_shift: IntakeShift | None = None  # set when a back-dated form became the intake
    definition: MeasureDefinition | None = None  # the definition the form was scored with
    replaced: int | None = None  # the stored form ``replace`` removed (QA 32 #11)
    # which definitions were in force (shipped, or with the clinic's own; QA38 #1)
    definitions_source: DefinitionsSource | None = None
    # how the form was linked to a session, or why not; a date mismatch (ids and dates only)
    session_note: str = ""
    # which alerts ``replace`` withdrew or added (None: nothing replaced, or not computable)
    replaced_alerts: ReplacedAlerts | None = None
    # the change since the first form when no rule can judge it (PHQ-9, GAD-7; QA43 #8), else ""
    change_text: str = ""


def registry_for(database: Database) -> Registry:
    """Shipped measure definitions plus the clinic's own, as every surface resolves them.

    ``ALLIANCELENS_MEASURES_DIR`` (``Settings.measures_dir``, which must exist) else
    ``measures`` in the data directory (:func:`~alliancelens.measures.registry_in_use`), so
    the chart, the dashboard and ``measures import`` classify a form alike (QA38 #1).
    """
    return registry_in_use(settings=database.settings)


def record_measure(
    database: Database,
    actor: Actor,
    *,
    client_id: int,
    measure: str,
    items: Sequence[str | float | None],
    date: dt.date | None = None,
    session_id: int | None = None,
    free_text: str | None = None,
    population: str | None = None,
    completed_by: str = "client",
    mode: AdministrationMode = AdministrationMode.PAPER,
    registry: Registry | None = None,
    replace: bool = False,
    link_same_day: bool = False,
) -> RecordedMeasure:
    """Check, score and store one form (raw responses and free text encrypted); audited.

    Without ``session_id`` and with ``link_same_day`` (the CLI's default, as the dashboard's),
    the form is linked to the client's one session dated ``date`` when exactly one is; the
    result's ``session_note`` says how the form was linked or why it was not (QA37 #9), and
    warns when a given session is dated another day than the form (QA38 #6).

    ``items`` are the responses in form order: numbers, or typed-in text where ``NA``/``-``/``?``
    or ``None`` mark an item left blank. ``date`` defaults to today and may not be in the future.
    A form of the same measure for the same client, date, session and respondent
    (``completed_by``) as a stored one is refused (:class:`DuplicateFormError`, the CSV import's
    rule) unless ``replace`` is true, when the stored form is replaced (audited as ``replace``);
    another respondent's form of that session is stored next to it, in its own series. Without
    ``population`` the form takes the population of the respondent's most recent stored form,
    else the respondent's default (``caregiver`` for a caregiver), else the client's own most
    recent, else ``adult`` (``population_source`` says which; :func:`client_population`). The result
    carries the alerts ``measures import`` would raise at this form.
    """
    registry = registry or registry_for(database)
    defn = registry.get(measure)
    parse_responses(defn, ["NA" if v is None else str(v) for v in items])  # refuse before I/O
    with database.transaction() as db:
        authorise_client(db, actor, Action.CREATE, client_id, Resource.MEASURE)
        source = "given"
        if population is None:
            population, source = client_population(
                db, client_id=client_id, completed_by=normalise_completed_by(completed_by)
            )
        date = date or today()
        _check_session(db, client_id=client_id, session_id=session_id)
        session_id, session_note = _session_link(
            db,
            client_id=client_id,
            session_id=session_id,
            date=date,
            same_day=link_same_day,
            measure=defn.name,
            completed_by=normalise_completed_by(completed_by),
        )
        administration, score = checked_form(
            defn,
            items,
            client_id=client_id,
            date=date,
            session_id=session_id,
            population=population,
            completed_by=completed_by,
            mode=mode,
        )
        before = _alerts_before_replace(db, defn, administration) if replace else None
        replaced = replace_duplicate(db, actor, administration, replace=replace)
        stored = store_form(db, actor, administration, free_text=free_text)
        alerts = form_alerts(db, defn, stored)
        missing, shift = _coverage(db, defn, stored)
        change_text = _unjudged_change(db, defn, stored)
        changed = _replaced_alerts(
            db, defn, stored, replaced=replaced, before=before, alerts=alerts
        )
    return RecordedMeasure(
        stored,
        score,
        fmt_score(defn, score.total),
        alerts,
        source,
        not_evaluated=missing,
        positions=cutoff_positions(defn, score.total, administration.population),
        intake_shift=shift,
        definition=defn,
        replaced=replaced,
        definitions_source=registry.source,
        session_note=session_note,
        replaced_alerts=changed,
        change_text=change_text,
    )


def _unjudged_change(db: DbSession, defn: MeasureDefinition, stored: StoredAdministration) -> str:
    """The change since the first form at ``stored`` when no rule judges it, else ``""``."""
    ordered, mine = _series(db, defn, stored)
    try:
        trajectory = build_trajectory(defn, ordered)
    except MeasureError:
        return ""
    index = next(i for i, admin in enumerate(ordered) if admin is mine)
    return unjudged_change_text(defn, trajectory.points[index].change)


_Kinds = tuple[tuple[str, ...], tuple[str, ...]]


def _alerts_before_replace(
    db: DbSession, defn: MeasureDefinition, administration: MeasureAdministration
) -> _Kinds | None:
    """The alert kinds of the form ``administration`` replaces, and at its series' latest form."""
    stored = list_administrations(db, client_id=int(administration.client))
    position = find_duplicate(administration, [s.administration for s in stored])
    if position is None:
        return None
    earlier = stored[position]
    own = form_alerts(db, defn, earlier)
    latest = _latest_alerts(db, defn, earlier)
    if own is None or latest is None:
        return None
    return _kinds(own), latest


def _latest_alerts(
    db: DbSession, defn: MeasureDefinition, stored: StoredAdministration
) -> tuple[str, ...] | None:
    """The alert kinds at the latest form of ``stored``'s series (None: not scorable)."""
    ordered, _ = _series(db, defn, stored)
    try:
        return _kinds(alerts_at(defn, build_trajectory(defn, ordered)))
    except MeasureError:
        return None


def _kinds(alerts: Sequence[Alert]) -> tuple[str, ...]:
    return tuple(sorted({str(a.kind) for a in alerts}))


def _replaced_alerts(
    db: DbSession,
    defn: MeasureDefinition,
    stored: StoredAdministration,
    *,
    replaced: int | None,
    before: _Kinds | None,
    alerts: tuple[Alert, ...] | None,
) -> ReplacedAlerts | None:
    """Which alert kinds the replace withdrew or added (QA43 #14); None when not computable."""
    latest = _latest_alerts(db, defn, stored)
    if replaced is None or before is None or alerts is None or latest is None:
        return None
    own_before, latest_before = before
    own_after = set(_kinds(alerts))
    ordered, mine = _series(db, defn, stored)
    is_latest = ordered[-1] is mine
    return ReplacedAlerts(
        replaced,
        tuple(sorted(set(own_before) - own_after)),
        tuple(sorted(own_after - set(own_before))),
        () if is_latest else tuple(sorted(set(latest_before) - set(latest))),
        () if is_latest else tuple(sorted(set(latest) - set(latest_before))),
    )


#: Population of a caregiver-rated form when that caregiver has no earlier form: the
#: caregiver version of the form (clinical-reference.md §1.1 [V: CORC-ORS]; §0.2 rule 2), never
#: the child's own population (QA 32 #3).
RESPONDENT_DEFAULTS: Final = {"caregiver": "caregiver"}


def client_population(
    db: DbSession, *, client_id: int, completed_by: str | None = None
) -> tuple[str, str]:
    """The population a form without one takes, and where it came from.

    The client record has no age field, so the last population a clinician entered is the best
    record of it (clinical-reference.md §1.5: cut-offs, reliable change and the
    expected-response curve differ by population). With ``completed_by``: that respondent's
    most recent form (``"caregiver's earlier forms"``); else the respondent's default
    (:data:`RESPONDENT_DEFAULTS`: a caregiver's form is ``caregiver``, never the child's
    population); else the client's own most recent form (``"client's earlier forms"``); else
    ``adult`` (``"default"``). A caregiver's population never sets the child's own. Without
    ``completed_by``, the client's most recent form of any respondent.
    """
    stored = list_administrations(db, client_id=client_id)
    if completed_by is None:
        return _latest(stored, "client's earlier forms") if stored else ("adult", "default")
    own = [s for s in stored if respondent(s.administration) == completed_by]
    if own:
        return _latest(own, f"{completed_by}'s earlier forms")
    if completed_by in RESPONDENT_DEFAULTS:
        return RESPONDENT_DEFAULTS[completed_by], f"default for {completed_by}-rated forms"
    clients = [s for s in stored if respondent(s.administration) == "client"]
    return _latest(clients, "client's earlier forms") if clients else ("adult", "default")


def _latest(stored: Sequence[StoredAdministration], source: str) -> tuple[str, str]:
    latest = max(stored, key=lambda s: (s.administration.date, s.id))
    return latest.administration.population, source


def form_alerts(
    db: DbSession, defn: MeasureDefinition, stored: StoredAdministration
) -> tuple[Alert, ...] | None:
    """The alerts at ``stored`` against its series (its measure and respondent, oldest first).

    The same rules as ``measures import`` (per-form flags and the trajectory rules), evaluated
    at this form's place in the series, so a back-dated form is judged against the forms
    before it. Another rater's forms (a caregiver's ORS) are not part of the series. ``None``
    when the series cannot be scored with ``defn``.
    """
    ordered, mine = _series(db, defn, stored)
    index = next(i for i, admin in enumerate(ordered) if admin is mine)
    try:
        trajectory = build_trajectory(defn, ordered)
    except MeasureError:
        return None
    return latest_first(alerts_at(defn, trajectory, index=index))


def _series(
    db: DbSession, defn: MeasureDefinition, stored: StoredAdministration
) -> tuple[list[MeasureAdministration], MeasureAdministration]:
    """``stored``'s series (its measure and respondent) in session order, and ``stored`` in it."""
    rater = respondent(stored.administration)
    series = [
        s
        for s in list_administrations(db, client_id=stored.client_id)
        if s.administration.measure == defn.name and respondent(s.administration) == rater
    ]
    mine = next(s.administration for s in series if s.id == stored.id)
    return session_order([s.administration for s in series]), mine


def _coverage(
    db: DbSession, defn: MeasureDefinition, stored: StoredAdministration
) -> tuple[tuple[NotEvaluated, ...], IntakeShift | None]:
    """Rules not evaluated at ``stored`` for its population, and any intake it displaced."""
    ordered, mine = _series(db, defn, stored)
    try:
        trajectory = build_trajectory(defn, ordered)
    except MeasureError:
        return (), None
    index = next(i for i, admin in enumerate(ordered) if admin is mine)
    shift = intake_shift(defn, ordered, mine)
    rater = respondent(mine)
    if shift is not None and rater != "client":  # name the series it moved (QA 32 #8)
        shift = dataclasses.replace(shift, measure=f"{shift.measure} ({rater_label(rater)})")
    return not_evaluated_at(defn, trajectory, index=index), shift


def checked_form(
    defn: MeasureDefinition,
    items: Sequence[str | float | None],
    *,
    client_id: int,
    date: dt.date,
    session_id: int | None = None,
    population: str = "adult",
    completed_by: str = "client",
    mode: AdministrationMode = AdministrationMode.PAPER,
    latest: dt.date | None = None,
) -> tuple[MeasureAdministration, Score]:
    """Check and score a form (raises the measures package's errors); nothing is stored.

    ``date`` may not be after ``latest`` (default today).
    """
    tokens = ["NA" if v is None else str(v) for v in items]
    responses = parse_responses(defn, tokens)
    population = checked_population(population, defn)  # the error names the field
    completed_by = normalise_completed_by(completed_by)
    score = score_responses(defn, responses, population=population)
    if date > (latest or today()):
        raise UsageError("the form date is in the future; give the day it was completed")
    administration = MeasureAdministration(
        client=str(client_id),
        date=date,
        measure=defn.name,
        responses=responses,
        session=None if session_id is None else str(session_id),
        version=defn.version,
        population=population,
        completed_by=completed_by,
        mode=mode,
    )
    return administration, score


def store_form(
    db: DbSession, actor: Actor, administration: MeasureAdministration, *, free_text: str | None
) -> StoredAdministration:
    """Store a checked form and audit it (ids and measure name only); caller has authorised."""
    client_id = int(administration.client)
    session = administration.session
    stored = add_administration(
        db,
        client_id=client_id,
        session_id=None if session is None else int(session),
        administration=administration,
        free_text=free_text or None,
    )
    audit.append(
        db,
        actor=actor.label,
        action="create",
        resource="measure",
        resource_id=client_id,
        detail={"measure": administration.measure, "administration": stored.id},
    )
    return stored


def _check_session(db: DbSession, *, client_id: int, session_id: int | None) -> None:
    if session_id is None:
        return
    if transcripts.session_summary(db, session_id=session_id).client_id != client_id:
        raise UsageError(
            f"session {session_id} belongs to another client; give one of client {client_id}'s "
            f"sessions (`alliancelens sessions list {client_id}`)"
        )


def _session_link(
    db: DbSession,
    *,
    client_id: int,
    session_id: int | None,
    date: dt.date,
    same_day: bool,
    measure: str,
    completed_by: str,
) -> tuple[int | None, str]:
    """The session the form is linked to, and a sentence about it (ids and dates only).

    A given session dated another day than the form is kept, with a warning: a form completed
    days before a session would otherwise sit in that session's note unnoticed (QA38 #6).
    Without one and with ``same_day``, the client's one session dated ``date`` is linked (the
    dashboard's default); not when this measure already has an unlinked form by the same
    respondent that day, so re-entering it is still refused as a second copy.
    """
    sessions = transcripts.list_sessions(db, client_id=client_id)
    if session_id is not None:
        given = next(s for s in sessions if s.id == session_id)
        if given.session_date is None or given.session_date == date:
            return session_id, ""
        days = abs((given.session_date - date).days)
        when = "before" if given.session_date < date else "after"
        return session_id, (
            f"warning: session {session_id} is dated {given.session_date}, {days} day"
            f"{'s' if days != 1 else ''} {when} this form ({date}); the form now shows in that "
            "session's note and page: check --date and --session"
        )
    unlinked = (
        "not linked to a session: the form is on the client's record but not on a session "
        "page, in a session note or in what supervisors see"
    )
    if not same_day:
        return None, f"{unlinked} (--no-session)"
    same = [s.id for s in sessions if s.session_date == date]
    if len(same) != 1:
        why = (
            f"none of client {client_id}'s sessions is dated {date}"
            if not same
            else f"{len(same)} of client {client_id}'s sessions are dated {date}"
        )
        return None, f"{unlinked} ({why}); link it with --session ID"
    earlier = [
        a
        for a in list_administrations(db, client_id=client_id)
        if a.session_id is None
        and a.administration.measure == measure
        and a.administration.date == date
        and respondent(a.administration) == completed_by
    ]
    if earlier:  # the same form entered again: the duplicate rule must see it (session None)
        return None, f"{unlinked} (form {earlier[0].id} of that day is not linked either)"
    return same[0], (
        f"linked to session {same[0]}, the client's only session dated {date} "
        "(--session ID links another, --no-session none)"
    )


def measures_export(
    db: DbSession, *, client_id: int, registry: Registry
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """A client's administrations as JSON rows (with scores) and a FHIR ``Bundle``.

    The bundle holds one ``QuestionnaireResponse`` per administration whose measure definition
    is still loaded; the JSON rows always keep the raw responses (``score`` is ``None`` and
    ``fhir`` ``False`` when the definition is gone or can no longer score the form).
    """
    rows: list[dict[str, Any]] = []
    entries: list[dict[str, Any]] = []
    subject = client_subject(  # never the internal id alone: SQLite may reuse it
        record_number=people.get_client(db, client_id=client_id).identifier,
        uuid=people.client_fhir_uuid(db, client_id=client_id),
    )
    for stored in list_administrations(db, client_id=client_id):
        admin = stored.administration
        score: dict[str, Any] | None = None
        try:
            defn = registry.get(admin.measure)
            score = _score_json(score_responses(defn, admin.responses, population=admin.population))
            entries.append({"resource": questionnaire_response(admin, defn, subject=subject)})
        except MeasureError:
            pass
        rows.append(_administration_json(stored, score, in_fhir=score is not None))
    return rows, {"resourceType": "Bundle", "type": "collection", "entry": entries}


def _administration_json(
    stored: StoredAdministration, score: dict[str, Any] | None, *, in_fhir: bool
) -> dict[str, Any]:
    admin = stored.administration
    return {
        "id": stored.id,
        "measure": admin.measure,
        "date": admin.date.isoformat(),
        "session_id": stored.session_id,
        "responses": list(admin.responses),
        "free_text": stored.free_text,
        "version": admin.version,
        "population": admin.population,
        "completed_by": admin.completed_by,
        "mode": admin.mode.value,
        "recorded_at": stored.recorded_at.isoformat(),
        "score": score,
        "fhir": in_fhir,
    }


def _score_json(score: Score) -> dict[str, Any]:
    return {
        "total": score.total,
        "subscales": dict(score.subscales),
        "severity": score.severity,
        "prorated_items": list(score.prorated_items),
        "flags": [
            {"kind": f.kind, "value": f.value, "threshold": f.threshold, "reason": f.reason}
            for f in score.flags
        ],
    }
