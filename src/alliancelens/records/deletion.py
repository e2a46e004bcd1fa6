"""Use cases: delete one stored session or measure form; erase a client and register it.

For a transcript filed under the wrong client, a duplicate import, or a client who withdrew
consent to one recording. Access is that of ``delete-client`` (the client's therapist or an
administrator). A session goes with everything that hangs off it — utterances, analyses
(analyser runs and findings), its analysis jobs, the supervision share (a flag on the session)
and the therapist's journal entries about it; measure forms linked to it stay in the client's
record, unlinked. The audit log keeps ids and counts only. Freed SQLite pages are overwritten
and the WAL is checkpointed, as for ``delete-client``.

Erasure register (QA39 #4): :func:`erase_client` (``delete-client``) deletes the client and
appends one line — internal id, UTC time, and a check value (a digest of the id and the
client's creation time: no name, no identifier) — to :data:`ERASURE_REGISTER` in the data
folder, outside the database, so a restored backup does not take it back.
:func:`restored_erasures` (``alliancelens erased-clients``) lists the registered clients that are
in the store again; the check value tells a restored erased client from a later client that got
the same id after a restore.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from sqlalchemy import select

from alliancelens.errors import UsageError
from alliancelens.records._facts import authorise_client, client_target, session_target
from alliancelens.security import audit
from alliancelens.security.policy import Action, Actor, Resource, Target, require
from alliancelens.storage import Database, transcripts
from alliancelens.storage.administrations import administration_owner, delete_administration
from alliancelens.storage.engine import is_sqlite
from alliancelens.storage.tables import ClientRow

__all__ = [
    "ERASURE_REGISTER",
    "ClientErasure",
    "Erasure",
    "RecordDeletion",
    "RestoredErasures",
    "delete_measure_form",
    "delete_session",
    "erase_client",
    "erasure_check",
    "read_register",
    "register_line",
    "register_path",
    "restored_erasures",
    "scrub_freed_pages",
]

#: File name of the erasure register, in the data folder (``ALLIANCELENS_HOME``).
ERASURE_REGISTER: Final = "erasure-register.tsv"
_REGISTER_HEADER: Final = (
    "# AllianceLens erasure register: one line per client deleted with `delete-client`.\n"
    "# Ids only. Keep this file when you restore a backup (it is newer than the backup); then\n"
    "# run `alliancelens erased-clients` to find erased clients the restore brought back.\n"
    "# client_id\tdeleted_at_utc\tcheck\n"
)


@dataclass(frozen=True, slots=True)
class RecordDeletion:
    """What was deleted: the record, its client and how many rows of each kind went with it."""

    record_id: int
    client_id: int
    counts: dict[str, int]


def scrub_freed_pages(database: Database) -> None:
    """SQLite: secure_delete zeroed freed pages; a checkpoint moves them out of the WAL too."""
    if not is_sqlite(database.engine):
        return
    raw = database.engine.raw_connection()  # outside any transaction (ours begin IMMEDIATE)
    try:
        raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()


def _confirmed(check: Callable[[], None], confirm: Callable[[], bool] | None, what: str) -> None:
    """Ask ``confirm`` only once ``check`` (the access check) passed, outside any transaction."""
    if confirm is None:
        return
    check()
    if not confirm():
        raise UsageError(f"cancelled: {what} was not deleted; nothing was changed")


def delete_session(
    database: Database,
    actor: Actor,
    *,
    session_id: int,
    confirm: Callable[[], bool] | None = None,
) -> RecordDeletion:
    """Delete one stored session and what hangs off it (module docstring); audited by ids.

    ``confirm`` is asked only once the actor is known to be allowed; ``False`` deletes nothing
    (:class:`UsageError`). Unknown ids raise ``NotFoundError``; others' sessions
    ``AccessDeniedError``.
    """

    def check() -> None:
        with database.transaction() as db:
            require(
                actor,
                Action.DELETE,
                session_target(db, session_id=session_id, resource=Resource.SESSION),
            )

    _confirmed(check, confirm, f"session {session_id}")
    with database.transaction() as db:
        target = session_target(db, session_id=session_id, resource=Resource.SESSION)
        require(actor, Action.DELETE, target)
        client_id = int(target.client_id or 0)
        counts = transcripts.delete_session(db, session_id=session_id)
        audit.append(
            db,
            actor=actor.label,
            action="delete",
            resource="session",
            resource_id=session_id,
            detail={"client": client_id, **counts},
        )
    scrub_freed_pages(database)
    return RecordDeletion(session_id, client_id, counts)


def delete_measure_form(
    database: Database,
    actor: Actor,
    *,
    form_id: int,
    confirm: Callable[[], bool] | None = None,
) -> RecordDeletion:
    """Delete one stored measure form (responses, free text); audited by ids.

    Access: ``delete`` on the client's measures (their therapist or an administrator).
    ``confirm`` works as in :func:`delete_session`.
    """

    def check() -> None:
        with database.transaction() as db:
            owner = administration_owner(db, administration_id=form_id)
            target = client_target(db, client_id=owner, resource=Resource.MEASURE)
            require(actor, Action.DELETE, target)

    _confirmed(check, confirm, f"measure form {form_id}")
    with database.transaction() as db:
        client_id = administration_owner(db, administration_id=form_id)
        require(
            actor, Action.DELETE, client_target(db, client_id=client_id, resource=Resource.MEASURE)
        )
        delete_administration(db, administration_id=form_id)
        audit.append(
            db,
            actor=actor.label,
            action="delete",
            resource="measure",
            resource_id=form_id,
            detail={"client": client_id},
        )
    scrub_freed_pages(database)
    return RecordDeletion(form_id, client_id, {"measure_forms": 1})


@dataclass(frozen=True, slots=True)
class Erasure:
    """One line of the erasure register: which client, when, and its check value."""

    client_id: int
    deleted_at: dt.datetime
    check: str


@dataclass(frozen=True, slots=True)
class ClientErasure:
    """What ``delete-client`` did: the counts, the register line, and what it could not reach.

    ``unlinked_journal`` maps a therapist's user id to the number of their journal entries about
    no session (not deleted with any client; only their author can search them), as far as the
    actor may know (:func:`~alliancelens.records.journal.unlinked_journal_authors`).
    ``register_error`` says why the register line could not be written (the client is deleted).
    """

    client_id: int
    counts: dict[str, int]
    register: Path
    erasure: Erasure
    unlinked_journal: dict[int, int] = field(default_factory=dict)
    register_error: str | None = None


@dataclass(frozen=True, slots=True)
class RestoredErasures:
    """Registered erasures checked against the store.

    ``restored``: the erased client is in the store again (a backup was restored): delete it
    again. ``reused``: the id now names another client (created after a restore), not the erased
    one: nothing to do. ``register`` is the file read; ``entries`` how many lines it has.
    """

    register: Path
    entries: int
    restored: list[Erasure]
    reused: list[Erasure]


def register_path(database: Database) -> Path:
    """The erasure register of the store's data folder."""
    return database.settings.home / ERASURE_REGISTER


