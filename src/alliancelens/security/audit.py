"""Append-only, hash-chained audit log of who viewed, created, changed, exported or deleted what.

Each entry's hash is SHA-256 over its own fields and the previous entry's hash, so changing,
removing or reordering any entry breaks every hash after it; the ``audit_head`` row holds the
newest number and hash, so cutting entries off the end is detected too. Database triggers refuse
UPDATE and DELETE on ``audit_log``. Entries hold internal ids, roles and action names only —
never a client's name, identifier or transcript text.

Every entry about a client's record names that client in ``detail.client`` (the internal id),
resolved here at write time from the record when the caller did not give it (:func:`client_of`):
a client, consent, form link or measure entry by its ``resource_id`` (measure entries use the
client id, except deletions, which give ``client``); a session, job, analysis or journal entry by
the record's owner, or by ``detail.session``; a retention purge of several sessions names their
clients in ``detail.clients``. Internal ids of deleted sessions, jobs and forms were reused by
SQLite before schema 0011 (entries written before it may share an id), so a later reader must
never work the client out from ids — the entry says it.

What the chain does not stop: someone with write access to the database who drops the triggers
and rewrites the whole chain and the head consistently (see ``docs/security.md``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from alliancelens.storage import database
from alliancelens.storage.tables import (
    AdministrationRow,
    AnalysisRow,
    AuditEntryRow,
    AuditHeadRow,
    JobRow,
    JournalRow,
    SessionRow,
)

__all__ = [
    "CLIENT_KEYED",
    "GENESIS",
    "RECORD_OWNERS",
    "AuditEntry",
    "AuditReport",
    "append",
    "as_id",
    "client_of",
    "entries",
    "verify",
]

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


#: Resources whose ``resource_id`` is the client's own id (a measure's create, replace and view
#: entries too; its deletion and refusals carry ``detail.client``).
CLIENT_KEYED = frozenset({"client", "consent", "form_link", "measure"})


def as_id(value: object) -> int | None:
    """An internal id from an entry field (int or digits), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def _session_client(db: DbSession, session_id: object) -> int | None:
    sid = as_id(session_id)
    row = None if sid is None else db.get(SessionRow, sid)
    return None if row is None else row.client_id


def _job_client(db: DbSession, rid: int) -> int | None:
    job = db.get(JobRow, rid)
    if job is None:
        return None
    return job.client_id if job.client_id is not None else _session_client(db, job.session_id)


def _analysis_client(db: DbSession, rid: int) -> int | None:
    analysis = db.get(AnalysisRow, rid)
    return None if analysis is None else _session_client(db, analysis.session_id)


def _journal_client(db: DbSession, rid: int) -> int | None:
    entry = db.get(JournalRow, rid)
    return None if entry is None else _session_client(db, entry.session_id)


def _form_client(db: DbSession, rid: int) -> int | None:
    form = db.get(AdministrationRow, rid)
    return None if form is None else form.client_id


#: How to find the client a stored record belongs to now, by audit resource name (a measure
#: here is a form, by its own id: deletions and refusals).
RECORD_OWNERS: Final[dict[str, Callable[[DbSession, int], int | None]]] = {
    "session": _session_client,
    "job": _job_client,
    "analysis": _analysis_client,
    "journal": _journal_client,
    "measure": _form_client,
}


def client_of(
    db: DbSession, action: str, resource: str, resource_id: object, detail: Mapping[str, Any]
) -> int | None:
    """The client an entry about ``resource``/``resource_id`` concerns, looked up now (or None).

    Call it while the record still exists (before a deletion). A journal listing (``entries``)
    is keyed by its therapist, a user: it names no client. A measure deletion or refusal names
    the form, not the client.
    """
    rid = as_id(resource_id)
    if resource in CLIENT_KEYED and not (resource == "measure" and action in {"delete", "refused"}):
        return rid
    if "session" in detail:
        return _session_client(db, detail["session"])
    if rid is None or (resource == "journal" and "entries" in detail):
        return None
    owner = RECORD_OWNERS.get(resource)
    return None if owner is None else owner(db, rid)


def _with_client(
    db: DbSession, action: str, resource: str, resource_id: object, detail: Mapping[str, Any]
) -> dict[str, Any]:
    """``detail`` with the client(s) the entry is about, unless the caller named it."""
    stamped = dict(detail)
    if "client" in stamped:
        return stamped
    sessions = stamped.get("sessions")
    if resource == "session" and isinstance(sessions, list):  # e.g. a retention purge
        clients = {_session_client(db, s) for s in sessions}
        named = sorted(c for c in clients if c is not None)
        if named:
            stamped["clients"] = named
        return stamped
    client = client_of(db, action, resource, resource_id, stamped)
    if client is not None:
        stamped["client"] = client
    return stamped


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
    """Add an entry in the caller's transaction; returns its number (1, 2, ...).

    ``detail.client`` is added when the entry is about a client's record and the caller did not
    give it (module docstring), so append while the record still exists.
    """
    detail = _with_client(db, action, resource, resource_id, detail or {})
    head = db.scalars(select(AuditHeadRow).where(AuditHeadRow.id == 1).with_for_update()).one()
    seq = head.seq + 1
    when = (at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).isoformat(timespec="microseconds")
    rid = None if resource_id is None else str(resource_id)
    text = json.dumps(detail, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
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
