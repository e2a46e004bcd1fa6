"""Use case: add a file of completed forms (CSV or FHIR JSON) to one client's stored record.

A clinic moving paper records in, or bringing back its own FHIR export (``export`` key ``fhir``),
adds every form of the file at once. The file must hold one client's forms (its ``client``
column or FHIR subject is only checked to be the same on every form; the forms are stored for
the client named on the command line). Everything is checked before anything is stored, and the
forms are stored in one transaction: a bad form, a second copy inside the file or a form that is
already stored (same measure, date and session) refuses the whole file, naming the file and the
line (CSV) or JSON path (FHIR), never a cell's value. Each stored form is audited like
``record-measure``, plus one ``import`` entry with the count.

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
from alliancelens.measures.entry import form_key
from alliancelens.measures.fhir import read_fhir_entries
from alliancelens.measures.importing import read_csv_lines
from alliancelens.records._facts import authorise_client
from alliancelens.records.measures import registry_for, store_form
from alliancelens.security import audit
from alliancelens.security.policy import Action, Actor, Resource
from alliancelens.storage import Database, transcripts
from alliancelens.storage.administrations import StoredAdministration, list_administrations

__all__ = ["ImportedForms", "import_forms"]

#: Where a form is in its file: (CSV line, None) or (None, FHIR JSON path).
_Place = tuple[int | None, str | None]


@dataclass(frozen=True, slots=True)
class ImportedForms:
    """The stored forms (file order) and the client's measures report after the import."""

    stored: tuple[StoredAdministration, ...]
    report: MeasuresReport


def import_forms(
    database: Database,
    actor: Actor,
    *,
    client_id: int,
    path: Path,
    registry: Registry | None = None,
) -> ImportedForms:
    """Check every form of ``path``, then store them all for ``client_id`` (or none); audited."""
    registry = registry or registry_for(database)
    located = _read(path, registry)
    _one_client(path, located)
    with database.transaction() as db:
        authorise_client(db, actor, Action.CREATE, client_id, Resource.MEASURE)
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
    return ImportedForms(stored, build_report(everything, registry, source=path.name))


def _read(path: Path, registry: Registry) -> list[tuple[_Place, MeasureAdministration]]:
    if path.suffix.lower() == ".json":
        return [((None, where), admin) for where, admin in read_fhir_entries(path, registry)]
    return [((line, None), admin) for line, admin in read_csv_lines(path, registry)]


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
    stored = {
        form_key(s.administration): s.id for s in list_administrations(db, client_id=client_id)
    }
    seen: dict[tuple[object, ...], _Place] = {}
    for place, admin in forms:
        key = form_key(admin)
        if key in stored:
            raise _error(
                path,
                place,
                f"form {stored[key]} already records {admin.measure} for this client on "
                f"{admin.date} (same session); nothing was stored",
                hint="leave this form out of the file, or correct the stored one with "
                "`clients record-measure --replace`",
            )
        if key in seen:
            line, field = seen[key]
            earlier = f"line {line}" if line is not None else str(field)
            raise _error(
                path,
                place,
                f"same measure, date and session as {earlier} once linked to this client's "
                "record (session labels that are not this client's stored session ids are "
                "dropped); nothing was stored",
                hint="leave out the second copy, or give the stored session id in its session",
            )
        seen[key] = place
