"""Use cases: delete one stored session, or one measure form, without erasing the client.

For a transcript filed under the wrong client, a duplicate import, or a client who withdrew
consent to one recording. Access is that of ``delete-client`` (the client's therapist or an
administrator). A session goes with everything that hangs off it — utterances, analyses
(analyser runs and findings), its analysis jobs, the supervision share (a flag on the session)
and the therapist's journal entries about it; measure forms linked to it stay in the client's
record, unlinked. The audit log keeps ids and counts only. Freed SQLite pages are overwritten
and the WAL is checkpointed, as for ``delete-client``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from alliancelens.errors import UsageError
from alliancelens.records._facts import client_target, session_target
from alliancelens.security import audit
from alliancelens.security.policy import Action, Actor, Resource, require
from alliancelens.storage import Database, transcripts
from alliancelens.storage.administrations import administration_owner, delete_administration
from alliancelens.storage.engine import is_sqlite

__all__ = ["RecordDeletion", "delete_measure_form", "delete_session", "scrub_freed_pages"]


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
