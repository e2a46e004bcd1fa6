"""Consent facts for dashboard pages: who recorded a grant, and sessions outside recording consent.

* ``recorder_names``: the consent history's "Recorded by" as a person's sign-in name, not the
  audit label ``user:1`` (QA35 #12). The signed-in user's own label is always named; an
  administrator sees every user's name; a CLI grant (``local:<os user>``) reads "<os user>
  (command line)"; another account a therapist may not list reads "another user (#N)".
* ``recording_gap``: the warning ``alliancelens import`` prints when a session is dated outside
  every recording consent (records/_import_checks.py), worded for the dashboard with its way to
  correct the start (the consent form's "Correct the start date" box, QA35 #3). It is worked out
  from the stored dates each time a page is shown, so it disappears once the start is corrected.

Nothing here names a client or holds a date from a file in a log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from alliancelens import services
from alliancelens.errors import AccessDeniedError
from alliancelens.security.policy import Actor, Role
from alliancelens.storage import ConsentKind, ConsentRecord, Database

__all__ = ["recorded_by_text", "recorder_names", "recording_gap", "uncovered_sessions"]

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
