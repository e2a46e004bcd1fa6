"""Use cases for users, supervision, clients and consents (shared by the CLI and the web app)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session as DbSession

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
    correct_start: bool = False,
) -> ConsentRecord:
    """Record that the client gave consent ``kind`` on day ``on`` (default today, never later).

    Refuses (:class:`UsageError`) while a grant of ``kind`` is still open: one grant in force at
    a time, so the history reads plainly; withdraw it first to record a new one. With
    ``correct_start`` the open grant's start moves to ``on`` instead (the consent was given
    earlier, or later, than recorded), audited as a correction with both dates: never as a
    withdrawal the client did not make.
    """
    day = on or today()
    with database.transaction() as db:
        authorise_client(db, actor, Action.UPDATE, client_id, Resource.CONSENT)
        _refuse_future(day, "the day a consent was given")
        history = [c for c in people.consents(db, client_id=client_id) if c.kind is kind]
        open_grants = [c for c in history if c.withdrawn_on is None]
        if correct_start:
            _refuse_overlap(history, day, client_id=client_id, kind=kind)
            return _correct_start(db, actor, open_grants, day, client_id=client_id, kind=kind)
        if open_grants:
            since = min(c.granted_on for c in open_grants).isoformat()
            raise UsageError(
                f"{kind} consent of client {client_id} is already recorded from {since}, so no "
                "second grant can be added; if it was given on another day, correct its start "
                f"with `alliancelens consent grant {client_id} {kind} --on DATE --correct-start`"
            )
        _refuse_overlap(history, day, client_id=client_id, kind=kind)
        record = people.add_consent(
            db, client_id=client_id, kind=kind, granted_on=day, recorded_by=actor.label
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


def _refuse_future(day: dt.date, what: str) -> None:
    """Refuse a consent date after today: a consent (or its withdrawal) is recorded once given."""
    now = today()
    if day > now:
        raise UsageError(
            f"{what} cannot be in the future ({day.isoformat()} is after today, "
            f"{now.isoformat()}); record it once it has happened"
        )


def _refuse_overlap(
    history: list[ConsentRecord], day: dt.date, *, client_id: int, kind: ConsentKind
) -> None:
    """Refuse a start before the last withdrawal of ``kind``: the grants would overlap."""
    ends = [c.withdrawn_on for c in history if c.withdrawn_on is not None]
    if ends and day < max(ends):
        raise UsageError(
            f"{kind} consent of client {client_id} was withdrawn on {max(ends).isoformat()}; a "
            f"grant cannot start before that day ({day.isoformat()} given)"
        )


def _correct_start(
    db: DbSession,
    actor: Actor,
    open_grants: list[ConsentRecord],
    day: dt.date,
    *,
    client_id: int,
    kind: ConsentKind,
) -> ConsentRecord:
    """Move the open grant's start to ``day``; audited as a correction (old and new date)."""
    if not open_grants:
        raise UsageError(
            f"client {client_id} has no open {kind} consent whose start could be corrected; "
            f"record the grant with `alliancelens consent grant {client_id} {kind} --on DATE`"
        )
    current = max(open_grants, key=lambda c: c.id)
    if current.granted_on == day:
        raise UsageError(
            f"{kind} consent of client {client_id} already starts on {day.isoformat()}; "
            "nothing was corrected"
        )
    record = people.set_consent_start(db, consent_id=current.id, granted_on=day)
    audit.append(
        db,
        actor=actor.label,
        action="update",
        resource="consent",
        resource_id=client_id,
        detail={
            "kind": kind.value,
            "corrected": "granted_on",
            "from": current.granted_on.isoformat(),
            "to": day.isoformat(),
        },
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

    The day (default today) may be neither in the future nor before the grant's start.
    Returns how many queued or running jobs were cancelled (a running job re-checks consent
    before it stores anything, so it stores nothing).
    """
    day = on or today()
    with database.transaction() as db:
        authorise_client(db, actor, Action.UPDATE, client_id, Resource.CONSENT)
        open_grants = [
            c
            for c in people.consents(db, client_id=client_id)
            if c.kind is kind and c.withdrawn_on is None
        ]
        if not open_grants:
            raise UsageError(f"client {client_id} has no {kind} consent in force to withdraw")
        _refuse_future(day, "the day a consent was withdrawn")
        _refuse_before_start(max(c.granted_on for c in open_grants), day, client_id, kind)
        people.withdraw_consent(db, client_id=client_id, kind=kind, withdrawn_on=day)
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


def _refuse_before_start(start: dt.date, day: dt.date, client_id: int, kind: ConsentKind) -> None:
    """Refuse a withdrawal dated before the grant it closes (the history would run backwards)."""
    if day >= start:
        return
    if start > today():  # recorded before future dates were refused (QA27 #6)
        raise UsageError(
            f"{kind} consent of client {client_id} is recorded as starting on "
            f"{start.isoformat()}, after today; correct its start with `alliancelens consent "
            f"grant {client_id} {kind} --on DATE --correct-start` first"
        )
    raise UsageError(
        f"{kind} consent of client {client_id} was given on {start.isoformat()}; a withdrawal "
        f"cannot be dated before it ({day.isoformat()} given)"
    )


def consent_history(database: Database, actor: Actor, *, client_id: int) -> list[ConsentRecord]:
    """Every consent grant and withdrawal of a client, oldest first (the view is audited)."""
    with database.transaction() as db:
        authorise_client(db, actor, Action.VIEW, client_id, Resource.CONSENT)
        audit.append(
            db, actor=actor.label, action="view", resource="consent", resource_id=client_id
        )
        return people.consents(db, client_id=client_id)
