"""Repository functions for users, supervision links, clients and consents.

Every function takes the database session first and keyword-only arguments after it, and
returns plain records (:mod:`alliancelens.storage.records`), never ORM rows.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid

from sqlalchemy import LargeBinary, delete, func, select, type_coerce, update
from sqlalchemy.orm import Session as DbSession

from alliancelens.errors import MissingKeyError, NotFoundError, UsageError
from alliancelens.storage.records import ClientRecord, ConsentKind, ConsentRecord, UserRecord
from alliancelens.storage.tables import ClientRow, ConsentRow, SupervisionRow, UserRow
from alliancelens.storage.types import live_keyring

#: What a client row shows in lists when its values cannot be decrypted (``{key}``: key id).
UNREADABLE_NAME = "cannot be decrypted — key {key} missing; see docs/security.md"

log = logging.getLogger("alliancelens.storage")

__all__ = [
    "active_consents",
    "add_client",
    "add_consent",
    "add_supervision",
    "add_user",
    "client_fhir_uuid",
    "client_ids",
    "client_owner",
    "consents",
    "count_clients",
    "delete_client_row",
    "find_user",
    "get_client",
    "get_user",
    "list_clients",
    "list_users",
    "password_hash_of",
    "remove_supervision",
    "set_active",
    "set_consent_start",
    "set_password_hash",
    "set_role",
    "supervisees_of",
    "withdraw_consent",
]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _user(row: UserRow) -> UserRecord:
    return UserRecord(
        row.id,
        row.username,
        row.role,
        row.active,
        row.client_id,
        row.created_at,
        row.session_version or 0,
    )


def _client(row: ClientRow) -> ClientRecord:
    return ClientRecord(
        row.id, row.therapist_id, row.name, row.identifier, row.notes, row.created_at
    )


def add_user(
    db: DbSession,
    *,
    username: str,
    password_hash: str,
    role: str,
    client_id: int | None = None,
) -> UserRecord:
    """Create a user; user names are unique."""
    if find_user(db, username=username) is not None:
        raise UsageError(f"a user named {username!r} already exists; choose another user name")
    row = UserRow(
        username=username,
        password_hash=password_hash,
        role=role,
        active=True,
        client_id=client_id,
        created_at=_now(),
    )
    db.add(row)
    db.flush()
    return _user(row)


def get_user(db: DbSession, *, user_id: int) -> UserRecord:
    """The user with internal id ``user_id``."""
    row = db.get(UserRow, user_id)
    if row is None:
        raise NotFoundError(f"no user with id {user_id}; `alliancelens users list` shows them")
    return _user(row)


def find_user(db: DbSession, *, username: str) -> UserRecord | None:
    """The user called ``username``, if any."""
    row = db.scalar(select(UserRow).where(UserRow.username == username))
    return None if row is None else _user(row)


def password_hash_of(db: DbSession, *, username: str) -> str | None:
    """The stored password hash of an active user (``None`` when no such active user)."""
    return db.scalar(
        select(UserRow.password_hash).where(UserRow.username == username, UserRow.active)
    )


def set_password_hash(
    db: DbSession, *, user_id: int, password_hash: str, end_sign_ins: bool = False
) -> None:
    """Replace a user's password hash (a rehash; or a reset, which ``end_sign_ins``)."""
    values: dict[str, object] = {"password_hash": password_hash}
    if end_sign_ins:
        values["session_version"] = UserRow.session_version + 1
    db.execute(update(UserRow).where(UserRow.id == user_id).values(values))


def set_active(db: DbSession, *, user_id: int, active: bool) -> None:
    """Deactivate (ending every sign-in of the user) or reactivate a user."""
    values: dict[str, object] = {"active": active}
    if not active:
        values["session_version"] = UserRow.session_version + 1
    db.execute(update(UserRow).where(UserRow.id == user_id).values(values))


def set_role(db: DbSession, *, user_id: int, role: str) -> None:
    """Change a user's role (ends the user's sign-ins: their rights change)."""
    db.execute(
        update(UserRow)
        .where(UserRow.id == user_id)
        .values(role=role, session_version=UserRow.session_version + 1)
    )