def erasure_check(client_id: int, created_at: dt.datetime) -> str:
    """16 hex digits of SHA-256 over the id and creation time: tells one client from a later one.

    Both are plain (unencrypted) columns; the value reveals nothing about the client.
    """
    stamp = created_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")
    return hashlib.sha256(f"{client_id}|{stamp}".encode()).hexdigest()[:16]


def _check_register_writable(path: Path) -> None:
    """Refuse before deleting anything when the register line could not be written."""
    folder = path.parent
    if path.exists():
        writable = path.is_file() and os.access(path, os.W_OK)
    else:
        writable = folder.is_dir() and os.access(folder, os.W_OK)
    if not writable:
        raise UsageError(
            f"the erasure register {path} cannot be written; nothing was deleted. Make it (or "
            "its folder) writable by this user and run delete-client again"
        )


def register_line(erasure: Erasure) -> str:
    """The register's line for ``erasure`` (tab-separated, newline-terminated)."""
    when = erasure.deleted_at.isoformat(timespec="seconds")
    return f"{erasure.client_id}\t{when}\t{erasure.check}\n"


def _append(path: Path, erasure: Erasure) -> None:
    """Append one line (created 0600 with its header); flushed to disk before returning."""
    line = register_line(erasure)
    handle = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        text = (_REGISTER_HEADER if os.fstat(handle).st_size == 0 else "") + line
        os.write(handle, text.encode("utf-8"))
        os.fsync(handle)
    finally:
        os.close(handle)


