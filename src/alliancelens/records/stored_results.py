"""Use cases: rebuild analysis results from the store, for notes and insights by stored id.

A stored session plus its latest stored analysis (analyser runs and findings, as ``jobs work``
saved them) becomes an :class:`~alliancelens.analysers.AnalysisResult` again, so the note and
insight builders work on it exactly as on a transcript analysed on the fly. Nothing is
re-analysed here, but :attr:`StoredResult.outdated` names the analysers of the stored
analysis that are older than the installed ones (every view must show
:attr:`StoredResult.outdated_notice` and never call an outdated risk screen "no risk language
flagged"). The rebuilt session's id is the stored session id as text (``"3"``), which is also
how stored measure administrations name their session.

Access: viewing needs ``view`` on the session and on its analysis (the policy the ``sessions
view`` and ``sessions analyses`` use cases apply); both views are audited. A session whose text
was purged by retention still rebuilds (codes, summaries and scores are kept) with utterance text
``""``; :attr:`StoredResult.text_purged_at` says so, and callers must say quotes are unavailable.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session as DbSession

from alliancelens.analysers import AnalysisResult
from alliancelens.analysers.base import FindingSet
from alliancelens.domain.measures import MeasureAdministration
from alliancelens.errors import ConsentError, NotFoundError
from alliancelens.records._facts import (
    authorise_client,
    client_target,
    require_consent,
    session_target,
)
from alliancelens.records.analysis import ANALYSE
from alliancelens.records.freshness import (
    RISK_ANALYSER,
    OutdatedRun,
    outdated_notice,
    outdated_runs,
)
from alliancelens.security import audit
from alliancelens.security.policy import Action, Actor, Resource, decide, require
from alliancelens.storage import ConsentKind, Database, JobStatus, jobrows, transcripts
from alliancelens.storage.administrations import list_administrations

__all__ = [
    "StoredCaseload",
    "StoredResult",
    "missing_reason",
    "stored_administrations",
    "stored_caseload",
    "stored_result",
    "viewable_administrations",
]


@dataclass(frozen=True, slots=True)
class StoredResult:
    """A stored session rebuilt as an analysis result, with what the store knows about it."""

    session_id: int
    client_id: int
    result: AnalysisResult
    analysis_id: int
    text_purged_at: dt.datetime | None
    #: Analysers of the stored analysis older than the installed ones (records/freshness.py).
    outdated: tuple[OutdatedRun, ...] = ()

    @property
    def outdated_notice(self) -> str | None:
        """One line saying the analysis is outdated and how to refresh it; None when current."""
        if not self.outdated:
            return None
        purged = self.text_purged_at is not None
        return outdated_notice(self.session_id, self.outdated, purged=purged)

    @property
    def risk_outdated(self) -> OutdatedRun | None:
        """The risk screen's entry when it is outdated: never summarise it as "none flagged"."""
        return next((run for run in self.outdated if run.name == RISK_ANALYSER), None)


@dataclass(frozen=True, slots=True)
class StoredCaseload:
    """A client's analysed stored sessions (oldest first), their forms, and unanalysed ids."""

    client_id: int
    results: tuple[StoredResult, ...]
    administrations: tuple[MeasureAdministration, ...]
    unanalysed: tuple[int, ...]


#: What a dashboard page says instead of a CLI command (docs/web.md: pages name no command).
WEB_ANALYSE = "use Analyse this session on the session's page"


def _missing(db: DbSession, session_id: int) -> NotFoundError:
    """No stored analysis: the reason (:func:`missing_reason`) as the CLI words it."""
    return NotFoundError(missing_reason(db, session_id=session_id))


def missing_reason(db: DbSession, *, session_id: int, web: bool = False) -> str:
    """Why a session has no stored analysis and what unblocks it (QA 12, QA41 #7).

    The blocker named is the missing analysis consent, else the state of the session's latest
    analysis job (failed, with its attempts; queued or running), else "not run yet". ``web``
    words the remedy for a dashboard page (the Analyse this session button), never a command.
    """
    client_id = transcripts.session_summary(db, session_id=session_id).client_id
    try:
        require_consent(
            db,
            client_id=client_id,
            kind=ConsentKind.ANALYSIS,
            purpose=f"session {session_id}'s analysis",
        )
    except ConsentError as exc:
        if web:
            return (
                f"session {session_id} has no stored analysis: client {client_id}'s analysis "
                "consent is not in force; record it on the client's page once the client "
                f"agrees, then {WEB_ANALYSE}"
            )
        return (
            f"session {session_id} has no stored analysis: {exc}, then run "
            f"`alliancelens sessions analyse {session_id}`"
        )
    job = jobrows.latest_session_job(db, session_id=session_id, kind=ANALYSE)
    status = None if job is None else job.status
    if job is not None and status is JobStatus.FAILED:
        again = WEB_ANALYSE if web else f"run `alliancelens sessions analyse {session_id}`"
        return (
            f"session {session_id} has no stored analysis: its analysis failed (job {job.id}, "
            f"after {job.attempts} attempt(s)); {again} to try again"
        )
    if job is not None and status in (JobStatus.QUEUED, JobStatus.RUNNING):
        wait = (
            "it appears here once it has run"
            if web
            else "if it stays queued, run `alliancelens jobs work` and try again"
        )
        return (
            f"session {session_id} has no stored analysis yet: its analysis is {status} "
            f"(job {job.id}); {wait}"
        )
    if web:
        return f"session {session_id} has no stored analysis yet; {WEB_ANALYSE}"
    return (
        f"session {session_id} has no stored analysis yet; run `alliancelens jobs work` (or "
        f"`alliancelens sessions analyse {session_id}` to queue it) and try again"
    )