def list_users(db: DbSession) -> list[UserRecord]:
    """Every user, by id."""
    return [_user(row) for row in db.scalars(select(UserRow).order_by(UserRow.id))]


def add_supervision(db: DbSession, *, supervisor_id: int, therapist_id: int) -> None:
    """Record that ``supervisor_id`` supervises ``therapist_id`` (idempotent)."""
    exists = db.scalar(
        select(SupervisionRow.id).where(
            SupervisionRow.supervisor_id == supervisor_id,
            SupervisionRow.therapist_id == therapist_id,
        )
    )
    if exists is None:
        db.add(
            SupervisionRow(
                supervisor_id=supervisor_id, therapist_id=therapist_id, created_at=_now()
            )
        )
        db.flush()


def remove_supervision(db: DbSession, *, supervisor_id: int, therapist_id: int) -> int:
    """End a supervision link; returns how many links were removed (0 or 1)."""
    result = db.execute(
        delete(SupervisionRow).where(
            SupervisionRow.supervisor_id == supervisor_id,
            SupervisionRow.therapist_id == therapist_id,
        )
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def supervisees_of(db: DbSession, *, supervisor_id: int) -> frozenset[int]:
    """Ids of the therapists a supervisor supervises."""
    rows = db.scalars(
        select(SupervisionRow.therapist_id).where(SupervisionRow.supervisor_id == supervisor_id)
    )
    return frozenset(rows)


def add_client(
    db: DbSession,
    *,
    therapist_id: int | None,
    name: str,
    identifier: str | None = None,
    notes: str | None = None,
) -> ClientRecord:
    """Create a client record (name, identifier and notes are stored encrypted)."""
    row = ClientRow(
        therapist_id=therapist_id,
        name=name,
        identifier=identifier,
        notes=notes,
        created_at=_now(),
        fhir_uuid=str(uuid.uuid4()),
    )
    db.add(row)
    db.flush()
    return _client(row)


def client_fhir_uuid(db: DbSession, *, client_id: int) -> str:
    """The client's random FHIR UUID, created and stored on first use (clients before 0008)."""
    found = db.execute(select(ClientRow.fhir_uuid).where(ClientRow.id == client_id)).first()
    if found is None:  # reads only this column: no encrypted value is decrypted
        raise NotFoundError(f"no client {client_id}; `alliancelens clients list` shows them")
    if found.fhir_uuid is not None:
        return str(found.fhir_uuid)
    created = str(uuid.uuid4())
    db.execute(update(ClientRow).where(ClientRow.id == client_id).values(fhir_uuid=created))
    return created


def get_client(db: DbSession, *, client_id: int) -> ClientRecord:
    """The client with internal id ``client_id``."""
    row = db.get(ClientRow, client_id)
    if row is None:
        raise NotFoundError(
            f"no client with id {client_id}; `alliancelens clients list` shows them"
        )
    return _client(row)


def client_owner(db: DbSession, *, client_id: int) -> int | None:
    """The owning therapist's id of a client (nothing is decrypted)."""
    found = db.execute(
        select(ClientRow.therapist_id).where(ClientRow.id == client_id)
    ).one_or_none()
    if found is None:
        raise NotFoundError(
            f"no client with id {client_id}; `alliancelens clients list` shows them"
        )
    return found[0]


_ENCRYPTED_CLIENT_COLUMNS = (ClientRow.name, ClientRow.identifier, ClientRow.notes)


def list_clients(
    db: DbSession, *, therapist_ids: frozenset[int] | None = None
) -> list[ClientRecord]:
    """Clients, by id; only those of ``therapist_ids`` when given.

    Each row is decrypted on its own: a row whose key is missing is listed with
    :data:`UNREADABLE_NAME` (and logged by id and key id), so it never hides the others.
    """
    raw = [type_coerce(column, LargeBinary) for column in _ENCRYPTED_CLIENT_COLUMNS]
    query = select(ClientRow.id, ClientRow.therapist_id, ClientRow.created_at, *raw)
    query = query.order_by(ClientRow.id)
    if therapist_ids is not None:
        query = query.where(ClientRow.therapist_id.in_(therapist_ids))
    keys = live_keyring(db.get_bind().dialect)
    found: list[ClientRecord] = []
    for client_id, therapist_id, created_at, *blobs in db.execute(query):
        try:
            name, identifier, notes = (
                None
                if blob is None
                else keys.for_decrypt(bytes(blob))
                .decrypt(bytes(blob), aad=f"clients.{column.key}".encode())
                .decode("utf-8")
                for blob, column in zip(blobs, _ENCRYPTED_CLIENT_COLUMNS, strict=True)
            )
        except MissingKeyError as exc:
            log.warning("client %d cannot be decrypted: key %s is missing", client_id, exc.key_id)
            unreadable = UNREADABLE_NAME.format(key=exc.key_id)
            found.append(
                ClientRecord(
                    client_id, therapist_id, unreadable, None, None, created_at, exc.key_id
                )
            )
            continue
        found.append(
            ClientRecord(client_id, therapist_id, name or "", identifier, notes, created_at)
        )
    return found


def client_ids(db: DbSession) -> list[int]:
    """Every client id (no decryption)."""
    return list(db.scalars(select(ClientRow.id).order_by(ClientRow.id)))


def delete_client_row(db: DbSession, *, client_id: int) -> None:
    """Delete a client; foreign keys cascade to everything that belongs to the client."""
    db.execute(delete(ClientRow).where(ClientRow.id == client_id))


def add_consent(
    db: DbSession,
    *,
    client_id: int,
    kind: ConsentKind,
    granted_on: dt.date,
    recorded_by: str,
) -> ConsentRecord:
    """Record a grant of consent ``kind`` from ``granted_on``."""
    row = ConsentRow(
        client_id=client_id,
        kind=kind.value,
        granted_on=granted_on,
        withdrawn_on=None,
        recorded_by=recorded_by,
        recorded_at=_now(),
    )
    db.add(row)
    db.flush()
    return _consent(row)


def withdraw_consent(
    db: DbSession, *, client_id: int, kind: ConsentKind, withdrawn_on: dt.date
) -> int:
    """Withdraw every open grant of ``kind``; returns how many grants were closed."""
    result = db.execute(
        update(ConsentRow)
        .where(
            ConsentRow.client_id == client_id,
            ConsentRow.kind == kind.value,
            ConsentRow.withdrawn_on.is_(None),
        )
        .values(withdrawn_on=withdrawn_on)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def set_consent_start(db: DbSession, *, consent_id: int, granted_on: dt.date) -> ConsentRecord:
    """Move one grant's start to ``granted_on`` (a correction; the caller audits it)."""
    row = db.get(ConsentRow, consent_id)
    if row is None:  # pragma: no cover - the caller read the grant in this transaction
        raise NotFoundError(f"no consent grant with id {consent_id}")
    row.granted_on = granted_on
    db.flush()
    return _consent(row)


def consents(db: DbSession, *, client_id: int) -> list[ConsentRecord]:
    """Every grant (open or withdrawn) of a client, oldest first."""
    rows = db.scalars(
        select(ConsentRow).where(ConsentRow.client_id == client_id).order_by(ConsentRow.id)
    )
    return [_consent(row) for row in rows]


def active_consents(db: DbSession, *, client_id: int, on: dt.date) -> frozenset[ConsentKind]:
    """The consent kinds in force for a client on day ``on``."""
    return frozenset(c.kind for c in consents(db, client_id=client_id) if c.active_on(on))


def count_clients(db: DbSession) -> int:
    """Number of clients."""
    return int(db.scalar(select(func.count()).select_from(ClientRow)) or 0)


def _consent(row: ConsentRow) -> ConsentRecord:
    return ConsentRecord(
        row.id,
        row.client_id,
        ConsentKind(row.kind),
        row.granted_on,
        row.withdrawn_on,
        row.recorded_by,
    )
