"""Repository functions for one-time form links (the token itself is never stored, only its hash).

A link lets a client fill in one form of one measure until it expires; it is single use: marking
it used is a conditional update, so two submissions racing on the same link cannot both succeed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session as DbSession

from alliancelens.storage.tables import FormLinkRow

__all__ = ["FormLinkRecord", "add_link", "find_link", "hash_token", "mark_used"]


@dataclass(frozen=True, slots=True)
class FormLinkRecord:
    """A form link (without its token)."""

    id: int
    client_id: int
    measure: str
    created_by: str
    created_at: dt.datetime
    expires_at: dt.datetime
    used_at: dt.datetime | None


def hash_token(token: str) -> str:
    """SHA-256 hex of a token: tokens are 256-bit random, so no salt or slow hash is needed."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _record(row: FormLinkRow) -> FormLinkRecord:
    return FormLinkRecord(
        row.id,
        row.client_id,
        row.measure,
        row.created_by,
        row.created_at,
        row.expires_at,
        row.used_at,
    )


def add_link(
    db: DbSession,
    *,
    client_id: int,
    measure: str,
    token_hash: str,
    created_by: str,
    created_at: dt.datetime,
    expires_at: dt.datetime,
) -> FormLinkRecord:
    """Store a new, unused link."""
    row = FormLinkRow(
        client_id=client_id,
        measure=measure,
        token_hash=token_hash,
        created_by=created_by,
        created_at=created_at,
        expires_at=expires_at,
    )
    db.add(row)
    db.flush()
    return _record(row)


def find_link(db: DbSession, *, token_hash: str) -> FormLinkRecord | None:
    """The link with this token hash, if any."""
    row = db.scalar(select(FormLinkRow).where(FormLinkRow.token_hash == token_hash))
    return None if row is None else _record(row)


def mark_used(db: DbSession, *, link_id: int, at: dt.datetime) -> bool:
    """Mark an unused link used; ``False`` when it was already used."""
    result = db.execute(
        update(FormLinkRow)
        .where(FormLinkRow.id == link_id, FormLinkRow.used_at.is_(None))
        .values(used_at=at)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0) == 1)
