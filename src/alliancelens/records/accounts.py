"""User administration (administrators only; every change audited by ids).

Deactivate and reactivate, change role, reset a password, end a supervision link.

Deactivation, a password reset and a role change bump the user's session version, so every web
sign-in made before stops working at its next request (not only at the next sign-in).

Web sign-in lockouts (too many wrong passwords for one user name) are counted in the web
process's memory, but they are recorded in the audit log by user id (``lockout``) and lifted
through it: an administrator's ``unlock`` (and a ``reset-password`` or ``activate``) entry newer
than the lock tells every web process to let the user try again (:func:`lock_lifted_since`), so
the CLI can lift a lock held by another process without restarting it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from alliancelens.errors import NotFoundError, UsageError
from alliancelens.security import audit
from alliancelens.security.passwords import check_password_strength, hash_password
from alliancelens.security.policy import Action, Actor, Resource, Role, Target, require
from alliancelens.storage import Database, UserRecord, people
from alliancelens.storage.tables import AuditEntryRow

__all__ = [
    "LOCK_LIFTING",
    "Unlocked",
    "last_lockouts",
    "lock_lifted_since",
    "record_lockout",
    "remove_supervision",
    "reset_password",
    "set_user_active",
    "set_user_role",
    "unlock_user",
]

#: Audit actions about a user that lift a web sign-in lockout recorded before them.
LOCK_LIFTING: Final = ("unlock", "reset-password", "activate")
#: ...and those that end it for the "is this user locked out" view (a successful sign-in too).
_LOCK_ENDING: Final = (*LOCK_LIFTING, "login")

_USERS = Target(Resource.USER)


def _named(db: object, username: str) -> UserRecord:
    user = people.find_user(db, username=username)  # type: ignore[arg-type]
    if user is None:
        raise NotFoundError(
            f"no user named {username!r}; `alliancelens users list` shows the users"
        )
    return user


def set_user_active(database: Database, actor: Actor, *, username: str, active: bool) -> UserRecord:
    """Deactivate (signs the user out everywhere) or reactivate a user; returns the user."""
    require(actor, Action.UPDATE, _USERS)
    with database.transaction() as db:
        user = _named(db, username)
        if not active and actor.user_id == user.id:
            raise UsageError("you cannot deactivate yourself; ask another administrator")
        people.set_active(db, user_id=user.id, active=active)
        audit.append(
            db,
            actor=actor.label,
            action="deactivate" if not active else "activate",
            resource="user",
            resource_id=user.id,
        )
        return people.get_user(db, user_id=user.id)


def set_user_role(database: Database, actor: Actor, *, username: str, role: Role) -> UserRecord:
    """Change a user's role (not to or from ``client``: a client login is linked to a record)."""
    require(actor, Action.UPDATE, _USERS)
    if role is Role.CLIENT:
        raise UsageError("a client login is created with `users add --role client --client ID`")
    with database.transaction() as db:
        user = _named(db, username)
        if user.role == Role.CLIENT:
            raise UsageError("a client login cannot change role; deactivate it instead")
        if actor.user_id == user.id:
            raise UsageError("you cannot change your own role; ask another administrator")
        people.set_role(db, user_id=user.id, role=role.value)
        audit.append(
            db,
            actor=actor.label,
            action="set-role",
            resource="user",
            resource_id=user.id,
            detail={"from": user.role, "to": role.value},
        )
        return people.get_user(db, user_id=user.id)


def reset_password(database: Database, actor: Actor, *, username: str, password: str) -> None:
    """Set a new password for a user and end every sign-in made with the old one."""
    require(actor, Action.UPDATE, _USERS)
    check_password_strength(password, username=username)
    with database.transaction() as db:
        user = _named(db, username)
        people.set_password_hash(
            db, user_id=user.id, password_hash=hash_password(password), end_sign_ins=True
        )
        audit.append(
            db, actor=actor.label, action="reset-password", resource="user", resource_id=user.id
        )


def remove_supervision(
    database: Database, actor: Actor, *, supervisor: str, therapist: str
) -> bool:
    """End the link ``supervisor`` supervises ``therapist``; ``False`` when there was none."""
    require(actor, Action.UPDATE, _USERS)
    with database.transaction() as db:
        sup, ther = _named(db, supervisor), _named(db, therapist)
        removed = people.remove_supervision(db, supervisor_id=sup.id, therapist_id=ther.id)
        if removed:
            audit.append(
                db,
                actor=actor.label,
                action="unsupervise",
                resource="user",
                resource_id=ther.id,
                detail={"supervisor": sup.id},
            )
    return bool(removed)


@dataclass(frozen=True, slots=True)
class Unlocked:
    """What ``users unlock`` did: the user, and when their last unlifted web lockout began."""

    user_id: int
    locked_at: dt.datetime | None  # None: no lockout recorded since the last unlock or sign-in


def _when(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def _latest(db: DbSession, user_id: int, actions: tuple[str, ...]) -> AuditEntryRow | None:
    """The newest audit entry about user ``user_id`` with one of ``actions``."""
    query = (
        select(AuditEntryRow)
        .where(
            AuditEntryRow.resource == "user",
            AuditEntryRow.resource_id == str(user_id),
            AuditEntryRow.action.in_(actions),
        )
        .order_by(AuditEntryRow.seq.desc())
        .limit(1)
    )
    return db.scalars(query).first()


def _open_lockout(db: DbSession, user_id: int) -> dt.datetime | None:
    """When the user's newest lockout began, unless an unlock or a sign-in came after it."""
    lockout = _latest(db, user_id, ("lockout",))
    if lockout is None:
        return None
    ended = _latest(db, user_id, _LOCK_ENDING)
    if ended is not None and ended.seq > lockout.seq:
        return None
    return _when(lockout.at)


def record_lockout(database: Database, *, username: str) -> int | None:
    """Audit that the web locked sign-ins for ``username`` (by id); None for an unknown name."""
    with database.transaction() as db:
        user = people.find_user(db, username=username)
        if user is None:
            return None
        audit.append(db, actor="anonymous", action="lockout", resource="user", resource_id=user.id)
        return user.id


def lock_lifted_since(database: Database, *, username: str, since: dt.datetime) -> bool:
    """Whether an administrator lifted ``username``'s lock (unlock, reset, activate) since then."""
    with database.transaction() as db:
        user = people.find_user(db, username=username)
        if user is None:
            return False
        entry = _latest(db, user.id, LOCK_LIFTING)
    return entry is not None and _when(entry.at) > since


def unlock_user(database: Database, actor: Actor, *, username: str) -> Unlocked:
    """Lift a web sign-in lockout of ``username`` in every web process (audited ``unlock``)."""
    require(actor, Action.UPDATE, _USERS)
    with database.transaction() as db:
        user = _named(db, username)
        locked_at = _open_lockout(db, user.id)
        audit.append(
            db,
            actor=actor.label,
            action="unlock",
            resource="user",
            resource_id=user.id,
            detail={"was_locked": locked_at is not None},
        )
    return Unlocked(user.id, locked_at)


def last_lockouts(database: Database, actor: Actor) -> dict[int, dt.datetime]:
    """User id -> start of their newest web lockout not yet followed by an unlock or sign-in."""
    require(actor, Action.VIEW, _USERS)
    with database.transaction() as db:
        users = people.list_users(db)
        found = {user.id: _open_lockout(db, user.id) for user in users}
    return {user_id: at for user_id, at in found.items() if at is not None}
