"""Who is acting: the local administrator (CLI default), a named user, or a signed-in user."""

from __future__ import annotations

import getpass
import hashlib

from alliancelens.errors import AuthenticationError, NotFoundError
from alliancelens.security import audit
from alliancelens.security.passwords import (
    hash_password,
    needs_rehash,
    verify_password,
    waste_verification,
)
from alliancelens.security.policy import Actor, Role
from alliancelens.storage import Database, UserRecord, people

__all__ = [
    "account_stamp",
    "actor_for",
    "authenticate",
    "local_admin",
    "record_sign_out",
    "resolve_actor",
]


def local_admin() -> Actor:
    """The operating-system user running the CLI, acting as administrator (no user row).

    Whoever can run the CLI with this data directory can read its key file anyway, so the CLI
    trusts the OS account; audit entries name it as ``local:<os user>``.
    """
    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # pragma: no cover - no passwd entry (some containers)
        name = "unknown"
    return Actor(None, Role.ADMIN, f"local:{name}")


def actor_for(database: Database, user: UserRecord) -> Actor:
    """The actor for a user record (with supervisees loaded for supervisors)."""
    supervisees: frozenset[int] = frozenset()
    if user.role == Role.SUPERVISOR:
        with database.transaction() as db:
            supervisees = people.supervisees_of(db, supervisor_id=user.id)
    return Actor(
        user.id,
        Role(user.role),
        f"user:{user.id}",
        client_id=user.client_id,
        supervisees=supervisees,
        session_version=user.session_version,
        account=account_stamp(user),
    )


def account_stamp(user: UserRecord) -> str:
    """A short digest of the account's id and creation time (to the microsecond).

    A web sign-in carries it and is refused when it differs, so a cookie of a deleted account
    never signs in as an account created later, even with the same id and user name (an id
    can come back when a backup is restored). Not secret: the cookie is signed, not hidden.
    """
    made = f"{user.id}:{user.created_at.isoformat()}".encode("ascii")
    return hashlib.sha256(made).hexdigest()[:16]


def resolve_actor(database: Database, username: str | None) -> Actor:
    """The actor the CLI runs as: ``username`` (``--as`` / ALLIANCELENS_USER) or local admin."""
    if not username:
        return local_admin()
    with database.transaction() as db:
        user = people.find_user(db, username=username)
    if user is None or not user.active:
        raise NotFoundError(
            f"no active user named {username!r}; `alliancelens users list` shows the users"
        )
    return actor_for(database, user)


def authenticate(database: Database, username: str, password: str) -> Actor:
    """Check a user name and password (for the web sign-in); audits success and failure."""
    with database.transaction() as db:
        stored = people.password_hash_of(db, username=username)
        user = people.find_user(db, username=username)
        if stored is None or user is None:
            waste_verification(password)  # as slow as a known name: names stay secret
            ok = False
        else:
            ok = verify_password(stored, password)
        if not ok or user is None or stored is None:
            audit.append(db, actor="anonymous", action="login-failed", resource="user")
        else:
            if needs_rehash(stored):
                people.set_password_hash(db, user_id=user.id, password_hash=hash_password(password))
            audit.append(
                db, actor=f"user:{user.id}", action="login", resource="user", resource_id=user.id
            )
    if not ok or user is None:
        raise AuthenticationError("wrong user name or password")
    return actor_for(database, user)


def record_sign_out(database: Database, actor: Actor) -> None:
    """Audit a web sign-out (by user id)."""
    with database.transaction() as db:
        audit.append(
            db, actor=actor.label, action="logout", resource="user", resource_id=actor.user_id
        )
