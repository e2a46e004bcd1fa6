"""Use cases: the analysis state of stored sessions, and re-analysis of outdated ones.

A stored analysis made by an older analyser version than the installed one is *outdated*
(:mod:`alliancelens.records.freshness`). ``sessions list`` shows each session's state,
``init`` counts outdated sessions after an upgrade, and :func:`reanalyse_outdated` queues (and,
in-process, runs) their re-analysis. A purged session cannot be re-analysed: it is listed, never
an error.

:func:`set_speaker_roles` corrects the speaker roles of a stored session (QA42 #4: a guessed
role cannot be fixed by importing the file again, which is refused as a duplicate): it sets the
roles as ``import --therapist/--client-speaker`` would have, keeps the transcript, audits the
change (no labels) and queues (in-process: runs) a fresh analysis.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from alliancelens.analysers import default_pipeline
from alliancelens.domain import ROLES_GUESSED, Role, Session
from alliancelens.errors import (
    AccessDeniedError,
    ConsentError,
    JobError,
    NotFoundError,
    UsageError,
)
from alliancelens.ingest import check_speaker_options
from alliancelens.ingest.assemble import ROLES_GUESSED_WARNING, assemble
from alliancelens.ingest.base import RawTranscript, RawTurn
from alliancelens.jobs import JobBackend
from alliancelens.records._facts import authorise_client, session_target
from alliancelens.records.analysis import ANALYSE, pipeline_fingerprint
from alliancelens.records.freshness import (
    AnalysisState,
    OutdatedRun,
    analysis_state,
    installed_versions,
    outdated_runs,
)
from alliancelens.records.jobs import backend_for
from alliancelens.records.stored_results import missing_reason, stored_result
from alliancelens.records.transcripts import IMPORT_WARNINGS, request_analysis
from alliancelens.security import audit
from alliancelens.security.policy import Action, Actor, Resource, decide, require
from alliancelens.storage import ConsentKind, Database, jobrows, transcripts
from alliancelens.storage.tables import SessionRow, UtteranceRow

__all__ = [
    "OutdatedCount",
    "ReanalyseReport",
    "RolesReport",
    "SessionAnalysis",
    "count_outdated",
    "reanalyse_outdated",
    "session_analyses",
    "session_analysis",
    "set_speaker_roles",
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
    database: Database,
    actor: Actor,
    *,
    client_id: int,
    session_ids: tuple[int, ...] | None = None,
    web: bool = False,
) -> tuple[tuple[int, str], ...]:
    """``(session id, reason)`` per stored session without an analysis.

    The sessions ``insights client:N`` lists as "Session not analysed" (a session left out of
    the insights was not screened for risk language: not "no risk");
    ``services.not_analysed_insights`` turns them into those insights (records sit below
    insights). ``session_ids`` are the sessions to check (e.g. a caseload's ``unanalysed``); by
    default every session of the client. The reason is the store's own line (no analysis
    consent, the latest analysis job failed, queued or running, or not run yet) naming what
    unblocks it; ``web`` words that for a dashboard page (no CLI command: QA41 #7).
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
        if web:
            with database.transaction() as db:
                reason = missing_reason(db, session_id=session_id, web=True)
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


@dataclass(frozen=True, slots=True)
class RolesReport:
    """What :func:`set_speaker_roles` did: the new roles by speaker number, and the job.

    ``roles`` are ``(speaker number in order of first turn, role)``: never the labels (often
    names). ``job_id`` is None when nothing changed (no re-analysis needed) or the client has
    no analysis consent (``analysis_skipped``
    says so: the stored analysis then still uses the old roles). ``warnings`` are the role
    warnings of the new roles (e.g. a therapist still guessed), by position only.
    """

    session_id: int
    roles: tuple[tuple[int, Role], ...]
    job_id: int | None
    changed: bool
    warnings: tuple[str, ...] = ()
    analysis_skipped: str | None = None
    backend: str = "in-process"


def set_speaker_roles(
    database: Database,
    actor: Actor,
    *,
    session_id: int,
    therapists: Sequence[str] = (),
    clients: Sequence[str] = (),
    backend: JobBackend | None = None,
    client_option: str = "--client-speaker",
) -> RolesReport:
    """Set the speaker roles of a stored session and re-analyse it (QA42 #4).

    ``therapists`` and ``clients`` name speakers as the import options do: by number in order
    of first turn, or by label (case and spacing ignored). Speakers not named keep a role their
    label states (``Therapist:``) or become clients once a therapist is named; only when no
    therapist is named or stated is one guessed again. The actor needs ``update`` on the session
    and ``create`` on its analysis (the rules of re-analysis); the session's text must not be
    purged. The change is audited (speaker numbers and roles only) and a fresh analysis is
    queued (in-process: run), so the stored findings follow the new roles.
    """
    if not therapists and not clients:
        raise UsageError(
            f"give the roles to set: --therapist N and/or {client_option} N (N: the speaker's "
            "number in order of first turn, or its label as written)"
        )
    check_speaker_options(therapists, clients, client_option=client_option)
    with database.transaction() as db:
        target = session_target(db, session_id=session_id, resource=Resource.SESSION)
        require(actor, Action.UPDATE, target)
        require(
            actor,
            Action.CREATE,
            session_target(db, session_id=session_id, resource=Resource.ANALYSIS),
        )
        stored = transcripts.get_session(db, session_id=session_id)
        if stored.summary.text_purged_at is not None:
            raise JobError(
                f"session {session_id}'s text was purged (retention); its roles cannot be "
                "changed and it cannot be re-analysed"
            )
        session, warnings = _with_roles(
            stored.session, session_id, therapists, clients, client_option
        )
        order = [s.label for s in stored.session.speakers]
        before = {s.label: s.role for s in stored.session.speakers}
        after = {s.label: s.role for s in session.speakers}
        changed = before != after or (
            stored.session.metadata.get(ROLES_GUESSED) != session.metadata.get(ROLES_GUESSED)
        )
        _store_roles(db, session_id=session_id, session=session)
        roles = tuple((order.index(label) + 1, role) for label, role in after.items())
        audit.append(
            db,
            actor=actor.label,
            action="update",
            resource="session",
            resource_id=session_id,
            detail={
                "roles": {str(number): role.value for number, role in roles},
                "changed": changed,
            },
        )
        client_id = target.client_id
        job_id, fresh, skipped = None, False, None
        if not changed:
            pass  # the stored analysis already uses these roles
        elif client_id is not None and ConsentKind.ANALYSIS in _consents(db, client_id):
            job, fresh = jobrows.enqueue_job(
                db,
                kind=ANALYSE,
                # a new key: the analysis of the old roles is done and must not satisfy this one
                key=f"{ANALYSE}:{session_id}:{pipeline_fingerprint(default_pipeline())}:roles:"
                f"{uuid.uuid4().hex}",
                client_id=client_id,
                session_id=session_id,
                max_attempts=database.settings.job_max_attempts,
            )
            job_id = job.id
            audit.append(db, actor=actor.label, action="create", resource="job", resource_id=job.id)
        else:
            skipped = (
                f"not re-analysed: client {client_id} has no analysis consent in force; the "
                "stored analysis still uses the old roles"
            )
    backend = backend or backend_for(database)
    if job_id is not None and fresh:
        backend.submit(job_id)
    return RolesReport(session_id, roles, job_id, changed, warnings, skipped, backend.name)


def _consents(db: DbSession, client_id: int) -> set[ConsentKind]:
    from alliancelens.records._facts import today  # noqa: PLC0415
    from alliancelens.storage import people  # noqa: PLC0415

    return set(people.active_consents(db, client_id=client_id, on=today()))


def _with_roles(
    stored: Session,
    session_id: int,
    therapists: Sequence[str],
    clients: Sequence[str],
    client_option: str,
) -> tuple[Session, tuple[str, ...]]:
    """The stored session with roles resolved as an import with these options resolves them.

    The roles the file stated are kept for speakers not named (unless they were guessed); the
    names must each match a speaker (:class:`UsageError`: counted, never printed).
    """
    guessed = stored.metadata.get(ROLES_GUESSED) == "yes"
    raw = RawTranscript(
        turns=[
            RawTurn(u.speaker, u.text, start=u.start, end=u.end, index=u.index)
            for u in stored.utterances
        ],
        date=stored.date,
        modality=stored.modality,
        notes=stored.notes,
        roles={} if guessed else {s.label: s.role for s in stored.speakers},
    )
    metadata = {
        k: v for k, v in stored.metadata.items() if k not in (ROLES_GUESSED, IMPORT_WARNINGS)
    }
    label = f"session {session_id}"
    session, warnings, unmatched = assemble(
        raw,
        session_id=stored.id,
        label=label,
        therapists=therapists,
        clients=clients,
        metadata=metadata,
    )
    for option, names in (("--therapist", therapists), (client_option, clients)):
        count = sum(1 for name in names if name in unmatched)
        if count:
            raise UsageError(
                f"{option}: {count} name(s) match none of the {len(stored.speakers)} speakers "
                f"of session {session_id}; give the speaker's number (1 to "
                f"{len(stored.speakers)}, in order of first turn) or its label as the "
                "transcript writes it (case does not matter)"
            )
    # the reader's warnings stay; the role warnings are replaced by those of the new roles
    kept = [w for w in stored.metadata.get(IMPORT_WARNINGS, "").split("\n") if w]
    notes = [*(w for w in kept if not _about_roles(w)), *warnings]  # labels never: positions
    if notes:
        metadata[IMPORT_WARNINGS] = "\n".join(notes)
    session = Session(
        id=session.id,
        utterances=session.utterances,
        speakers=session.speakers,
        date=session.date,
        modality=session.modality,
        notes=session.notes,
        metadata={
            **metadata,
            **({ROLES_GUESSED: "yes"} if session.metadata.get(ROLES_GUESSED) else {}),
        },
    )
    respelt = tuple(w.replace("--client N", f"{client_option} N") for w in warnings)
    return session, respelt


#: Phrases of the role warnings of :func:`~alliancelens.ingest.assemble.assemble`.
_ROLE_PHRASES = (
    ROLES_GUESSED_WARNING,
    "no therapist identified",
    "no client identified",
    "were not named with --therapist",
)


def _about_roles(warning: str) -> bool:
    """Whether a stored import warning is about speaker roles (replaced when they are set)."""
    return any(phrase in warning for phrase in _ROLE_PHRASES)


def _store_roles(db: DbSession, *, session_id: int, session: Session) -> None:
    """Write the roles of ``session`` to the stored session's speakers and utterances."""
    row = db.get(SessionRow, session_id)
    if row is None:  # pragma: no cover - session_target found it in this transaction
        raise NotFoundError(f"no session with id {session_id}")
    row.speakers = [{"label": s.label, "role": s.role.value} for s in session.speakers]
    row.extra = dict(session.metadata)
    roles = {u.index: u.role.value for u in session.utterances}
    for utterance in db.scalars(select(UtteranceRow).where(UtteranceRow.session_id == session_id)):
        utterance.role = roles.get(utterance.position, utterance.role)
    db.flush()
