"""Build caseloads (one per client, sessions in order) from analysed sessions and measures.

Sessions are mapped to clients through the measures report: an administration whose ``session``
column equals a transcript's session id puts that transcript in that client's caseload. Sessions
no administration names go to ``default_client`` when given, else each becomes a caseload of its
own (named by its session id). Clients with measures but no transcript get a measures-only
caseload. Order within a caseload: session date (the transcript's, else the measure's), then id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from alliancelens.domain import Role, Session
from alliancelens.insights.model import Caseload, SessionRecord
from alliancelens.measures import ClientReport, MeasuresReport

__all__ = ["build_caseloads", "session_record"]


def session_record(
    session: Session,
    summary: Mapping[str, Any],
    *,
    date: dt.date | None = None,
    codes: Mapping[int, Mapping[str, Any]] | None = None,
) -> SessionRecord:
    """A :class:`SessionRecord` from a session, its ``summary`` and (optionally) its codes.

    ``summary`` and ``codes`` are what ``report.codes_and_summary`` returns; without the codes
    the strength rules cite score values instead of the utterances behind them.
    """
    names = [s.label for s in session.speakers if s.role is Role.THERAPIST]
    return SessionRecord(
        session.id,
        dict(summary),
        tuple(session.utterances),
        " & ".join(names),
        session.date or date,
        dict(codes or {}),
    )


def _session_clients(report: MeasuresReport | None) -> dict[str, tuple[str, dt.date]]:
    found: dict[str, tuple[str, dt.date]] = {}
    for client in report.clients if report else ():
        for trajectory in client.trajectories:
            for point in trajectory.points:
                if point.session:
                    found.setdefault(point.session, (client.client, point.date))
    return found


#: One analysed session: ``(session, summary)`` or ``(session, summary, codes)``.
Analysed = (
    tuple[Session, Mapping[str, Any]]
    | tuple[Session, Mapping[str, Any], Mapping[int, Mapping[str, Any]]]
)


def build_caseloads(
    analysed: Sequence[Analysed],
    report: MeasuresReport | None = None,
    *,
    default_client: str | None = None,
) -> list[Caseload]:
    """Group analysed sessions by client (see the module docstring) and attach measures.

    Each item is ``(session, summary)`` or ``(session, summary, codes)``; with the codes the
    strength rules cite the utterances behind them.
    """
    mapping = _session_clients(report)
    grouped: dict[str, list[SessionRecord]] = {}
    for item in analysed:
        session, summary = item[0], item[1]
        codes = item[2] if len(item) == 3 else None  # the optional third element
        client, date = mapping.get(session.id, (default_client or session.id, None))
        grouped.setdefault(client, []).append(
            session_record(session, summary, date=date, codes=codes)
        )
    reports: dict[str, ClientReport] = {c.client: c for c in report.clients} if report else {}
    definitions = dict(report.definitions) if report else {}
    caseloads = []
    for client in [*grouped, *(c for c in reports if c not in grouped)]:
        records = sorted(
            grouped.get(client, []),
            key=lambda r: (r.date is None, r.date.isoformat() if r.date else "", r.session_id),
        )
        caseloads.append(Caseload(client, tuple(records), reports.get(client), definitions))
    return caseloads
