"""Repository functions for therapists' journal entries (prompt and text stored encrypted).

Access rules live in the policy (:mod:`alliancelens.security.policy`); these functions only
read and write rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from alliancelens.errors import NotFoundError
from alliancelens.storage.tables import JournalRow

__all__ = [
    "JournalRecord",
    "add_entry",
    "delete_entry",
    "get_entry",
    "list_entries",
    "set_shared",
    "set_text",
    "unlinked_counts",
]


@dataclass(frozen=True, slots=True)
class JournalRecord:
    """One journal entry, decrypted."""

    id: int
    therapist_id: int
    session_id: int | None
    prompt: str | None
    text: str
    shared: bool
    created_at: dt.datetime


def _record(row: JournalRow) -> JournalRecord:
    return JournalRecord(
        row.id, row.therapist_id, row.session_id, row.prompt, row.text, row.shared, row.created_at
    )


def add_entry(
    db: DbSession,
    *,
    therapist_id: int,
    text: str,
    created_at: dt.datetime,
    session_id: int | None = None,
    prompt: str | None = None,
) -> JournalRecord:
    """Store a new, unshared entry."""
    row = JournalRow(
        therapist_id=therapist_id,
        session_id=session_id,
        prompt=prompt,
        text=text,
        shared=False,
        created_at=created_at,
    )
    db.add(row)
    db.flush()
    return _record(row)


def get_entry(db: DbSession, *, entry_id: int) -> JournalRecord:
    """One entry (NotFoundError names the id when there is none)."""
    row = db.get(JournalRow, entry_id)
    if row is None:
        raise NotFoundError(f"no journal entry {entry_id}; `alliancelens journal list` shows yours")
    return _record(row)


def list_entries(
    db: DbSession, *, therapist_id: int, shared_only: bool = False
) -> list[JournalRecord]:
    """A therapist's entries, oldest first (only shared ones with ``shared_only``)."""
    query = select(JournalRow).where(JournalRow.therapist_id == therapist_id)
    if shared_only:
        query = query.where(JournalRow.shared.is_(True))
    return [_record(row) for row in db.scalars(query.order_by(JournalRow.id))]


def _row(db: DbSession, entry_id: int) -> JournalRow:
    row = db.get(JournalRow, entry_id)
    if row is None:
        raise NotFoundError(f"no journal entry {entry_id}; `alliancelens journal list` shows yours")
    return row


def set_shared(db: DbSession, *, entry_id: int, shared: bool) -> None:
    """Share an entry with the therapist's supervisors, or take the share back."""
    _row(db, entry_id).shared = shared
    db.flush()


def set_text(db: DbSession, *, entry_id: int, text: str) -> None:
    """Replace an entry's text (the prompt, the link and the sharing stay)."""
    _row(db, entry_id).text = text
    db.flush()


def delete_entry(db: DbSession, *, entry_id: int) -> None:
    """Delete one entry (NotFoundError when there is none)."""
    db.delete(_row(db, entry_id))
    db.flush()


def unlinked_counts(db: DbSession) -> dict[int, int]:
    """How many entries about no session each therapist has (by user id); reads no text."""
    query = (
        select(JournalRow.therapist_id, func.count())
        .where(JournalRow.session_id.is_(None))
        .group_by(JournalRow.therapist_id)
        .order_by(JournalRow.therapist_id)
    )
    return {int(therapist): int(n) for therapist, n in db.execute(query)}
