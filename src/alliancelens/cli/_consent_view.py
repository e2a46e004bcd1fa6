"""``alliancelens consent show``: each grant, whether in force today, withdrawal, corrections.

A consent's start date corrected with ``consent grant … --correct-start`` is stored in place; the
old and new dates are kept only in the audit log (``update`` of ``consent`` with
``corrected=granted_on``). Corrections are read through :func:`services.list_audit`, which only
administrators may call (and which audits the reading); for anyone else the output says where
the corrections are instead of implying there were none (QA35 #11).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from alliancelens import services
from alliancelens.security.policy import Actor, Role
from alliancelens.storage import ConsentKind, ConsentRecord

if TYPE_CHECKING:  # the audit module loads the database layer, kept off the CLI's start-up path
    from alliancelens.security.audit import AuditEntry
    from alliancelens.storage import Database

__all__ = ["consent_lines", "consent_rows", "corrections_of"]

#: Said instead of the corrections when the actor may not read the audit log.
NOT_SHOWN = (
    "start corrections, if any, are in the audit log "
    "(`alliancelens audit list --client {client}`, administrators)"
)


def corrections_of(database: Database, actor: Actor, client_id: int) -> list[AuditEntry] | None:
    """The client's consent start corrections, oldest first; None when the actor may not read."""
    if actor.role is not Role.ADMIN:
        return None
    entries = services.list_audit(database, actor, services.AuditFilter(client_id=client_id))
    return [
        e for e in entries if e.resource == "consent" and e.detail.get("corrected") == "granted_on"
    ]


def _chain(grant: ConsentRecord, corrections: Sequence[AuditEntry]) -> list[dict[str, str]]:
    """The corrections that led to ``grant``'s start date, oldest first."""
    same = [e for e in corrections if e.detail.get("kind") == grant.kind.value]
    found: list[dict[str, str]] = []
    start = grant.granted_on.isoformat()
    for entry in reversed(same):
        if entry.detail.get("to") == start:
            on = dt.datetime.fromisoformat(entry.at).date().isoformat()
            found.append({"on": on, "from": str(entry.detail["from"]), "to": start})
            start = str(entry.detail["from"])
    return found[::-1]


def consent_rows(
    history: Sequence[ConsentRecord], corrections: Sequence[AuditEntry] | None, today: dt.date
) -> list[dict[str, Any]]:
    """One row per grant (``--json``): dates, in force today, and its start corrections."""
    return [
        {
            "kind": c.kind.value,
            "granted_on": c.granted_on.isoformat(),
            "withdrawn_on": c.withdrawn_on.isoformat() if c.withdrawn_on else None,
            "in_force": c.active_on(today),
            "corrections": None if corrections is None else _chain(c, corrections),
        }
        for c in history
    ]


def _state(row: dict[str, Any]) -> str:
    if row["withdrawn_on"]:
        return f"withdrawn on {row['withdrawn_on']} (not in force today)"
    return "in force today" if row["in_force"] else "not yet in force today"


def consent_lines(rows: Sequence[dict[str, Any]], client_id: int) -> list[str]:
    """The terminal lines: one per grant, then each correction of its start, indented."""
    if not rows:
        return ["(none): no consent recorded"]
    lines = []
    for row in rows:
        lines.append(f"{row['kind']}: from {row['granted_on']}, {_state(row)}")
        for fix in row["corrections"] or ():
            lines.append(f"  start corrected on {fix['on']} (was {fix['from']}, now {fix['to']})")
    kinds = {row["kind"] for row in rows}
    missing = [k.value for k in ConsentKind if k.value not in kinds]
    if missing:
        lines.append(f"never recorded: {', '.join(missing)}")
    if rows[0]["corrections"] is None:
        lines.append(NOT_SHOWN.format(client=client_id))
    return lines