def _load(db: DbSession, actor: Actor, session_id: int) -> StoredResult:
    """Check access, audit the views and rebuild one session (inside an open transaction)."""
    for resource in (Resource.SESSION, Resource.ANALYSIS):
        require(actor, Action.VIEW, session_target(db, session_id=session_id, resource=resource))
    analyses = transcripts.load_analyses(db, session_id=session_id)
    if not analyses:
        raise _missing(db, session_id)
    latest = max(analyses, key=lambda a: (a.finished_at, a.id))
    stored = transcripts.get_session(db, session_id=session_id)
    audit.append(db, actor=actor.label, action="view", resource="session", resource_id=session_id)
    audit.append(
        db,
        actor=actor.label,
        action="view",
        resource="analysis",
        resource_id=latest.id,
        detail={"session": session_id},
    )
    session = dataclasses.replace(stored.session, id=str(session_id))
    result = AnalysisResult(session, FindingSet(latest.findings), latest.runs)
    return StoredResult(
        session_id,
        stored.summary.client_id,
        result,
        latest.id,
        stored.summary.text_purged_at,
        outdated_runs((run.name, run.version) for run in latest.runs),
    )


def stored_result(database: Database, actor: Actor, *, session_id: int) -> StoredResult:
    """A stored session and its latest stored analysis as an ``AnalysisResult`` (audited).

    Raises :class:`NotFoundError` for an unknown session or one not analysed yet (the message
    says to run ``alliancelens jobs work``) and ``AccessDeniedError`` when ``actor`` may not
    view the session or its analysis.
    """
    with database.transaction() as db:
        return _load(db, actor, session_id)


def stored_caseload(database: Database, actor: Actor, *, client_id: int) -> StoredCaseload:
    """Every analysed stored session of a client, in date order, and the client's forms.

    Sessions are ordered by session date (sessions without one last), then by stored id.
    Sessions with no stored analysis are left out and listed in ``unanalysed``; when none is
    analysed, :class:`NotFoundError` says to run ``alliancelens jobs work``. Administrations'
    ``client`` is ``"client <id>"`` and ``session`` the stored session id as text.
    """
    with database.transaction() as db:
        authorise_client(db, actor, Action.VIEW, client_id, Resource.SESSION)
        summaries = transcripts.list_sessions(db, client_id=client_id)
        results: list[StoredResult] = []
        unanalysed: list[int] = []
        for summary in summaries:
            try:
                results.append(_load(db, actor, summary.id))
            except NotFoundError:
                unanalysed.append(summary.id)
        if summaries and not results:
            raise _missing(db, unanalysed[0])
        if not summaries:
            raise NotFoundError(
                f"client {client_id} has no stored sessions; import one with "
                f"`alliancelens import FILE --client {client_id}`"
            )
        administrations = _administrations(db, actor, client_id)
    results.sort(key=_order)
    return StoredCaseload(client_id, tuple(results), administrations, tuple(unanalysed))


def stored_administrations(
    database: Database, actor: Actor, *, client_id: int
) -> tuple[MeasureAdministration, ...]:
    """A client's stored measure forms as administrations (``client`` ``"client <id>"``); audited.

    Raises ``AccessDeniedError`` when ``actor`` may not view the client's measures.
    """
    with database.transaction() as db:
        return _administrations(db, actor, client_id)


def viewable_administrations(
    database: Database, actor: Actor, *, client_id: int
) -> tuple[MeasureAdministration, ...] | None:
    """Like :func:`stored_administrations`, but ``None`` when the policy refuses ``actor``.

    For pages that show the forms only to whoever may see them (a supervisor's note page):
    asking the policy first means no ``refused`` entry is audited for a view nobody requested.
    """
    with database.transaction() as db:
        target = client_target(db, client_id=client_id, resource=Resource.MEASURE)
        if not decide(actor, Action.VIEW, target).allowed:
            return None
        return _administrations(db, actor, client_id)


def _order(stored: StoredResult) -> tuple[bool, dt.date, int]:
    date = stored.result.session.date
    return date is None, date or dt.date.min, stored.session_id


def _administrations(
    db: DbSession, actor: Actor, client_id: int
) -> tuple[MeasureAdministration, ...]:
    authorise_client(db, actor, Action.VIEW, client_id, Resource.MEASURE)
    audit.append(
        db,
        actor=actor.label,
        action="view",
        resource="measure",
        resource_id=client_id,
    )
    label = f"client {client_id}"
    return tuple(
        dataclasses.replace(stored.administration, client=label)
        for stored in list_administrations(db, client_id=client_id)
    )
