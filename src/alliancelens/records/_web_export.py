"""A small record-store read the dashboard needs and no other use case gives: who would see a share.

QA40 #11: *Share with my supervisors* said "Shared for supervision: yes" for a therapist with no
supervision link, although nobody could see the session. :func:`session_supervisors` counts the
active supervisors linked to the session's therapist, so the page can say "nobody will see
this" before and after sharing. (The dashboard's record export reuses ``export_client``, the
use case behind ``alliancelens export``; nothing else is needed here for it.)
"""

from __future__ import annotations

from sqlalchemy import func, select

from alliancelens.records._facts import session_target
from alliancelens.security.policy import Action, Actor, Resource, Role, require
from alliancelens.storage import Database
from alliancelens.storage.tables import SupervisionRow, UserRow

__all__ = ["session_supervisors"]


def session_supervisors(database: Database, actor: Actor, *, session_id: int) -> int:
    """How many active supervisors the therapist of ``session_id`` has (0: a share reaches nobody).

    Needs ``update`` on the session (its therapist or an administrator: who may share it);
    raises ``AccessDeniedError`` otherwise and ``NotFoundError`` for an unknown session. Not
    audited: it reads supervision links (user ids), no client data.
    """
    with database.transaction() as db:
        target = session_target(db, session_id=session_id, resource=Resource.SESSION)
        require(actor, Action.UPDATE, target)
        if target.therapist_id is None:
            return 0
        count = db.scalar(
            select(func.count(SupervisionRow.id))
            .join(UserRow, UserRow.id == SupervisionRow.supervisor_id)
            .where(
                SupervisionRow.therapist_id == target.therapist_id,
                UserRow.active.is_(True),
                UserRow.role == Role.SUPERVISOR.value,
            )
        )
    return int(count or 0)
