"""Who may do what to which record: one pure function over an actor, an action and a target.

Services gather the facts (the record's therapist and client, whether a session is shared for
supervision, whether the client consents to that, whether a form link is in use) into a
:class:`Target`; :func:`decide` applies the rules below and :func:`require` raises on refusal.

=============  ===============================================================================
role           may
=============  ===============================================================================
admin          everything (the data controller: give this role sparingly)
therapist      everything on their own clients' records (client, consent, session, analysis,
               measure); nothing on another therapist's clients, users, the audit log or system
supervisor     view sessions and analyses of their supervisees that the therapist shared for
               supervision and whose client consents to supervision sharing; nothing else
client         view and create their own measure forms, only through a valid one-time link
=============  ===============================================================================

Journal entries (a therapist's private reflections) are the exception to "admin may do
everything": only the therapist who wrote an entry may read or change it; a supervisor may view
it once the therapist shares it (and, for an entry about a session, the client consents to
supervision sharing). Nobody else, administrators included, reads a journal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from alliancelens.errors import AccessDeniedError

__all__ = [
    "CLINICAL",
    "Action",
    "Actor",
    "Decision",
    "Resource",
    "Role",
    "Target",
    "decide",
    "require",
]


class Role(StrEnum):
    """A user's role."""

    ADMIN = "admin"
    THERAPIST = "therapist"
    SUPERVISOR = "supervisor"
    CLIENT = "client"


class Resource(StrEnum):
    """Kinds of record the policy protects."""

    USER = "user"
    CLIENT = "client"
    CONSENT = "consent"
    SESSION = "session"
    ANALYSIS = "analysis"
    MEASURE = "measure"
    AUDIT = "audit"
    SYSTEM = "system"  # maintenance: key rotation, jobs, retention purge
    JOURNAL = "journal"  # a therapist's private reflections (therapist_id = the author)


class Action(StrEnum):
    """What is done to a record."""

    VIEW = "view"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    EXPORT = "export"


#: Records that belong to one client (and so to that client's therapist).
CLINICAL = frozenset(
    {Resource.CLIENT, Resource.CONSENT, Resource.SESSION, Resource.ANALYSIS, Resource.MEASURE}
)
_SUPERVISABLE = frozenset({Resource.SESSION, Resource.ANALYSIS})
_CLIENT_FORM_ACTIONS = frozenset({Action.VIEW, Action.CREATE})


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts. ``label`` goes into the audit log (ids and role only: never a client's name)."""

    user_id: int | None
    role: Role
    label: str
    client_id: int | None = None
    supervisees: frozenset[int] = field(default_factory=frozenset)
    #: The user's session version: a web sign-in made under another value no longer counts.
    session_version: int = 0
    #: A value only this account has (see ``records.actors.account_stamp``): a web sign-in of a
    #: deleted account never counts for a later account, even one with the same id and name.
    account: str = ""


@dataclass(frozen=True, slots=True)
class Target:
    """The facts about a record that the rules need."""

    resource: Resource
    therapist_id: int | None = None
    client_id: int | None = None
    shared_for_supervision: bool = False
    supervision_consent: bool = False
    via_form_link: bool = False
    #: The id of the record asked for (a session id, a client id for the client itself);
    #: ``None`` for a list or a new record. Only the audit log of a refusal uses it.
    record_id: int | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    """Allowed or not, and why (safe to show: ids and roles only)."""

    allowed: bool
    reason: str


def decide(actor: Actor, action: Action, target: Target) -> Decision:
    """Apply the role rules (module docstring) to one action on one record."""
    if target.resource is Resource.JOURNAL:
        return _journal(actor, action, target)
    if actor.role is Role.ADMIN:
        return Decision(True, "administrators may do everything")
    if actor.role is Role.THERAPIST:
        return _therapist(actor, target)
    if actor.role is Role.SUPERVISOR:
        return _supervisor(actor, action, target)
    return _client(actor, action, target)


def _therapist(actor: Actor, target: Target) -> Decision:
    if target.resource is Resource.SYSTEM:
        return Decision(False, "maintenance is for administrators; ask one")
    if target.resource not in CLINICAL:
        return Decision(False, f"therapists have no access to {target.resource} records")
    if actor.user_id is None or target.therapist_id != actor.user_id:
        return Decision(False, "therapists may only access their own clients' records")
    return Decision(True, "the client is the therapist's own")


def _supervisor(actor: Actor, action: Action, target: Target) -> Decision:
    if target.resource not in _SUPERVISABLE or action is not Action.VIEW:
        return Decision(False, "supervisors may only view shared sessions and their analyses")
    if target.therapist_id is None or target.therapist_id not in actor.supervisees:
        return Decision(False, "the record's therapist is not this supervisor's supervisee")
    if not target.shared_for_supervision:
        return Decision(False, "the therapist has not shared this session for supervision")
    if not target.supervision_consent:
        return Decision(False, "the client has not consented to supervision sharing")
    return Decision(True, "a supervisee's session, shared with consent")


def _journal(actor: Actor, action: Action, target: Target) -> Decision:
    if actor.role is Role.THERAPIST and actor.user_id is not None:
        if target.therapist_id == actor.user_id:
            return Decision(True, "the therapist's own journal")
    elif actor.role is Role.SUPERVISOR and action is Action.VIEW:
        if target.therapist_id is None or target.therapist_id not in actor.supervisees:
            return Decision(False, "the journal's therapist is not this supervisor's supervisee")
        if not target.shared_for_supervision:
            return Decision(False, "the therapist has not shared this journal entry")
        if not target.supervision_consent:
            return Decision(False, "the client has not consented to supervision sharing")
        return Decision(True, "a supervisee's journal entry, shared")
    return Decision(False, "journal entries are private to the therapist who wrote them")


def _client(actor: Actor, action: Action, target: Target) -> Decision:
    if target.resource is not Resource.MEASURE or action not in _CLIENT_FORM_ACTIONS:
        return Decision(False, "clients may only fill in and view their own forms")
    if actor.client_id is None or target.client_id != actor.client_id:
        return Decision(False, "clients may only access their own forms")
    if not target.via_form_link:
        return Decision(False, "clients reach their forms only through a valid one-time link")
    return Decision(True, "the client's own form, through a valid link")


#: Plain words for resources whose identifier means nothing to a user (QA: "may not view system").
_RESOURCE_WORDS: dict[Resource, str] = {
    Resource.SYSTEM: "maintenance records (keys, analysis jobs, retention)",
}


def require(
    actor: Actor,
    action: Action,
    target: Target,
    *,
    what: str | None = None,
    why: str | None = None,
) -> None:
    """Raise :class:`AccessDeniedError` unless the action is allowed.

    ``what`` and ``why`` replace the record's name and the policy's reason in the message (the
    journal names only its own record, never a client); the ids-only refusal facts are the same.
    """
    decision = decide(actor, action, target)
    if not decision.allowed:
        if what is None:
            what = _what(target)
        refused = AccessDeniedError(
            f"{actor.label} ({actor.role}) may not {action} {what}: {why or decision.reason}"
        )
        refused.refusal = {
            "actor": actor.label,
            "action": str(action),
            "resource": str(target.resource),
            "record": target.record_id,
            "client": target.client_id,
        }
        raise refused


def _what(target: Target) -> str:
    """The refused record in words: "client 1", "session of client 1", "system maintenance"."""
    word = _RESOURCE_WORDS.get(target.resource, f"{target.resource}")
    if target.client_id is None:
        return word
    if target.resource is Resource.CLIENT:
        return f"client {target.client_id}"  # not "client of client 1" (QA 12)
    return f"{word} of client {target.client_id}"