def read_register(path: Path) -> list[Erasure]:
    """The register's lines, oldest first (none when there is no register yet).

    A line that is not ``id<TAB>time<TAB>check`` is a :class:`UsageError` naming the line.
    """
    if not path.exists():
        return []
    found: list[Erasure] = []
    for number, raw in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        erasure = _line(raw)
        if erasure is None:
            raise UsageError(
                f"{path}, line {number}: not a register line (client id, UTC time and check, "
                "separated by tabs); correct or remove that line"
            )
        found.append(erasure)
    return found


def _line(raw: str) -> Erasure | None:
    """One register line, or None when it is not ``id<TAB>time<TAB>16 hex digits``."""
    parts = raw.split("\t")
    if len(parts) != len(Erasure.__slots__) or not re.fullmatch(r"[0-9a-f]{16}", parts[2]):
        return None
    try:
        when = dt.datetime.fromisoformat(parts[1])
        return Erasure(int(parts[0]), when, parts[2])
    except ValueError:
        return None


def erase_client(
    database: Database,
    actor: Actor,
    *,
    client_id: int,
    confirm: Callable[[], bool] | None = None,
    now: dt.datetime | None = None,
) -> ClientErasure:
    """``delete-client``: delete the client, then append it to the erasure register.

    The deletion is :func:`~alliancelens.records.lifecycle.delete_client`; the register is
    described in the module docstring.

    Refused (:class:`UsageError`, nothing deleted) when the register cannot be written; access
    and ``confirm`` as for ``delete_client``. Also reports the therapists whose journal entries
    about no session the erasure could not reach (:class:`ClientErasure`).
    """
    from alliancelens.records.journal import unlinked_journal_authors  # noqa: PLC0415 - cycle
    from alliancelens.records.lifecycle import delete_client  # noqa: PLC0415 - cycle

    path = register_path(database)
    _check_register_writable(path)
    with database.transaction() as db:
        authorise_client(db, actor, Action.DELETE, client_id, Resource.CLIENT)
        created = db.scalar(select(ClientRow.created_at).where(ClientRow.id == client_id))
    report = delete_client(database, actor, client_id=client_id, confirm=confirm)
    erasure = Erasure(
        client_id,
        (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC),
        erasure_check(client_id, created) if created is not None else "0" * 16,
    )
    error = None
    try:
        _append(path, erasure)
    except OSError as exc:
        error = exc.strerror or type(exc).__name__
    return ClientErasure(
        client_id,
        report.counts,
        path,
        erasure,
        unlinked_journal_authors(database, actor),
        error,
    )


def restored_erasures(database: Database, actor: Actor) -> RestoredErasures:
    """Check the register against the store (administrators; audited by ids).

    Run it after restoring a backup: a registered client that is in the store again with the
    same check value was brought back by the restore and must be deleted again.
    """
    require(actor, Action.VIEW, Target(Resource.SYSTEM))
    path = register_path(database)
    entries = read_register(path)
    latest = {e.client_id: e for e in entries}  # a client deleted twice: its last line
    with database.transaction() as db:
        query = select(ClientRow.id, ClientRow.created_at).where(ClientRow.id.in_(list(latest)))
        stored = {int(i): created for i, created in db.execute(query)}
        restored = [e for i, e in latest.items() if i in stored and _same(e, stored[i])]
        reused = [e for i, e in latest.items() if i in stored and not _same(e, stored[i])]
        audit.append(
            db,
            actor=actor.label,
            action="check",
            resource="erasure-register",
            detail={"entries": len(entries), "restored": [e.client_id for e in restored]},
        )
    return RestoredErasures(path, len(entries), restored, reused)


def _same(erasure: Erasure, created_at: dt.datetime) -> bool:
    return erasure.check == erasure_check(erasure.client_id, created_at)
