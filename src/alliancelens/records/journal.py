"""Use cases: a therapist's private reflection journal (write, edit, delete, search, share).

Only the therapist who wrote an entry reads, edits, deletes or searches it; a supervisor of that
therapist sees an entry once it is shared (and, for an entry about a session, while the client
consents to supervision sharing). Administrators do not read journals (policy). Every write and
read is audited by ids, never text or search terms.

Erasure (QA39 #1): an entry about a session goes with the session (and with the client); an entry
about no session is the author's alone to find (:func:`search_journal`) and delete
(:func:`delete_journal_entry`). :func:`unlinked_journal_authors` tells whoever erases a client
which therapists hold such entries (counts by user id, no text), so they can be asked to search.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from sqlalchemy.orm import Session as DbSession

from alliancelens.errors import UsageError
from alliancelens.records._facts import session_target
from alliancelens.records.deletion import scrub_freed_pages
from alliancelens.security import audit
from alliancelens.security.policy import Action, Actor, Resource, Role, Target, decide, require
from alliancelens.storage import Database, people
from alliancelens.storage.journal import (
    JournalRecord,
    add_entry,
    delete_entry,
    get_entry,
    list_entries,
    set_shared,
    set_text,
    unlinked_counts,
)

__all__ = [
    "MIN_NAME_PART",
    "add_journal_entry",
    "delete_journal_entry",
    "edit_journal_entry",
    "list_journal",
    "mentions_own_client",
    "search_journal",
    "share_journal_entry",
    "unlinked_journal_authors",
]

#: Shortest part of a client's name that :func:`mentions_own_client` looks for (shorter parts,
#: such as initials, would match ordinary words).
MIN_NAME_PART = 3


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


def _own_entry(
    db: DbSession, actor: Actor, action: Action, entry_id: int, verb: str
) -> JournalRecord:
    """The entry, once ``actor`` is known to be its author (the refusal names no client)."""
    entry = get_entry(db, entry_id=entry_id)
    _require_journal(
        actor,
        action,
        _target(db, entry),
        what=f"journal entry {entry_id}",
        why=f"it is not yours; only the therapist who wrote an entry can {verb} it",
    )
    return entry


def _checked_text(text: str) -> str:
    if not text.strip():
        raise UsageError("the journal entry is empty; write the reflection text")
    return text


def edit_journal_entry(
    database: Database, actor: Actor, *, entry_id: int, text: str
) -> JournalRecord:
    """Replace the text of one of the actor's entries (e.g. to take a client's name out).

    The old text is overwritten in the database (SQLite: secure_delete and a WAL checkpoint).
    Audited as ``update journal <id>``.
    """
    _checked_text(text)
    with database.transaction() as db:
        _own_entry(db, actor, Action.UPDATE, entry_id, "edit")
        set_text(db, entry_id=entry_id, text=text)
        audit.append(
            db, actor=actor.label, action="update", resource="journal", resource_id=entry_id
        )
        entry = get_entry(db, entry_id=entry_id)
    scrub_freed_pages(database)
    return entry


def delete_journal_entry(
    database: Database,
    actor: Actor,
    *,
    entry_id: int,
    confirm: Callable[[], bool] | None = None,
) -> None:
    """Delete one of the actor's entries; audited as ``delete journal <id>`` (no text).

    ``confirm`` is asked only once the actor is known to be the author, outside any transaction;
    ``False`` deletes nothing (:class:`UsageError`). Freed pages are overwritten as for
    ``delete-client``.
    """
    if confirm is not None:
        with database.transaction() as db:
            _own_entry(db, actor, Action.DELETE, entry_id, "delete")
        if not confirm():
            raise UsageError(
                f"cancelled: journal entry {entry_id} was not deleted; nothing was changed"
            )
    with database.transaction() as db:
        entry = _own_entry(db, actor, Action.DELETE, entry_id, "delete")
        delete_entry(db, entry_id=entry_id)
        audit.append(
            db,
            actor=actor.label,
            action="delete",
            resource="journal",
            resource_id=entry_id,
            detail={"session": entry.session_id},
        )
    scrub_freed_pages(database)


def search_journal(database: Database, actor: Actor, *, text: str) -> list[JournalRecord]:
    """The actor's own entries whose text or prompt contains ``text`` (any case), oldest first.

    For the author only (a supervisor, an administrator or another therapist is refused): the
    way to find entries that name a client who asked to be erased. Text is encrypted, so the
    entries are decrypted and searched in Python. Audited as a ``view`` of the journal with the
    ids found; the search text is never stored.
    """
    needle = text.strip().casefold()
    if not needle:
        raise UsageError("give the text to search for, e.g. the client's name")
    if actor.role is not Role.THERAPIST or actor.user_id is None:
        raise UsageError("only a therapist keeps a journal; search yours with --as USER")
    with database.transaction() as db:
        require(actor, Action.VIEW, Target(Resource.JOURNAL, therapist_id=actor.user_id))
        found = [
            e
            for e in list_entries(db, therapist_id=actor.user_id)
            if needle in e.text.casefold() or needle in (e.prompt or "").casefold()
        ]
        audit.append(
            db,
            actor=actor.label,
            action="view",
            resource="journal",
            resource_id=actor.user_id,
            detail={"entries": [e.id for e in found], "search": True},
        )
    return found


def _name_pattern(name: str, identifier: str | None) -> re.Pattern[str] | None:
    """Whole words of a client's name (and the identifier), any case; None when none is usable."""
    parts = {name.strip(), *re.split(r"[\s\-]+", name)}
    if identifier and identifier.strip():
        parts.add(identifier.strip())
    words = sorted((p for p in parts if len(p) >= MIN_NAME_PART), key=len, reverse=True)
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def mentions_own_client(database: Database, actor: Actor, *, text: str) -> bool:
    """Whether ``text`` holds a word of the name, or the identifier, of one of the actor's clients.

    A hint for the author (an entry about no session is not deleted with the client), never a
    refusal; only True/False leaves this function. Parts of a name shorter than
    :data:`MIN_NAME_PART` letters are not looked for. Not audited: nothing is shown.
    """
    if actor.role is not Role.THERAPIST or actor.user_id is None:
        return False
    with database.transaction() as db:
        clients = people.list_clients(db, therapist_ids=frozenset({actor.user_id}))
    patterns = (_name_pattern(c.name, c.identifier) for c in clients if c.missing_key is None)
    return any(p is not None and p.search(text) for p in patterns)


def unlinked_journal_authors(database: Database, actor: Actor) -> dict[int, int]:
    """Therapist user id -> number of their entries about no session (no text is read).

    For whoever erases a client (``delete-client``): those entries are not deleted with any
    client, and only their authors can search them. Allowed to those who may delete clients'
    records (an administrator; a therapist for their own journal only, as the others' counts are
    not theirs to know).
    """
    with database.transaction() as db:
        counts = unlinked_counts(db)
    if actor.role is Role.ADMIN:
        return counts
    if actor.role is Role.THERAPIST and actor.user_id in counts:
        return {actor.user_id: counts[actor.user_id]}
    return {}
