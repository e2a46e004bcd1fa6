"""Consent facts for dashboard pages: who recorded a grant, and sessions outside recording consent.

* ``recorder_names``: the consent history's "Recorded by" as a person's sign-in name, not the
  audit label ``user:1`` (QA35 #12). The signed-in user's own label is always named; an
  administrator sees every user's name; a CLI grant (``local:<os user>``) reads "<os user>
  (command line)"; another account a therapist may not list reads "another user (#N)".
* ``recording_gap``: the warning ``alliancelens import`` prints when a session is dated outside
  every recording consent (records/_import_checks.py), worded for the dashboard with its way to
  correct the start (the consent form's "Correct the start date" box, QA35 #3). It is worked out
  from the stored dates each time a page is shown, so it disappears once the start is corrected.
* ``kept_sessions_text`` / ``kept_sessions_notice``: withdrawing recording consent deletes no
  stored session (QA43 #10). The same sentence as ``alliancelens consent withdraw`` prints, with
  the dashboard's way to delete (:data:`WEB_DELETE_HOW`) or the command line's
  (:data:`CLI_DELETE_HOW`); the withdrawal page says it before, the client page after.

Nothing here names a client or holds a date from a file in a log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Final

from alliancelens import services
from alliancelens.errors import AccessDeniedError
from alliancelens.security.policy import Actor, Role
from alliancelens.storage import ConsentKind, ConsentRecord, Database, SessionSummary
from alliancelens.web._render import TEMPLATES

__all__ = [
    "CLI_DELETE_HOW",
    "RECORDING_KEEPS_SESSIONS",
    "WEB_DELETE_HOW",
    "kept_sessions_notice",
    "kept_sessions_text",
    "recorded_by_text",
    "recorder_names",
    "recording_gap",
    "uncovered_sessions",
]

#: How the dashboard corrects a consent's start (the consent form's check box).
CORRECT_ON_WEB = (
    "if the client consented before the session, record the recording consent again with its "
    'real date and "Correct the start date" ticked'
)


def recorder_names(database: Database, actor: Actor, username: str | None) -> dict[str, str]:
    """Audit label -> sign-in name for the labels this actor may resolve (own; all for admins)."""
    names = {actor.label: username} if username else {}
    if actor.role is Role.ADMIN:
        names.update({f"user:{u.id}": u.username for u in services.list_users(database, actor)})
    return names


def recorded_by_text(label: str, names: Mapping[str, str]) -> str:
    """A consent's "Recorded by" in words: a user name, never a bare ``user:1`` label."""
    if label in names:
        return names[label]
    kind, _, rest = label.partition(":")
    if kind == "local" and rest:
        return f"{rest} (command line)"
    if kind == "user" and rest.isdigit():
        return f"another user (#{rest})"
    return label


def uncovered_sessions(
    consents: Iterable[ConsentRecord], dated: Iterable[tuple[int, dt.date | None]]
) -> tuple[int, ...]:
    """Ids of the dated sessions on whose date no recording consent was in force."""
    recording = [c for c in consents if c.kind is ConsentKind.RECORDING]
    return tuple(
        session_id
        for session_id, day in dated
        if day is not None and not any(c.active_on(day) for c in recording)
    )


def recording_gap(
    database: Database, actor: Actor, *, client_id: int, dated: Iterable[tuple[int, dt.date | None]]
) -> str | None:
    """The dashboard's warning for sessions dated outside recording consent; None when covered.

    None too for a supervisor (asked nothing: a refused consent view would be audited on every
    shared session page) or anyone else who may not view the client's consents.
    """
    if actor.role not in (Role.THERAPIST, Role.ADMIN):
        return None
    try:
        history = services.consent_history(database, actor, client_id=client_id)
    except AccessDeniedError:
        return None
    uncovered = uncovered_sessions(history, dated)
    if not uncovered:
        return None
    which = ", ".join(str(i) for i in uncovered)
    plural = "s" if len(uncovered) > 1 else ""
    return (
        f"Session{plural} {which} {'are' if plural else 'is'} dated outside client {client_id}'s "
        "recorded recording consent (the recording predates the consent, or falls after its "
        f"withdrawal). Check the consent history; {CORRECT_ON_WEB}."
    )


#: How the dashboard deletes a session, or every record of a client (``{client}``: its id).
WEB_DELETE_HOW: Final = (
    '"Delete this session" at the foot of its session page (or every record: "Delete client '
    '#{client}…" at the foot of the client page)'
)
#: How the command line does (``alliancelens consent withdraw`` prints it, cli/consent.py).
CLI_DELETE_HOW: Final = (
    "`alliancelens sessions delete SESSION` (or every record: `alliancelens delete-client "
    "{client}`)"
)
#: The withdrawal page's line for recording consent, before the stored sessions are counted.
RECORDING_KEEPS_SESSIONS: Final = (
    "Withdrawing recording consent deletes none of the client's stored sessions: their "
    "transcripts and analyses stay until you delete them. Delete each one the client withdrew "
    "with " + WEB_DELETE_HOW + "."
)


def kept_sessions_text(client_id: int, session_ids: Sequence[int], delete_how: str) -> str:
    """``client 2 still has 2 stored session(s): 3, 4; withdrawing recording consent deletes…``.

    ``delete_how`` is :data:`WEB_DELETE_HOW` or :data:`CLI_DELETE_HOW` (``{client}`` filled in).
    """
    ids = ", ".join(str(i) for i in session_ids)
    return (
        f"client {client_id} still has {len(session_ids)} stored session(s): {ids}; withdrawing "
        "recording consent deletes none of them. Delete each one the client withdrew with "
        + delete_how.format(client=client_id)
    )


def kept_sessions_notice(
    client_id: int, consents: Iterable[ConsentRecord], sessions: Iterable[SessionSummary]
) -> str | None:
    """The client page's line when recording consent was withdrawn and sessions are still stored.

    None while a recording consent is in force (or none was ever withdrawn), or when no session
    is stored.
    """
    recording = [c for c in consents if c.kind is ConsentKind.RECORDING]
    if not any(c.withdrawn_on is not None for c in recording):
        return None
    if any(c.withdrawn_on is None for c in recording):
        return None  # given again (in force, or recorded from a later day)
    ids = [s.id for s in sessions]
    return f"{kept_sessions_text(client_id, ids, WEB_DELETE_HOW)}." if ids else None


# The client page's consent block (``_client_consents.html``) and the withdrawal page read these.
TEMPLATES.env.globals.update(
    kept_sessions_notice=kept_sessions_notice, recording_keeps_sessions=RECORDING_KEEPS_SESSIONS
)
