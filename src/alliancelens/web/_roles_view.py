"""The session page's reading notes and its "who is the therapist?" form (QA42 #4, #6).

The reader's warnings from the import (text skipped, lines merged, roles guessed and on what
evidence) are stored with the session (``records.transcripts.IMPORT_WARNINGS``) and listed on
its page, as the CLI prints them: they name lines and speakers by position, never by text. The
roles form sets the therapist (the others become clients) through the same use case as
``alliancelens sessions roles``; it is open when the roles were guessed.
"""

from __future__ import annotations

from typing import Final

from alliancelens.domain import ROLES_GUESSED, Session
from alliancelens.records.transcripts import IMPORT_WARNINGS
from alliancelens.web._once import new_form_token

__all__ = ["ROLES_FIELD", "chosen_speaker", "import_warnings", "session_notes"]

#: The roles form's field: the number (in order of first turn) of the speaker who is therapist.
ROLES_FIELD: Final = "therapist"
_MAX_SPEAKERS: Final = 1000


def import_warnings(session: Session) -> list[str]:
    """The reader's warnings stored with ``session`` at import (empty for older imports)."""
    return [line for line in session.metadata.get(IMPORT_WARNINGS, "").split("\n") if line]


def session_notes(session: Session, *, staff: bool) -> dict[str, object]:
    """The page's ``import_warnings`` and ``roles_form`` (None unless ``staff`` may set roles).

    ``roles_form`` lists the speakers by number with their label and current role, says
    whether the roles were guessed (the form is then shown open), and carries a one-time token.
    """
    form: dict[str, object] | None = None
    if staff and len(session.speakers) >= 2:
        form = {
            "speakers": [
                {"number": number, "label": s.label, "role": s.role.value}
                for number, s in enumerate(session.speakers, start=1)
            ],
            "guessed": session.metadata.get(ROLES_GUESSED) == "yes",
            "token": new_form_token(),
        }
    return {
        "import_warnings": import_warnings(session),
        "roles_guessed": session.metadata.get(ROLES_GUESSED) == "yes",
        "roles_form": form,
    }


def chosen_speaker(value: str) -> int | None:
    """The speaker number the form sent (1, 2, ...), or None when none or no number was chosen."""
    text = value.strip()
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= _MAX_SPEAKERS:
        return None
    return int(text)
