"""Use cases for users, supervision, clients and consents (shared by the CLI and the web app)."""

from __future__ import annotations

import datetime as dt

from alliancelens.errors import NotFoundError, UsageError
from alliancelens.records._facts import authorise_client, today
from alliancelens.security import audit
from alliancelens.security.passwords import check_password_strength, hash_password
from alliancelens.security.policy import Action, Actor, Resource, Role, Target, require
from alliancelens.storage import (
    ClientRecord,
    ConsentKind,
    ConsentRecord,
    Database,
    UserRecord,
    jobrows,
    people,
)

__all__ = [
    "add_supervision",
    "consent_history",
    "create_client",
    "create_user",
    "get_client",
    "grant_consent",
    "list_clients",
    "list_users",
    "withdraw_consent",
]

_USERS = Target(Resource.USER)


def create_user(
    database: Database,
    actor: Actor,
    *,
    username: str,
    password: str,
    role: Role,
    client_id: int | None = None,
) -> UserRecord:
    """Create a user (admins only); a ``client`` user must be linked to a client record."""
    require(actor, Action.CREATE, _USERS)
    check_password_strength(password, username=username)
    if not username or len(username) > 64 or username != username.strip():
        raise UsageError("user names must be 1-64 characters without surrounding spaces")
    if (role is Role.CLIENT) != (client_id is not None):
        raise UsageError(
            "give --client exactly when the role is client (links the login to a client)"
        )
    with database.transaction() as db:
        if client_id is not None:
            people.get_client(db, client_id=client_id)
        user = people.add_user(
            db,
            username=username,
            password_hash=hash_password(password),
            role=role.value,
            client_id=client_id,
        )
        audit.append(
            db,
            actor=actor.label,
            action="create",
            resource="user",
            resource_id=user.id,
            detail={"role": role.value},
        )
    return user


def list_users(database: Database, actor: Actor) -> list[UserRecord]:
    """Every user (admins only)."""
    require(actor, Action.VIEW, _USERS)
    with database.transaction() as db:
        return people.list_users(db)


def add_supervision(database: Database, actor: Actor, *, supervisor: str, therapist: str) -> None:
    """Record that user ``supervisor`` supervises user ``therapist`` (admins only)."""
    require(actor, Action.UPDATE, _USERS)
    with database.transaction() as db:
        sup, ther = (people.find_user(db, username=name) for name in (supervisor, therapist))
        if sup is None or ther is None:
            raise NotFoundError("no such user; `alliancelens users list` shows them")
        if sup.role != Role.SUPERVISOR or ther.role != Role.THERAPIST:
            raise UsageError("supervision links a supervisor user to a therapist user")
        people.add_supervision(db, supervisor_id=sup.id, therapist_id=ther.id)
        audit.append(
            db,
            actor=actor.label,
            action="update",
            resource="user",
            resource_id=ther.id,
            detail={"supervisor": sup.id},
        )


def create_client(
    database: Database,
    actor: Actor,
    *,
    name: str,
    identifier: str | None = None,
    notes: str | None = None,
    therapist: str | None = None,
) -> ClientRecord:
    """Create a client owned by ``therapist`` (a therapist creating one owns it by default)."""
    if not name.strip():
        raise UsageError("the client name is empty; give a name (it is stored encrypted)")
    with database.transaction() as db:
        therapist_id = actor.user_id if actor.role is Role.THERAPIST else None
        if therapist is not None:
            user = people.find_user(db, username=therapist)
            if user is None or user.role != Role.THERAPIST:
                raise NotFoundError(
                    "no therapist user with that name; `alliancelens users list` shows them"
                )
            therapist_id = user.id
        require(actor, Action.CREATE, Target(Resource.CLIENT, therapist_id=therapist_id))
        client = people.add_client(
            db, therapist_id=therapist_id, name=name, identifier=identifier, notes=notes
        )
        audit.append(
            db, actor=actor.label, action="create", resource="client", resource_id=client.id
        )
    return client


