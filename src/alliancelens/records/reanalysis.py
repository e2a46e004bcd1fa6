"""Use cases: the analysis state of stored sessions, and re-analysis of outdated ones.

A stored analysis made by an older analyser version than the installed one is *outdated*
(:mod:`alliancelens.records.freshness`). ``sessions list`` shows each session's state,
``init`` counts outdated sessions after an upgrade, and :func:`reanalyse_outdated` queues (and,
in-process, runs) their re-analysis. A purged session cannot be re-analysed: it is listed, never
an error.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from alliancelens.errors import AccessDeniedError, ConsentError, NotFoundError
from alliancelens.jobs import JobBackend
from alliancelens.records._facts import authorise_client, session_target
from alliancelens.records.freshness import (
    AnalysisState,
    OutdatedRun,
    analysis_state,
    installed_versions,
    outdated_runs,
)
from alliancelens.records.jobs import backend_for
from alliancelens.records.stored_results import stored_result
from alliancelens.records.transcripts import request_analysis
from alliancelens.security.policy import Action, Actor, Resource, decide, require
from alliancelens.storage import Database, transcripts
from alliancelens.storage.tables import SessionRow

__all__ = [
    "OutdatedCount",
    "ReanalyseReport",
    "SessionAnalysis",
    "count_outdated",
    "reanalyse_outdated",
    "session_analyses",
    "session_analysis",
    "unanalysed_reasons",
]


@dataclass(frozen=True, slots=True)
class SessionAnalysis:
    """One stored session's analysis state and the analysers that make it outdated."""

    session_id: int
    client_id: int
    state: AnalysisState
    outdated: tuple[OutdatedRun, ...] = ()


@dataclass(frozen=True, slots=True)
class OutdatedCount:
    """Stored sessions with an outdated analysis: re-analysable ones and purged ones (ids)."""

    outdated: tuple[int, ...]
    purged: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ReanalyseReport:
    """What ``sessions reanalyse --outdated`` did: jobs by session, and what it could not do."""

    jobs: tuple[tuple[int, int], ...]
    purged: tuple[int, ...]
    refused: tuple[tuple[int, str], ...]
    backend: str = "in-process"


def _states(db: DbSession, *, client_id: int | None) -> list[SessionAnalysis]:
    """Every stored session's state (of one client or all), by id; nothing is decrypted."""
    installed = installed_versions()
    latest = transcripts.latest_runs(db, client_id=client_id)
    query = select(SessionRow.id, SessionRow.client_id, SessionRow.text_purged_at).order_by(
        SessionRow.id
    )
    if client_id is not None:
        query = query.where(SessionRow.client_id == client_id)
    found = []
    for session_id, owner, purged_at in db.execute(query):
        runs = latest.get(session_id)
        outdated = () if runs is None else outdated_runs(runs, installed)
        state = analysis_state(
            analysed=runs is not None, outdated=bool(outdated), purged=purged_at is not None
        )
        found.append(SessionAnalysis(session_id, owner, state, outdated))
    return found


def session_analyses(
    database: Database, actor: Actor, *, client_id: int
) -> dict[int, SessionAnalysis]:
    """A client's sessions' analysis states by session id (needs ``view`` on its analyses)."""
    with database.transaction() as db:
        authorise_client(db, actor, Action.VIEW, client_id, Resource.ANALYSIS)
        return {s.session_id: s for s in _states(db, client_id=client_id)}


def session_analysis(database: Database, actor: Actor, *, session_id: int) -> SessionAnalysis:
    """One stored session's analysis state (needs ``view`` on that session's analysis).

    For a supervisor, who may not list a client's sessions but may view a session shared with
    them: the per-session form of :func:`session_analyses` (``AccessDeniedError`` otherwise).
    """
    with database.transaction() as db:
        target = session_target(db, session_id=session_id, resource=Resource.ANALYSIS)
        require(actor, Action.VIEW, target)
        states = _states(db, client_id=target.client_id)
    return next(s for s in states if s.session_id == session_id)


def unanalysed_reasons(
    database: Database, actor: Actor, *, client_id: int, session_ids: tuple[int, ...] | None = None
) -> tuple[tuple[int, str], ...]:
    """``(session id, reason)`` per stored session without an analysis.

    The sessions ``insights client:N`` lists as "Session not analysed" (a session left out of
    the insights was not screened for risk language: not "no risk");
    ``services.not_analysed_insights`` turns them into those insights (records sit below
    insights). ``session_ids`` are the sessions to check (e.g. a caseload's ``unanalysed``); by
    default every session of the client. The reason is the store's own line (no analysis
    consent, or not run yet) naming what unblocks it.
    """
    if session_ids is None:
        with database.transaction() as db:
            authorise_client(db, actor, Action.VIEW, client_id, Resource.ANALYSIS)
            analysed = transcripts.latest_runs(db, client_id=client_id)
            query = select(SessionRow.id).where(SessionRow.client_id == client_id)
            ids = tuple(i for i in db.scalars(query.order_by(SessionRow.id)) if i not in analysed)
    else:
        ids = session_ids
    found: list[tuple[int, str]] = []
    for session_id in ids:
        try:
            stored_result(database, actor, session_id=session_id)
        except NotFoundError as exc:
            reason = str(exc)
        else:
            continue  # analysed since the caller looked: it is in the insights next time
        found.append((session_id, reason))
    return tuple(found)


def count_outdated(database: Database) -> OutdatedCount:
    """Ids of every stored session whose analysis is outdated (for ``init``; ids only)."""
    with database.transaction() as db:
        states = _states(db, client_id=None)
    return OutdatedCount(
        tuple(s.session_id for s in states if s.state is AnalysisState.OUTDATED),
        tuple(s.session_id for s in states if s.state is AnalysisState.PURGED and s.outdated),
    )


def reanalyse_outdated(
    database: Database,
    actor: Actor,
    *,
    client_id: int | None = None,
    backend: JobBackend | None = None,
) -> ReanalyseReport:
    """Queue the analysis of every outdated session the actor may analyse (of one client or all).

    With ``client_id`` the actor must be allowed to analyse that client's sessions (else
    ``AccessDeniedError``); without it, sessions of clients the actor may not analyse are left
    out silently. Purged sessions are reported in ``purged``, sessions whose client has no
    analysis consent in ``refused`` with the reason; each queued job is audited.
    """
    with database.transaction() as db:
        if client_id is not None:
            authorise_client(db, actor, Action.CREATE, client_id, Resource.ANALYSIS)
        candidates = [
            s
            for s in _states(db, client_id=client_id)
            if s.outdated
            and decide(
                actor,
                Action.CREATE,
                session_target(db, session_id=s.session_id, resource=Resource.ANALYSIS),
            ).allowed
        ]
    backend = backend or backend_for(database)
    jobs: list[tuple[int, int]] = []
    purged: list[int] = []
    refused: list[tuple[int, str]] = []
    for candidate in candidates:
        if candidate.state is AnalysisState.PURGED:
            purged.append(candidate.session_id)
            continue
        try:
            job = request_analysis(
                database, actor, session_id=candidate.session_id, backend=backend
            )
        except (ConsentError, AccessDeniedError) as exc:
            refused.append((candidate.session_id, str(exc)))
            continue
        jobs.append((candidate.session_id, job))
    return ReanalyseReport(tuple(jobs), tuple(purged), tuple(refused), backend.name)
