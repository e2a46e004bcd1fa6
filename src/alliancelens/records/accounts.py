"""User administration (administrators only; every change audited by ids).

Deactivate and reactivate, change role, reset a password, end a supervision link.

Deactivation, a password reset and a role change bump the user's session version, so every web
sign-in made before stops working at its next request (not only at the next sign-in).
"""

from __future__ import annotations

from alliancelens.errors import NotFoundError, UsageError
from alliancelens.security import audit
from alliancelens.security.passwords import check_password_strength, hash_password
from alliancelens.security.policy import Action, Actor, Resource, Role, Target, require
from alliancelens.storage import Database, UserRecord, people

__all__ = ["remove_supervision", "reset_password", "set_user_active", "set_user_role"]

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
