"""Use case: read the audit log, filtered, for a subject-access or breach review (admins only).

Entries hold ids, roles and action names only, so listing them shows no client data. Reading the
log is itself audited (``view`` of ``audit`` with the filters and how many entries matched).

Which entries concern a client (``client_id``): since every entry about a client's record names
its client when written (``detail.client``, or ``detail.clients`` for a purge of several
sessions; :mod:`alliancelens.security.audit`), an entry that names clients is listed exactly when
it names this one. Internal ids are never trusted over that: SQLite reuses the ids of deleted
sessions, jobs and forms, and a measure entry's ``resource_id`` is not always a form id.

Entries written before clients were recorded (stores from before 0.x, see ``docs/cli.md``) are
attributed by replaying the log (:class:`_History`): a client, consent, form-link or measure
entry by its ``resource_id``; a session, job, analysis or journal entry by the *lifetime* of that
record id (from its ``create`` entry to its ``delete`` entry), whose client is the one any entry
in that lifetime names (a session deletion names it), or — for the lifetime still open — the
record's owner now. An entry written by ``job:N`` about a session links job N's lifetime to that
session's. A lifetime with no known client (e.g. sessions removed by a client deletion before
clients were recorded) is listed for no client.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session as DbSession

from alliancelens.errors import UsageError
from alliancelens.security import audit
from alliancelens.security.audit import CLIENT_KEYED, RECORD_OWNERS, AuditEntry, as_id
from alliancelens.security.policy import Action, Actor, Resource, Target, require
from alliancelens.storage import Database, people

__all__ = ["KNOWN_ACTIONS", "AuditFilter", "list_audit"]

#: Every action the application writes (an unknown ``--action`` is a typo, not "nothing done").
KNOWN_ACTIONS = frozenset({
    "activate", "create", "deactivate", "delete", "export", "lockout", "login", "login-failed",
    "logout", "purge", "refused", "replace", "reset-password", "retire", "rotate", "set-role",
    "share", "unlock", "unshare", "unsupervise", "update", "upgrade", "view",
})  # fmt: skip
#: Actor labels that are not user names (``--user local:me`` or ``--user job:4``).
_LABEL_PREFIXES = ("local:", "job:", "user:", "form-link:")
_NOT_USERS = frozenset({"anonymous"})


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


@dataclass(slots=True)
class _Lifetime:
    """One record id's life, from its creation to its deletion; ``link``: a job's session."""

    key: tuple[str, int]
    client: int | None = None
    open: bool = True
    links: list[_Lifetime] = field(default_factory=list)


def _keys(entry: AuditEntry) -> list[tuple[str, int]]:
    """The session/job/analysis/journal record ids an entry is about (session ids first)."""
    detail = entry.detail
    session = as_id(detail.get("session"))
    if session is not None:
        return [("session", session)]
    sessions = detail.get("sessions")
    if entry.resource == "session" and isinstance(sessions, list):
        return [("session", s) for s in map(as_id, sessions) if s is not None]
    rid = as_id(entry.resource_id)
    if rid is None or entry.resource not in RECORD_OWNERS or entry.resource == "measure":
        return []
    if entry.resource == "journal" and "entries" in detail:
        return []
    return [(entry.resource, rid)]


def _named(entry: AuditEntry) -> set[int] | None:
    """The clients an entry names (``detail.client`` / ``detail.clients``), or None."""
    detail = entry.detail
    if "client" in detail:
        one = as_id(detail["client"])
        return set() if one is None else {one}
    many = detail.get("clients")
    if isinstance(many, list):
        return {c for c in map(as_id, many) if c is not None}
    return None


class _History:
    """The log replayed: which record lifetime(s) each entry refers to (legacy entries)."""

    def __init__(self, entries: list[AuditEntry]) -> None:
        self._open: dict[tuple[str, int], _Lifetime] = {}
        self._all: list[_Lifetime] = []
        self.of_entry: dict[int, list[_Lifetime]] = {}
        for entry in entries:
            self._replay(entry)

    def _lifetime(self, key: tuple[str, int]) -> _Lifetime:
        life = self._open.get(key)
        if life is None:
            life = self._open[key] = _Lifetime(key)
            self._all.append(life)
        return life

    def _replay(self, entry: AuditEntry) -> None:
        keys = _keys(entry)
        rid = as_id(entry.resource_id)
        own = (entry.resource, rid) if rid is not None else None
        if entry.action == "create" and own in keys and own is not None:
            self._open.pop(own, None)  # a reused id: a new record
        lives = [self._lifetime(k) for k in keys]
        self.of_entry[entry.seq] = lives
        named = _named(entry)
        if named is not None and len(named) == 1 and len(lives) == 1 and lives[0].client is None:
            lives[0].client = next(iter(named))
        job = as_id(entry.actor.removeprefix("job:")) if entry.actor.startswith("job:") else None
        if job is not None and lives and lives[0].key[0] == "session":
            self._lifetime(("job", job)).links.append(lives[0])
        if entry.action == "delete" and own in keys and own is not None:
            self._lifetime(own).open = False
            self._open.pop(own, None)

    def resolve(self, db: DbSession) -> None:
        """Records still open get their owner now; then links fill what is still unknown."""
        for life in self._open.values():
            if life.client is None and life.open:
                life.client = RECORD_OWNERS[life.key[0]](db, life.key[1])
        for life in self._all:
            if life.client is None:
                life.client = next((x.client for x in life.links if x.client is not None), None)

    def clients(self, entry: AuditEntry) -> set[int]:
        """The clients a legacy entry is attributed to (maybe none)."""
        return {x.client for x in self.of_entry.get(entry.seq, []) if x.client is not None}


def _legacy_clients(entry: AuditEntry, history: _History) -> set[int]:
    form_entry = entry.resource == "measure" and entry.action in {"delete", "refused"}
    if entry.resource in CLIENT_KEYED and not form_entry:
        rid = as_id(entry.resource_id)
        return set() if rid is None else {rid}
    return history.clients(entry)


def _about_client(db: DbSession, entries: list[AuditEntry], client_id: int) -> list[AuditEntry]:
    """The entries about ``client_id`` (module docstring), in log order."""
    history = _History(entries)
    history.resolve(db)
    found = []
    for entry in entries:
        named = _named(entry)
        clients = named if named is not None else _legacy_clients(entry, history)
        if client_id in clients:
            found.append(entry)
    return found


def _actor_label(db: DbSession, user: str) -> str:
    """``user:<id>`` for a user name; a label (``local:me``, ``job:4``) as given.

    Raises ``UsageError`` for a name no user has: a typo must not read as "nobody did anything".
    """
    found = people.find_user(db, username=user)
    if found is not None:
        return f"user:{found.id}"
    if user.startswith(_LABEL_PREFIXES) or user in _NOT_USERS:
        return user
    raise UsageError(
        f"no user named {user}; `alliancelens users list` shows them (or give an audit label "
        "such as local:NAME or job:N)"
    )


def _check_action(action: str | None, entries: list[AuditEntry]) -> None:
    """Refuse an action no code writes and no entry has (a typo, not "nothing was done")."""
    known = KNOWN_ACTIONS | {e.action for e in entries}
    if action is not None and action not in known:
        raise UsageError(f"unknown action {action}; use one of {', '.join(sorted(known))}")


def _check_dates(wanted: AuditFilter) -> None:
    """Refuse ``until`` before ``since`` (a range that can hold nothing)."""
    if wanted.since is not None and wanted.until is not None and wanted.until < wanted.since:
        raise UsageError(
            f"--until {wanted.until.isoformat()} is before --since {wanted.since.isoformat()}; "
            "swap them"
        )


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

    Raises ``AccessDeniedError`` for anyone but an administrator, then ``UsageError`` for an
    unknown user name or action, or ``until`` before ``since``. The listing's own audit entry
    is written after the matching, so it is not part of what it returns.
    """
    require(actor, Action.VIEW, Target(Resource.AUDIT))
    _check_dates(wanted)
    with database.transaction() as db:
        label = None if wanted.user is None else _actor_label(db, wanted.user)
        everything = audit.entries(db)
        _check_action(wanted.action, everything)
        found = everything
        if wanted.client_id is not None:
            found = _about_client(db, everything, wanted.client_id)
        found = [e for e in found if _matches(e, wanted, label)]
        audit.append(
            db,
            actor=actor.label,
            action="view",
            resource="audit",
            detail={**wanted.as_detail(), "entries": len(found)},
        )
    return found
