"""Use case: read the audit log, filtered, for a subject-access or breach review (admins only).

Entries hold ids, roles and action names only, so listing them shows no client data. Reading the
log is itself audited (``view`` of ``audit`` with the filters and how many entries matched).

Which entries concern a client (``client_id``): an entry whose resource is the client
(``client``/``consent`` with the client id), one whose ``detail`` names the client (``client``),
and one about a record the client has now (a session, an analysis, a job or a measure form by
its id, or ``detail.session``). Entries about records already deleted are found through
``detail.client`` only (deletions of sessions and forms record it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from alliancelens.security import audit
from alliancelens.security.audit import AuditEntry
from alliancelens.security.policy import Action, Actor, Resource, Target, require
from alliancelens.storage import Database, people
from alliancelens.storage.tables import AdministrationRow, AnalysisRow, JobRow, SessionRow

__all__ = ["AuditFilter", "list_audit"]


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """What to list: every given field must match (dates are inclusive, UTC)."""

    client_id: int | None = None
    user: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    action: str | None = None

    def as_detail(self) -> dict[str, Any]:
        """The filters as audit detail (ids, names of users and dates; never client data)."""
        values = {
            "client": self.client_id,
            "user": self.user,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "action": self.action,
        }
        return {k: v for k, v in values.items() if v is not None}


def _ids(db: DbSession, column: Any, where: Any) -> set[str]:
    return {str(v) for v in db.scalars(select(column).where(where))}


def _client_records(db: DbSession, client_id: int) -> dict[str, set[str]]:
    """The ids of the records a client has now, by audit resource name."""
    sessions = _ids(db, SessionRow.id, SessionRow.client_id == client_id)
    session_ids = [int(s) for s in sessions]
    return {
        "session": sessions,
        "analysis": _ids(db, AnalysisRow.id, AnalysisRow.session_id.in_(session_ids)),
        "job": _ids(db, JobRow.id, JobRow.client_id == client_id),
        "measure": _ids(db, AdministrationRow.id, AdministrationRow.client_id == client_id),
    }


def _about_client(entry: AuditEntry, client_id: int, records: Mapping[str, set[str]]) -> bool:
    detail = entry.detail
    if str(detail.get("client")) == str(client_id):
        return True
    if entry.resource in {"client", "consent"}:
        return entry.resource_id == str(client_id)
    if entry.resource_id is not None and entry.resource_id in records.get(entry.resource, set()):
        return True
    session = detail.get("session")
    return session is not None and str(session) in records["session"]


def _actor_label(db: DbSession, user: str) -> str:
    """``user:<id>`` for a user name; anything else (``local:me``, ``job:4``) as given."""
    found = people.find_user(db, username=user)
    return user if found is None else f"user:{found.id}"


def _matches(entry: AuditEntry, wanted: AuditFilter, actor: str | None) -> bool:
    day = dt.datetime.fromisoformat(entry.at).date()
    return (
        (actor is None or entry.actor == actor)
        and (wanted.action is None or entry.action == wanted.action)
        and (wanted.since is None or day >= wanted.since)
        and (wanted.until is None or day <= wanted.until)
    )


def list_audit(database: Database, actor: Actor, wanted: AuditFilter) -> list[AuditEntry]:
    """The audit entries matching ``wanted``, oldest first (administrators only; audited).

    Raises ``AccessDeniedError`` for anyone but an administrator. The listing's own audit entry
    is written after the matching, so it is not part of what it returns.
    """
    require(actor, Action.VIEW, Target(Resource.AUDIT))
    with database.transaction() as db:
        label = None if wanted.user is None else _actor_label(db, wanted.user)
        found = [e for e in audit.entries(db) if _matches(e, wanted, label)]
        if wanted.client_id is not None:
            records = _client_records(db, wanted.client_id)
            found = [e for e in found if _about_client(e, wanted.client_id, records)]
        audit.append(
            db,
            actor=actor.label,
            action="view",
            resource="audit",
            detail={**wanted.as_detail(), "entries": len(found)},
        )
    return found
