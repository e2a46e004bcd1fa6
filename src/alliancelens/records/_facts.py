"""Gather the facts the access policy needs about a record, and check consents."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session as DbSession

from alliancelens.errors import ConsentError
from alliancelens.security.policy import Action, Actor, Resource, Target, require
from alliancelens.storage import ConsentKind, people, transcripts

__all__ = ["authorise_client", "client_target", "require_consent", "session_target", "today"]


def today() -> dt.date:
    """The current date (UTC)."""
    return dt.datetime.now(dt.UTC).date()


def client_target(db: DbSession, *, client_id: int, resource: Resource) -> Target:
    """Facts about one of a client's records (raises NotFoundError for an unknown client)."""
    owner = people.client_owner(db, client_id=client_id)  # decrypts nothing: a row whose key
    # is missing can still be deleted by whoever may delete it
    record = client_id if resource is Resource.CLIENT else None  # else: the client's list
    return Target(resource, therapist_id=owner, client_id=client_id, record_id=record)


def session_target(db: DbSession, *, session_id: int, resource: Resource) -> Target:
    """Facts about a stored session (or its analysis), including supervision sharing."""
    summary = transcripts.session_summary(db, session_id=session_id)
    owner = people.client_owner(db, client_id=summary.client_id)
    consents = people.active_consents(db, client_id=summary.client_id, on=today())
    return Target(
        resource,
        therapist_id=owner,
        client_id=summary.client_id,
        shared_for_supervision=summary.shared_for_supervision,
        supervision_consent=ConsentKind.SUPERVISION_SHARING in consents,
        record_id=session_id,
    )


def authorise_client(
    db: DbSession, actor: Actor, action: Action, client_id: int, resource: Resource
) -> Target:
    """Check ``actor`` may do ``action`` on a client's ``resource``; returns the facts."""
    target = client_target(db, client_id=client_id, resource=resource)
    require(actor, action, target)
    return target


def require_consent(db: DbSession, *, client_id: int, kind: ConsentKind, purpose: str) -> None:
    """Raise :class:`ConsentError` naming the missing consent unless it is in force today.

    The message says which of three states it is: a grant recorded to start after today (not
    yet in force), a grant withdrawn, or no grant at all (QA27 #6: a 2030 grant read "was
    withdrawn").
    """
    now = today()
    if kind in people.active_consents(db, client_id=client_id, on=now):
        return
    grants = [c for c in people.consents(db, client_id=client_id) if c.kind is kind]
    upcoming = [c.granted_on for c in grants if c.withdrawn_on is None and c.granted_on > now]
    ended = [c.withdrawn_on for c in grants if c.withdrawn_on is not None]
    command = f"`alliancelens consent grant {client_id} {kind}"
    if upcoming:
        state = f"is not yet in force (recorded from {min(upcoming).isoformat()})"
        todo = (
            f"if it was given earlier, correct its start with {command} --on DATE --correct-start`"
        )
    elif ended:
        state = f"was withdrawn on {max(ended).isoformat()}"
        todo = f"record it again with {command}` once the client agrees"
    else:
        state = "has not been recorded"
        todo = f"record it with {command}` once the client agrees"
    raise ConsentError(
        f"{kind} consent of client {client_id} {state}, so {purpose} cannot go ahead; {todo}"
    )
