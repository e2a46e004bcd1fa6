"""Use case: add a file of completed forms (CSV or FHIR JSON) to one client's stored record.

A clinic moving paper records in, or bringing back its own FHIR export (``export`` key ``fhir``),
adds every form of the file at once. The file must hold one client's forms (its ``client``
column or FHIR subject must be the same on every form; the forms are stored for the client named
on the command line). A FHIR subject in our own record-number (or client-UUID) system must be the
target client's: another client's export is refused unless ``other_subject`` is given. A form
without a population takes its respondent's, as ``clients record-measure`` does
(:func:`~alliancelens.records.measures.client_population`: that respondent's most recent stored
form, else ``caregiver`` for a caregiver's form, else the client's own most recent, else
``adult``), and the result lists each such form by line or JSON path (QA 32 #3, #5).
Everything is checked before anything is stored, and the
forms are stored in one transaction: a bad form, a second copy inside the file or a form that is
already stored (same measure, date, session and respondent) refuses the whole file, naming the
file and the line (CSV) or JSON path (FHIR), never a cell's value. A file may hold two raters'
forms of one session (the client's own and a caregiver's): each goes to its rater's series.
Each stored form is audited like ``record-measure``, plus one ``import`` entry with the count.

Session labels: a stored form links to a stored session by its id. A form whose session is the
id of one of this client's stored sessions (as in our own FHIR export) is linked to it; any
other label (``s3``) cannot be linked and is dropped, so two forms of one measure on one date
that differ only by such a label are refused as duplicates.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session as DbSession

from alliancelens.domain.measures import MeasureAdministration
from alliancelens.errors import ImportRowError
from alliancelens.measures import MeasuresReport, Registry, build_report
from alliancelens.measures.entry import (
    DefaultPopulation,
    form_key,
    population_note,
    respondent,
)
from alliancelens.measures.fhir import (
    RECORD_NUMBER_SYSTEM,
    UUID_SYSTEM,
    own_subjects,
    read_fhir_entries,
)
from alliancelens.measures.importing import read_csv_lines
from alliancelens.records._facts import authorise_client
from alliancelens.records.measures import client_population, registry_for, store_form
from alliancelens.security import audit
from alliancelens.security.policy import Action, Actor, Resource
from alliancelens.storage import Database, people, transcripts
from alliancelens.storage.administrations import StoredAdministration, list_administrations

__all__ = ["DefaultedForm", "ImportedForms", "import_forms"]

#: Where a form is in its file: (CSV line, None) or (None, FHIR JSON path).
_Place = tuple[int | None, str | None]


@dataclass(frozen=True, slots=True)
class DefaultedForm:
    """A form of the file that had no population: where, whose, and what it was stored as."""

    place: int | str  # CSV line number or FHIR JSON path
    completed_by: str
    population: str
    source: str  # as ``clients record-measure`` says it: "caregiver's earlier forms", …


@dataclass(frozen=True, slots=True)
class ImportedForms:
    """The stored forms (file order) and the client's measures report after the import.

    The report has one trajectory per measure and respondent (the client's own first).
    ``defaulted`` lists the forms that had no population in the file (file order; empty when
    every form gave one) and what each was stored as.
    """

    stored: tuple[StoredAdministration, ...]
    report: MeasuresReport
    defaulted: tuple[DefaultedForm, ...] = ()


class _Defaults:
    """Each respondent's default population (asked once), noting every form it fills in."""

    def __init__(self, db: DbSession, client_id: int) -> None:
        self._db = db
        self._client_id = client_id
        self._cache: dict[str, tuple[str, str]] = {}
        self.used: list[DefaultedForm] = []

    def __call__(self, place: int | str, completed_by: str) -> str:
        if completed_by not in self._cache:
            self._cache[completed_by] = client_population(
                self._db, client_id=self._client_id, completed_by=completed_by
            )
        population, source = self._cache[completed_by]
        self.used.append(DefaultedForm(place, completed_by, population, source))
        return population


def import_forms(
    database: Database,
    actor: Actor,
    *,
    client_id: int,
    path: Path,
    registry: Registry | None = None,
    other_subject: bool = False,
) -> ImportedForms:
    """Check every form of ``path``, then store them all for ``client_id`` (or none); audited.

    A form without a population takes its respondent's (see the module docstring). A FHIR file
    whose subject is one of our record numbers (or client UUIDs) and names someone other than
    ``client_id`` is refused unless ``other_subject`` is true.
    """
    registry = registry or registry_for(database)
    with database.transaction() as db:
        authorise_client(db, actor, Action.CREATE, client_id, Resource.MEASURE)
        defaults = _Defaults(db, client_id)
        located = _read(path, registry, defaults)
        _one_client(path, located)
        if not other_subject:
            _check_subject(db, path, client_id)
        forms = _for_client(db, client_id, located)
        _refuse_duplicates(db, path, client_id, forms)
        stored = tuple(store_form(db, actor, admin, free_text=None) for _, admin in forms)
        audit.append(
            db,
            actor=actor.label,
            action="import",
            resource="measure",
            resource_id=client_id,
            detail={"forms": len(stored), "administrations": [s.id for s in stored]},
        )
        everything = [s.administration for s in list_administrations(db, client_id=client_id)]
    report = build_report(everything, registry, source=path.name)
    return ImportedForms(stored, report, tuple(defaults.used))


def _read(
    path: Path, registry: Registry, population: DefaultPopulation
) -> list[tuple[_Place, MeasureAdministration]]:
    if path.suffix.lower() == ".json":
        entries = read_fhir_entries(path, registry, default_population=population)
        return [((None, where), admin) for where, admin in entries]
    lines = read_csv_lines(path, registry, default_population=population)
    return [((line, None), admin) for line, admin in lines]


def _check_subject(db: DbSession, path: Path, client_id: int) -> None:
    """Refuse a FHIR file whose subject is our identifier of someone other than ``client_id``.

    The error names the JSON path only, never the identifier (either client's).
    """
    if path.suffix.lower() != ".json":
        return
    record_number = (people.get_client(db, client_id=client_id).identifier or "").strip()
    uuid = f"urn:uuid:{people.client_fhir_uuid(db, client_id=client_id)}"
    mine = {RECORD_NUMBER_SYSTEM: record_number, UUID_SYSTEM: uuid}
    for where, system, value in own_subjects(path):
        if system in mine and value != mine[system]:
            kind = "record number" if system == RECORD_NUMBER_SYSTEM else "client UUID"
            raise _error(
                path,
                (None, where),
                f"the file's subject is an AllianceLens {kind} that is not this client's: the "
                "forms belong to another client; nothing was stored",
                hint="check --client (the file may be another client's export); to file these "
                "forms under this client anyway, add --other-subject",
            )


def _error(path: Path, place: _Place, problem: str, hint: str | None = None) -> ImportRowError:
    line, field = place
    return ImportRowError(problem, file=path, line=line, field=field, hint=hint)


def _one_client(path: Path, located: Sequence[tuple[_Place, MeasureAdministration]]) -> None:
    """Refuse a file holding several clients' forms (naming where, never the client)."""
    first = located[0][1].client
    for place, admin in located:
        if admin.client != first:
            raise _error(
                path,
                place,
                "this form is for a different client than the first form; a file added to a "
                "client's record must hold that client's forms only",
                hint="split the file by client, or use `measures import` for a report",
            )


def _for_client(
    db: DbSession, client_id: int, located: Sequence[tuple[_Place, MeasureAdministration]]
) -> list[tuple[_Place, MeasureAdministration]]:
    """The forms as this client's: client id, and a session only when it is theirs."""
    sessions = {str(s.id) for s in transcripts.list_sessions(db, client_id=client_id)}
    return [
        (
            place,
            dataclasses.replace(
                admin,
                client=str(client_id),
                session=admin.session if admin.session in sessions else None,
            ),
        )
        for place, admin in located
    ]


def _refuse_duplicates(
    db: DbSession,
    path: Path,
    client_id: int,
    forms: Sequence[tuple[_Place, MeasureAdministration]],
) -> None:
    stored = {form_key(s.administration): s for s in list_administrations(db, client_id=client_id)}
    seen: dict[tuple[object, ...], tuple[_Place, MeasureAdministration]] = {}
    for place, admin in forms:
        key = form_key(admin)
        if key in stored:
            old = stored[key].administration
            raise _error(
                path,
                place,
                f"form {stored[key].id} already records {admin.measure} for this client on "
                f"{admin.date} (same session, completed by {respondent(admin)})"
                + population_note(admin, old)
                + "; nothing was stored",
                hint="leave this form out of the file, or correct the stored one with "
                "`clients record-measure --replace`",
            )
        if key in seen:
            (line, field), first = seen[key]
            earlier = f"line {line}" if line is not None else str(field)
            raise _error(
                path,
                place,
                f"same measure, date, session and respondent as {earlier} once linked to this "
                "client's record (session labels that are not this client's stored session ids "
                "are dropped)" + population_note(admin, first) + "; nothing was stored",
                hint="leave out the second copy, or give the stored session id in its session",
            )
        seen[key] = (place, admin)
