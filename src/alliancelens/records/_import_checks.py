"""Checks an import makes before storing: the session date, recording consent, duplicates.

Messages hold ids and counts only: no dates from the file, no file names, no transcript text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy.orm import Session as DbSession

from alliancelens.domain import Session
from alliancelens.errors import DuplicateImportError
from alliancelens.storage import ConsentKind, people

__all__ = ["ALLOW_DUPLICATE_ADVICE", "before_consent", "dated", "duplicate_error"]

#: What a CLI user does to store a file again (the web upload has its own check box).
ALLOW_DUPLICATE_ADVICE = (
    "pass --allow-duplicate to store it again, or --skip-duplicates to skip such files quietly"
)


def duplicate_error(
    client_id: int, earlier: Sequence[int], *, advice: str = ALLOW_DUPLICATE_ADVICE
) -> DuplicateImportError:
    """The one-line refusal of a file already imported for the client (QA29 item 8).

    ``earlier`` are the client's sessions imported from the same bytes; ``advice`` says how the
    calling door imports it anyway.
    """
    many = len(earlier) > 1
    ids = ", ".join(str(i) for i in earlier)
    return DuplicateImportError(
        f"this file was already imported for client {client_id} as session{'s' if many else ''} "
        f"{ids}; nothing was stored ({advice})",
        earlier=tuple(earlier),
    )


def dated(
    sessions: tuple[Session, ...], date: dt.date, warnings: tuple[str, ...]
) -> tuple[tuple[Session, ...], tuple[str, ...]]:
    """Sessions carrying ``date``, and a warning (no dates in it) when the file said otherwise."""
    overridden = sum(1 for s in sessions if s.date is not None and s.date != date)
    if overridden:
        note = (
            f"the file gave {overridden} session(s) another session date; the date given for the "
            "import was stored instead"
        )
        warnings = (*warnings, note)
    return tuple(replace(s, date=date) for s in sessions), warnings


def before_consent(
    db: DbSession, *, client_id: int, sessions: Sequence[Session]
) -> tuple[str, ...]:
    """A warning (no dates in it) when sessions are dated outside every recording consent.

    The recording happened on the session date, so consent recorded later does not cover it;
    the import goes ahead (the consent may have been given on paper first) but the user is told.
    """
    consents = [
        c for c in people.consents(db, client_id=client_id) if c.kind is ConsentKind.RECORDING
    ]
    uncovered = sum(
        1 for s in sessions if s.date is not None and not any(c.active_on(s.date) for c in consents)
    )
    if not uncovered:
        return ()
    return (
        f"{uncovered} session(s) are dated outside client {client_id}'s recorded recording "
        "consent (the recording predates the consent, or falls after its withdrawal); check "
        f"`alliancelens consent show {client_id}`; if the client consented before the session, "
        f"correct the start with `alliancelens consent grant {client_id} recording --on DATE "
        "--correct-start`",
    )
