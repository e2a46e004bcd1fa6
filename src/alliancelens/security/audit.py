"""Append-only, hash-chained audit log of who viewed, created, changed, exported or deleted what.

Each entry's hash is SHA-256 over its own fields and the previous entry's hash, so changing,
removing or reordering any entry breaks every hash after it; the ``audit_head`` row holds the
newest number and hash, so cutting entries off the end is detected too. Database triggers refuse
UPDATE and DELETE on ``audit_log``. Entries hold internal ids, roles and action names only —
never a client's name, identifier or transcript text.

What the chain does not stop: someone with write access to the database who drops the triggers
and rewrites the whole chain and the head consistently (see ``docs/security.md``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from alliancelens.storage import database
from alliancelens.storage.tables import AuditEntryRow, AuditHeadRow

__all__ = ["GENESIS", "AuditEntry", "AuditReport", "append", "entries", "verify"]

GENESIS = "0" * 64


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One audit entry as stored."""

    seq: int
    at: str
    actor: str
    action: str
    resource: str
    resource_id: str | None
    detail: Mapping[str, Any]
    hash: str


@dataclass(frozen=True, slots=True)
class AuditReport:
    """Result of verifying the chain: entries checked, and the first broken entry if any."""

    entries: int
    ok: bool
    broken_at: int | None = None
    problem: str | None = None
    head: str = GENESIS


def _digest(  # noqa: PLR0917 - the hashed fields, in their fixed order
    seq: int,
    at: str,
    actor: str,
    action: str,
    resource: str,
    resource_id: str | None,
    detail: str,
    prev_hash: str,
) -> str:
    payload = json.dumps(
        [seq, at, actor, action, resource, resource_id, detail, prev_hash],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append(
    db: DbSession,
    *,
    actor: str,
    action: str,
    resource: str,
    resource_id: int | str | None = None,
    detail: Mapping[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> int:
    """Add an entry in the caller's transaction; returns its number (1, 2, ...)."""
    head = db.scalars(select(AuditHeadRow).where(AuditHeadRow.id == 1).with_for_update()).one()
    seq = head.seq + 1
    when = (at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).isoformat(timespec="microseconds")
    rid = None if resource_id is None else str(resource_id)
    text = json.dumps(dict(detail or {}), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    digest = _digest(seq, when, actor, action, resource, rid, text, head.hash)
    db.add(
        AuditEntryRow(
            seq=seq,
            at=when,
            actor=actor,
            action=action,
            resource=resource,
            resource_id=rid,
            detail=text,
            prev_hash=head.hash,
            hash=digest,
        )
    )
    head.seq = seq
    head.hash = digest
    db.flush()
    return seq


def entries(db: DbSession, *, limit: int | None = None) -> list[AuditEntry]:
    """Entries, newest last (the last ``limit`` when given)."""
    query = select(AuditEntryRow).order_by(AuditEntryRow.seq.desc())
    if limit is not None:
        query = query.limit(limit)
    rows = list(db.scalars(query))
    rows.reverse()
    return [
        AuditEntry(
            r.seq, r.at, r.actor, r.action, r.resource, r.resource_id, json.loads(r.detail), r.hash
        )
        for r in rows
    ]


def verify(db: DbSession) -> AuditReport:
    """Recompute the whole chain and compare it with the head."""
    expected_prev = GENESIS
    count = 0
    for row in db.scalars(select(AuditEntryRow).order_by(AuditEntryRow.seq)):
        count += 1
        if row.seq != count:
            return AuditReport(count - 1, False, row.seq, f"entry {count} is missing")
        if row.prev_hash != expected_prev:
            return AuditReport(count - 1, False, row.seq, "link to the previous entry broken")
        digest = _digest(
            row.seq,
            row.at,
            row.actor,
            row.action,
            row.resource,
            row.resource_id,
            row.detail,
            row.prev_hash,
        )
        if digest != row.hash:
            return AuditReport(count - 1, False, row.seq, "entry content does not match its hash")
        expected_prev = row.hash
    head = db.get(AuditHeadRow, 1)
    if head is None or head.seq != count or head.hash != expected_prev:
        return AuditReport(count, False, count + 1, "entries after the last one were removed")
    return AuditReport(count, True, head=expected_prev)


def _record_refusal(db: DbSession, facts: Mapping[str, str | int | None]) -> None:
    """Audit a refused attempt by ids: who, what action, which record, of which client.

    ``resource_id`` is the id of the record asked for, as in every other entry (none for a list
    or a new record); the client id goes in ``detail``, never in ``resource_id``.
    """
    detail: dict[str, str | int | None] = {"action": facts.get("action")}
    if facts.get("client") is not None:
        detail["client"] = facts.get("client")
    append(
        db,
        actor=str(facts.get("actor")),
        action="refused",
        resource=str(facts.get("resource")),
        resource_id=facts.get("record"),
        detail=detail,
    )


database.REFUSAL_HOOKS.append(_record_refusal)
