"""Repository functions for measure administrations (completed forms).

The administration date, the raw item responses and any free-text answer are PHI and stored
encrypted (``measure_administrations.*`` AAD); the measure name, instrument version, population,
respondent and mode are codes. Scores are not stored: they are recomputed from the raw responses
with the measure definition in force (clinical-reference.md §0.2 rule 2 keeps raw responses).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from alliancelens.domain.measures import AdministrationMode, MeasureAdministration
from alliancelens.errors import NotFoundError
from alliancelens.storage.tables import AdministrationRow

__all__ = [
    "StoredAdministration",
    "add_administration",
    "administration_owner",
    "delete_administration",
    "list_administrations",
]


@dataclass(frozen=True, slots=True)
class StoredAdministration:
    """A stored form: ids, the domain administration, any free-text answer (PHI: never log it).

    In ``administration``, ``client`` is the internal client id and ``session`` the stored
    session id, both as text.
    """

    id: int
    client_id: int
    session_id: int | None
    administration: MeasureAdministration
    free_text: str | None
    recorded_at: dt.datetime


def _stored(row: AdministrationRow) -> StoredAdministration:
    responses = tuple(None if v is None else float(v) for v in (row.responses or []))
    administration = MeasureAdministration(
        client=str(row.client_id),
        date=dt.date.fromisoformat(row.administered_on),
        measure=row.measure,
        responses=responses,
        session=None if row.session_id is None else str(row.session_id),
        version=row.version,
        population=row.population,
        completed_by=row.completed_by,
        mode=AdministrationMode(row.mode),
    )
    return StoredAdministration(
        row.id, row.client_id, row.session_id, administration, row.free_text, row.recorded_at
    )


def add_administration(
    db: DbSession,
    *,
    client_id: int,
    session_id: int | None,
    administration: MeasureAdministration,
    free_text: str | None = None,
) -> StoredAdministration:
    """Store one checked administration of client ``client_id``."""
    row = AdministrationRow(
        client_id=client_id,
        session_id=session_id,
        measure=administration.measure,
        administered_on=administration.date.isoformat(),
        responses=list(administration.responses),
        free_text=free_text,
        version=administration.version,
        population=administration.population,
        completed_by=administration.completed_by,
        mode=administration.mode.value,
        recorded_at=dt.datetime.now(dt.UTC),
    )
    db.add(row)
    db.flush()
    return _stored(row)


def list_administrations(db: DbSession, *, client_id: int) -> list[StoredAdministration]:
    """A client's administrations, oldest form first (then by id)."""
    rows = db.scalars(
        select(AdministrationRow)
        .where(AdministrationRow.client_id == client_id)
        .order_by(AdministrationRow.id)
    )
    stored = [_stored(row) for row in rows]
    return sorted(stored, key=lambda s: (s.administration.date, s.id))


def delete_administration(db: DbSession, *, administration_id: int) -> None:
    """Remove one stored form (used when a corrected form replaces it)."""
    row = db.get(AdministrationRow, administration_id)
    if row is not None:
        db.delete(row)
        db.flush()


def administration_owner(db: DbSession, *, administration_id: int) -> int:
    """The client id of a stored form (nothing decrypted); :class:`NotFoundError` if unknown."""
    client_id = db.scalar(
        select(AdministrationRow.client_id).where(AdministrationRow.id == administration_id)
    )
    if client_id is None:
        raise NotFoundError(
            f"no measure form with id {administration_id}; `alliancelens export CLIENT` lists "
            "a client's forms with their ids"
        )
    return int(client_id)