def get_client(database: Database, actor: Actor, *, client_id: int) -> ClientRecord:
    """One client's record (the view is audited)."""
    with database.transaction() as db:
        authorise_client(db, actor, Action.VIEW, client_id, Resource.CLIENT)
        audit.append(db, actor=actor.label, action="view", resource="client", resource_id=client_id)
        return people.get_client(db, client_id=client_id)


def list_clients(database: Database, actor: Actor) -> list[ClientRecord]:
    """The clients ``actor`` may see: all for admins, their own for therapists, none otherwise."""
    with database.transaction() as db:
        if actor.role is Role.ADMIN:
            clients = people.list_clients(db)
        elif actor.role is Role.THERAPIST and actor.user_id is not None:
            clients = people.list_clients(db, therapist_ids=frozenset({actor.user_id}))
        else:
            clients = []
        audit.append(
            db, actor=actor.label, action="view", resource="client", detail={"listed": len(clients)}
        )
    return clients


def grant_consent(
    database: Database,
    actor: Actor,
    *,
    client_id: int,
    kind: ConsentKind,
    on: dt.date | None = None,
) -> ConsentRecord:
    """Record that the client gave consent ``kind`` on day ``on`` (default today).

    Refuses (:class:`UsageError`) while a grant of ``kind`` is still open: one grant in force at
    a time, so the history reads plainly; withdraw it first to record a new one.
    """
    with database.transaction() as db:
        authorise_client(db, actor, Action.UPDATE, client_id, Resource.CONSENT)
        open_grants = [
            c
            for c in people.consents(db, client_id=client_id)
            if c.kind is kind and c.withdrawn_on is None
        ]
        if open_grants:
            since = min(c.granted_on for c in open_grants).isoformat()
            raise UsageError(
                f"{kind} consent of client {client_id} is already in force since {since}; "
                "withdraw it first to record a new grant"
            )
        record = people.add_consent(
            db, client_id=client_id, kind=kind, granted_on=on or today(), recorded_by=actor.label
        )
        audit.append(
            db,
            actor=actor.label,
            action="create",
            resource="consent",
            resource_id=client_id,
            detail={"kind": kind.value},
        )
    return record


def withdraw_consent(
    database: Database,
    actor: Actor,
    *,
    client_id: int,
    kind: ConsentKind,
    on: dt.date | None = None,
) -> int:
    """Withdraw consent ``kind``; withdrawing analysis consent cancels queued analysis jobs.

    Returns how many queued or running jobs were cancelled (a running job re-checks consent
    before it stores anything, so it stores nothing).
    """
    with database.transaction() as db:
        authorise_client(db, actor, Action.UPDATE, client_id, Resource.CONSENT)
        closed = people.withdraw_consent(
            db, client_id=client_id, kind=kind, withdrawn_on=on or today()
        )
        if not closed:
            raise UsageError(f"client {client_id} has no {kind} consent in force to withdraw")
        cancelled = 0
        if kind is ConsentKind.ANALYSIS:
            cancelled = jobrows.cancel_client_jobs(
                db, client_id=client_id, kind="analyse", reason="analysis consent withdrawn"
            )
        audit.append(
            db,
            actor=actor.label,
            action="update",
            resource="consent",
            resource_id=client_id,
            detail={"kind": kind.value, "withdrawn": True, "jobs_cancelled": cancelled},
        )
    return cancelled


def consent_history(database: Database, actor: Actor, *, client_id: int) -> list[ConsentRecord]:
    """Every consent grant and withdrawal of a client, oldest first (the view is audited)."""
    with database.transaction() as db:
        authorise_client(db, actor, Action.VIEW, client_id, Resource.CONSENT)
        audit.append(
            db, actor=actor.label, action="view", resource="consent", resource_id=client_id
        )
        return people.consents(db, client_id=client_id)
