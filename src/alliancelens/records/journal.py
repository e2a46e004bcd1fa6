"""Use cases: a therapist's private reflection journal (write, list, share with supervisors).

Only the therapist who wrote an entry reads it; a supervisor of that therapist sees an entry once
it is shared (and, for an entry about a session, while the client consents to supervision
sharing). Administrators do not read journals (policy). Every write and read is audited by ids.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session as DbSession

from alliancelens.errors import UsageError
from alliancelens.records._facts import session_target
from alliancelens.security import audit
from alliancelens.security.policy import Action, Actor, Resource, Role, Target, decide, require
from alliancelens.storage import Database
from alliancelens.storage.journal import (
    JournalRecord,
    add_entry,
    get_entry,
    list_entries,
    set_shared,
)

__all__ = ["add_journal_entry", "list_journal", "share_journal_entry"]


def _target(db: DbSession, entry: JournalRecord) -> Target:
    if entry.session_id is None:  # about no client: nothing for a client to consent to
        return Target(
            Resource.JOURNAL,
            therapist_id=entry.therapist_id,
            shared_for_supervision=entry.shared,
            supervision_consent=True,
        )
    facts = session_target(db, session_id=entry.session_id, resource=Resource.JOURNAL)
    return Target(
        Resource.JOURNAL,
        therapist_id=entry.therapist_id,
        client_id=facts.client_id,
        shared_for_supervision=entry.shared,
        supervision_consent=facts.supervision_consent,
    )


def _require_journal(actor: Actor, action: Action, target: Target, *, what: str, why: str) -> None:
    """Like ``require``, but the message names only the journal record, never a client.

    The policy's own message says "… of client N", which would tell another therapist which
    client an entry or session is about; the ids-only refusal facts still go to the audit log.
    """
    require(actor, action, target, what=what, why=why)


def add_journal_entry(
    database: Database,
    actor: Actor,
    *,
    text: str,
    session_id: int | None = None,
    prompt: str | None = None,
) -> JournalRecord:
    """Store a reflection in the acting therapist's journal (unshared); audited by ids."""
    if actor.role is not Role.THERAPIST or actor.user_id is None:
        raise UsageError("only a therapist keeps a journal; act as one with --as USER")
    if not text.strip():
        raise UsageError("the journal entry is empty; write the reflection text")
    with database.transaction() as db:
        require(actor, Action.CREATE, Target(Resource.JOURNAL, therapist_id=actor.user_id))
        if session_id is not None:  # the session must be one of this therapist's own
            _require_journal(
                actor,
                Action.VIEW,
                session_target(db, session_id=session_id, resource=Resource.SESSION),
                what=f"journal entry about session {session_id}",
                why="it is not one of your sessions; link an entry only to your own sessions",
            )
        entry = add_entry(
            db,
            therapist_id=actor.user_id,
            text=text,
            session_id=session_id,
            prompt=prompt or None,
            created_at=dt.datetime.now(dt.UTC),
        )
        audit.append(
            db, actor=actor.label, action="create", resource="journal", resource_id=entry.id
        )
    return entry


def list_journal(
    database: Database, actor: Actor, *, therapist_id: int | None = None
) -> list[JournalRecord]:
    """The entries of ``therapist_id`` (default: the actor's own) that the actor may read.

    A therapist reads all of their own; a supervisor only the shared ones of a supervisee; anyone
    else is refused (AccessDeniedError).
    """
    if therapist_id is None and actor.role is Role.SUPERVISOR:
        raise UsageError(
            "a supervisor reads the entries a supervisee shared: pass the supervisee's user id "
            "with --therapist ID"
        )
    owner = therapist_id if therapist_id is not None else actor.user_id
    with database.transaction() as db:
        probe = Target(
            Resource.JOURNAL,
            therapist_id=owner,
            shared_for_supervision=True,
            supervision_consent=True,
        )
        require(actor, Action.VIEW, probe)  # refuses anyone who could never read this journal
        if owner is None:  # not reached: only therapists and supervisors pass, with an id
            raise UsageError("give the therapist's user id with --therapist ID")
        shared_only = actor.user_id != owner
        entries = [
            e
            for e in list_entries(db, therapist_id=owner, shared_only=shared_only)
            if decide(actor, Action.VIEW, _target(db, e)).allowed
        ]
        audit.append(
            db,
            actor=actor.label,
            action="view",
            resource="journal",
            resource_id=owner,
            detail={"entries": [e.id for e in entries]},
        )
    return entries


def share_journal_entry(
    database: Database, actor: Actor, *, entry_id: int, shared: bool = True
) -> JournalRecord:
    """Share one of the actor's entries with their supervisors (or take it back); audited."""
    with database.transaction() as db:
        entry = get_entry(db, entry_id=entry_id)
        _require_journal(
            actor,
            Action.UPDATE,
            _target(db, entry),
            what=f"journal entry {entry_id}",
            why="it is not yours; only the therapist who wrote an entry can share it",
        )
        set_shared(db, entry_id=entry_id, shared=shared)
        audit.append(
            db,
            actor=actor.label,
            action="share" if shared else "unshare",
            resource="journal",
            resource_id=entry_id,
        )
        return get_entry(db, entry_id=entry_id)
