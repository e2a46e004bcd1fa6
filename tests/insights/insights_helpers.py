"""Small builders for insight tests: hand-made session records and caseloads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from alliancelens.domain import MeasureAdministration
from alliancelens.insights import Caseload, SessionRecord, session_record
from alliancelens.measures import build_report, load_registry
from alliancelens.testing import make_session


def record(session_id: str = "s1", turns: int = 20, **summary: Any) -> SessionRecord:
    """A session of ``turns`` alternating therapist/client utterances with ``summary``."""
    session = make_session(
        *[("therapist" if i % 2 == 0 else "client", f"turn {i}") for i in range(turns)],
        session_id=session_id,
    )
    return session_record(session, summary)


def caseload(*records: SessionRecord, measures: Sequence[MeasureAdministration] = ()) -> Caseload:
    """A caseload of ``records`` for client ``c1``, with a measures report when given."""
    if not measures:
        return Caseload("c1", tuple(records))
    registry = load_registry()
    report = build_report(measures, registry)
    return Caseload("c1", tuple(records), report.clients[0], dict(report.definitions))


def srs(session: str, day: int, item: float) -> MeasureAdministration:
    """An SRS form with all four items at ``item`` for client ``c1``."""
    return MeasureAdministration("c1", dt.date(2026, 1, day), "srs", (item,) * 4, session)


def ors(session: str, day: int, item: float) -> MeasureAdministration:
    """An ORS form with all four items at ``item`` for client ``c1``."""
    return MeasureAdministration("c1", dt.date(2026, 1, day), "ors", (item,) * 4, session)


def episode(kind: str = "withdrawal", *, resolved: bool, start: int = 3) -> dict[str, Any]:
    """A ruptures summary episode as the ruptures analyser reports it."""
    return {
        "kind": kind,
        "start_index": start,
        "end_index": start + 4,
        "markers": ["minimal_response"],
        "resolved": resolved,
        "resolution_index": start + 4 if resolved else None,
        "resolution_strategies": ["invite_discussion_of_thoughts_feelings"] if resolved else [],
        "strategy_evidence": (
            [{"index": start + 2, "strategy": "invite_discussion_of_thoughts_feelings"}]
            if resolved
            else []
        ),
        "strength": 3,
        "evidence_indexes": [start, start + 2],
    }
