"""``--replace`` on the record path: refuse a second copy, replace the stored one, or say why not.

A form of the same measure, client, date, session and respondent as a stored one is a duplicate
(:func:`~alliancelens.measures.entry.find_duplicate`). ``replace`` removes the stored form (audited
as ``replace``); ``replace`` with nothing to replace is refused and stores nothing, naming a form
of that day under another session when there is one (QA 32 #7).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session as DbSession

from alliancelens.domain.measures import MeasureAdministration
from alliancelens.errors import DuplicateFormError, MeasureError
from alliancelens.measures.entry import find_duplicate, population_note, respondent
from alliancelens.security import audit
from alliancelens.security.policy import Actor
from alliancelens.storage.administrations import (
    StoredAdministration,
    delete_administration,
    list_administrations,
)

__all__ = ["replace_duplicate"]


def replace_duplicate(
    db: DbSession, actor: Actor, administration: MeasureAdministration, *, replace: bool
) -> int | None:
    """Refuse a second copy of a stored form, or (``replace``) remove the stored one (its id).

    ``replace`` with no stored form to replace is refused (nothing stored; QA 32 #7): adding a
    second form of the same day would shift the session numbers the duplicate rule protects.
    """
    stored = list_administrations(db, client_id=int(administration.client))
    position = find_duplicate(administration, [s.administration for s in stored])
    if position is None:
        if replace:
            raise _nothing_to_replace(administration, stored)
        return None
    earlier = stored[position]
    if not replace:
        raise DuplicateFormError(
            f"form {earlier.id} already records {administration.measure} for this client on "
            f"{administration.date} (same session, completed by {respondent(administration)})"
            + population_note(administration, earlier.administration),
            hint="to correct it, record the form again with --replace (dashboard: tick "
            "'Replace the form already recorded'); a form of another session that day needs "
            "that session's id (--session)",
        )
    delete_administration(db, administration_id=earlier.id)
    audit.append(
        db,
        actor=actor.label,
        action="replace",
        resource="measure",
        resource_id=int(administration.client),
        detail={"measure": administration.measure, "administration": earlier.id},
    )
    return earlier.id


def _nothing_to_replace(
    administration: MeasureAdministration, stored: Sequence[StoredAdministration]
) -> MeasureError:
    """``--replace`` matched no form: say so, and name a same-day form of another session."""
    rater = respondent(administration)
    same_day = [
        s.id
        for s in stored
        if s.administration.measure == administration.measure
        and s.administration.date == administration.date
        and respondent(s.administration) == rater
    ]
    where = f"session {administration.session}" if administration.session else "no session"
    if same_day:
        forms = ", ".join(map(str, same_day))
        hint = (
            f"form {forms} of that day is linked to another session (or none); to move it, "
            f"delete it (`alliancelens clients delete-measure {same_day[0]}`) and record it "
            "again with the right --session"
        )
    else:
        hint = (
            "to add it as a new form, record it without --replace; on the dashboard, leave "
            "'Replace' unticked"
        )
    return MeasureError(
        f"nothing to replace: no stored {administration.measure} form of this client on "
        f"{administration.date} with {where}, completed by {rater}; nothing was stored",
        hint=hint,
    )
