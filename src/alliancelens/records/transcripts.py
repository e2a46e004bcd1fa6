"""Use cases for transcripts: import (optionally de-identified), view, share, analyse."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from alliancelens.deid import deidentify_sessions
from alliancelens.domain import ROLES_GUESSED, Session
from alliancelens.errors import (
    AccessDeniedError,
    JobError,
    NotFoundError,
    QueueUnavailableError,
    UsageError,
)
from alliancelens.ingest import IngestResult, check_names, read_file
from alliancelens.jobs import JobBackend
from alliancelens.records._facts import authorise_client, require_consent, session_target, today
from alliancelens.records._import_checks import (
    ALLOW_DUPLICATE_ADVICE,
    before_consent,
    dated,
    duplicate_error,
)
from alliancelens.records.analysis import enqueue_analysis
from alliancelens.records.jobs import backend_for
from alliancelens.security import audit
from alliancelens.security.policy import Action, Actor, Resource, Role, Target, decide, require
from alliancelens.storage import (
    ConsentKind,
    Database,
    SessionSummary,
    SharedSession,
    StoredSession,
    people,
    transcripts,
)
from alliancelens.storage.tables import ClientRow, JobRow, SessionRow

__all__ = [
    "IMPORT_WARNINGS",
    "ImportReport",
    "authorise_import",
    "import_transcript",
    "list_sessions",
    "list_shared_sessions",
    "request_analysis",
    "share_session",
    "view_session",
]


#: ``Session.metadata`` key of the reader's warnings about a stored session (QA42 #6), one per
#: line: position-based (line numbers, "speaker 1 of 2"), never text or labels; the file is
#: called "the file" (its name often holds the client's name). The session page shows them.
IMPORT_WARNINGS = "import_warnings"
#: How the import names a session whose roles were guessed: how to correct them (QA42 #4).
ROLES_ADVICE = (
    "session {id}: speaker roles were guessed; if they are wrong, set them with `alliancelens "
    "sessions roles {id} --therapist N` (N: the speaker's number in order of first turn) or on "
    "the session's page; importing the file again is refused as a duplicate"
)


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import stored: session ids, analysis job ids, and notes for the user.

    ``backend`` is where the jobs went (``in-process``: already run; ``rq``: waiting for a
    worker); ``unsubmitted`` are jobs the queue server could not take: they stay queued in the
    database and the next ``jobs work`` runs them (the import itself is stored and complete);
    ``queue_problem`` is then the queue's own one-line reason (unreachable, refused login, ...:
    :func:`alliancelens.jobs.backends.queue_problem`, never the password) (QA41 #5).
    ``duplicate_of`` are the client's sessions already imported from a file with the same bytes
    (SHA-256); when it is set and ``skipped_duplicate``, nothing was stored.

    ``session_ids`` and ``job_ids`` are what still exists when the import returns: when the
    client was deleted meanwhile (e.g. while an in-process analysis ran), the deletion took the
    sessions and jobs with it, they are left out and ``client_deleted`` is set.
    """

    session_ids: tuple[int, ...]
    job_ids: tuple[int, ...]
    warnings: tuple[str, ...]
    analysis_skipped: str | None = None
    backend: str = "in-process"
    unsubmitted: tuple[int, ...] = ()
    duplicate_of: tuple[int, ...] = ()
    skipped_duplicate: bool = False
    client_deleted: bool = False
    queue_problem: str | None = None


def authorise_import(database: Database, actor: Actor, *, client_id: int) -> None:
    """Refuse (``AccessDeniedError``, audited) unless ``actor`` may import for the client.

    For doors that must refuse before reading what was sent (the web upload): the same check
    :func:`import_transcript` makes again in its own transaction.
    """
    with database.transaction() as db:
        authorise_client(db, actor, Action.CREATE, client_id, Resource.SESSION)


def import_transcript(
    database: Database,
    actor: Actor,
    *,
    client_id: int,
    path: str | Path,
    format: str | None = None,
    therapists: Sequence[str] = (),
    clients: Sequence[str] = (),
    deidentify: bool = False,
    analyse: bool = True,
    backend: JobBackend | None = None,
    session_date: dt.date | None = None,
    skip_duplicates: bool = False,
    allow_duplicate: bool = False,
    duplicate_advice: str = ALLOW_DUPLICATE_ADVICE,
) -> ImportReport:
    """Read a transcript file and store its sessions for a client, in one transaction.

    A file whose bytes (SHA-256) were imported for the same client before is refused with a
    :class:`DuplicateImportError` naming the earlier sessions and ``duplicate_advice`` (how to
    import it anyway), and nothing is stored (QA29 item 8). With ``skip_duplicates`` nothing is
    stored either, without an error (``skipped_duplicate``: for batch imports); with
    ``allow_duplicate`` it is stored again and the earlier sessions are in ``duplicate_of``.

    Needs recording consent. With analysis consent (and ``analyse``), an analysis job per
    session is queued in the same transaction and handed to the job backend after the commit.
    A crash before the commit stores nothing; after it, the job is recovered by ``jobs work``.

    ``session_date`` (not in the future) becomes the date of every session in the file; it wins
    over a date the file carries (e.g. JSON metadata), and a warning says so when they differ.
    Without it the file's date is kept, or the session has none.
    """
    if session_date is not None and session_date > today():
        # the typed date is not repeated (it may be a fact about the client: docs/security.md)
        raise UsageError("--date is after today; give the day the session took place")
    with database.transaction() as db:
        authorise_client(db, actor, Action.CREATE, client_id, Resource.SESSION)
        require_consent(
            db, client_id=client_id, kind=ConsentKind.RECORDING, purpose="importing a recording"
        )
    # the CLI's --client is the client id: the speaker option is --client-speaker there
    ingested = read_file(
        path,
        format=format,
        therapists=therapists,
        clients=clients,
        client_option="--client-speaker",
    )
    check_names(
        [ingested], therapists=therapists, clients=clients, client_option="--client-speaker"
    )
    sessions: tuple[Session, ...] = ingested.sessions
    warnings = ingested.all_warnings
    if session_date is not None:
        sessions, warnings = dated(sessions, session_date, warnings)
    if deidentify:
        sessions = deidentify_sessions(sessions, model=database.settings.deid_model)
    sessions = _with_warnings(sessions, ingested, path)
    skipped: str | None = None
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    with database.transaction() as db:
        _authorise_store(db, actor, client_id=client_id)
        earlier = tuple(
            transcripts.imported_with_content(db, client_id=client_id, content_sha256=digest)
        )
        if earlier and skip_duplicates:
            return ImportReport((), (), warnings, duplicate_of=earlier, skipped_duplicate=True)
        if earlier and not allow_duplicate:
            raise duplicate_error(client_id, earlier, advice=duplicate_advice)
        warnings = (*warnings, *before_consent(db, client_id=client_id, sessions=sessions))
        ids = tuple(
            transcripts.add_session(
                db,
                client_id=client_id,
                session=session,
                # a file name often holds the client's name and the date: not kept when
                # de-identifying (the session id is already pseudonymous, `session-<n>`)
                source_name=None if deidentify else Path(path).name,
                source_format=ingested.format,
                deidentified=deidentify,
                content_sha256=digest,
            )
            for session in sessions
        )
        for session_id in ids:
            audit.append(
                db, actor=actor.label, action="create", resource="session", resource_id=session_id
            )
        warnings = (
            *warnings,
            *(
                ROLES_ADVICE.format(id=session_id)
                for session_id, session in zip(ids, sessions, strict=True)
                if session.metadata.get(ROLES_GUESSED) == "yes"
            ),
        )
        jobs: list[int] = []
        consents = people.active_consents(db, client_id=client_id, on=today())
        if analyse and ConsentKind.ANALYSIS in consents:
            for session_id in ids:
                job, fresh = enqueue_analysis(
                    db,
                    client_id=client_id,
                    session_id=session_id,
                    max_attempts=database.settings.job_max_attempts,
                )
                if fresh:
                    jobs.append(job.id)
        elif analyse:
            skipped = f"analysis not queued: client {client_id} has no analysis consent in force"
    backend = backend or backend_for(database)
    unsubmitted: list[int] = []
    problem: str | None = None
    for job_id in jobs:
        try:
            backend.submit(job_id)
        except QueueUnavailableError as exc:
            # The session and its job are committed: nothing is lost and a retry of the import
            # would duplicate the session, so this is a note, not a failure.
            unsubmitted.append(job_id)
            problem = problem or exc.message
    with database.transaction() as db:
        kept_ids, kept_jobs, client_kept = _still_stored(
            db, client_id=client_id, session_ids=ids, job_ids=jobs
        )
    return ImportReport(
        kept_ids,
        kept_jobs,
        warnings,
        skipped,
        backend.name,
        tuple(j for j in unsubmitted if j in kept_jobs),
        earlier,
        client_deleted=not client_kept,
        queue_problem=problem if unsubmitted else None,
    )


def _with_warnings(
    sessions: tuple[Session, ...], ingested: IngestResult, path: str | Path
) -> tuple[Session, ...]:
    """``sessions`` (the file's, in order), each carrying the reader's warnings about it.

    The warnings go under :data:`IMPORT_WARNINGS`. The file's path (a temporary folder for a
    web upload, and a name that often holds the client's) becomes "the file"; the warnings are
    otherwise the CLI's own lines. De-identification keeps only facts about the file, so the
    "roles were guessed" mark is put back too: it is about the file, and the risk screen and the
    session page depend on it.
    """
    where = str(path)
    found = []
    for session, read in zip(sessions, ingested.sessions, strict=True):
        lines = [
            w.removeprefix(f"{where}: ").replace(where, "the file")
            for w in ingested.warnings_for(read.id)
        ]
        metadata = dict(session.metadata)
        if lines:
            metadata[IMPORT_WARNINGS] = "\n".join(lines)
        if read.metadata.get(ROLES_GUESSED) == "yes":
            metadata[ROLES_GUESSED] = "yes"
        found.append(dataclasses.replace(session, metadata=metadata))
    return tuple(found)


def _authorise_store(db: DbSession, actor: Actor, *, client_id: int) -> None:
    """Check again, in the storing transaction, that the client is still there and allowed.

    Reading (and de-identifying) a large file takes time; a client deleted meanwhile must not
    get sessions stored under its old id.
    """
    try:
        authorise_client(db, actor, Action.CREATE, client_id, Resource.SESSION)
    except NotFoundError as exc:
        raise NotFoundError(
            f"client {client_id} was deleted while the file was being read; nothing was stored"
        ) from exc


def _still_stored(
    db: DbSession, *, client_id: int, session_ids: Sequence[int], job_ids: Sequence[int]
) -> tuple[tuple[int, ...], tuple[int, ...], bool]:
    """The sessions and jobs of an import that still exist, and whether the client does."""
    sessions = set(db.scalars(select(SessionRow.id).where(SessionRow.id.in_(session_ids))))
    jobs = set(db.scalars(select(JobRow.id).where(JobRow.id.in_(job_ids))))
    client = db.scalar(select(ClientRow.id).where(ClientRow.id == client_id)) is not None
    return (
        tuple(i for i in session_ids if i in sessions),
        tuple(j for j in job_ids if j in jobs),
        client,
    )


def request_analysis(
    database: Database, actor: Actor, *, session_id: int, backend: JobBackend | None = None
) -> int:
    """Queue the analysis of a stored session; the job id.

    Refused without analysis consent (:class:`ConsentError`) and, before anything is queued, for
    a session whose text retention purged (:class:`JobError`, AL609).
    """
    with database.transaction() as db:
        target = session_target(db, session_id=session_id, resource=Resource.ANALYSIS)
        require(actor, Action.CREATE, target)
        if target.client_id is None:  # pragma: no cover - sessions always belong to a client
            raise NotFoundError(f"session {session_id} belongs to no client")
        if transcripts.session_summary(db, session_id=session_id).text_purged_at is not None:
            # refuse before queueing: the job would only fail (analyse_job checks it too)
            raise JobError(
                f"session {session_id}'s text was purged (retention); it cannot be re-analysed"
            )
        job, fresh = enqueue_analysis(
            db,
            client_id=target.client_id,
            session_id=session_id,
            max_attempts=database.settings.job_max_attempts,
        )
        audit.append(db, actor=actor.label, action="create", resource="job", resource_id=job.id)
    if fresh:
        (backend or backend_for(database)).submit(job.id)
    return job.id


def view_session(database: Database, actor: Actor, *, session_id: int) -> StoredSession:
    """A stored session with its text (the view is audited)."""
    with database.transaction() as db:
        require(
            actor, Action.VIEW, session_target(db, session_id=session_id, resource=Resource.SESSION)
        )
        audit.append(
            db, actor=actor.label, action="view", resource="session", resource_id=session_id
        )
        return transcripts.get_session(db, session_id=session_id)


def list_sessions(database: Database, actor: Actor, *, client_id: int) -> list[SessionSummary]:
    """A client's sessions (summaries only: no text); the listing is audited."""
    with database.transaction() as db:
        try:
            authorise_client(db, actor, Action.VIEW, client_id, Resource.SESSION)
        except AccessDeniedError as exc:  # name the list, not "session of client N"
            hint = (
                "; a supervisor sees only the sessions shared with them (`alliancelens sessions "
                "shared`)"
                if actor.role is Role.SUPERVISOR
                else ""
            )
            refused = AccessDeniedError(
                f"{actor.label} ({actor.role}) may not list the sessions of client {client_id}"
                f"{hint}"
            )
            refused.refusal = exc.refusal
            raise refused from None
        found = transcripts.list_sessions(db, client_id=client_id)
        audit.append(
            db,
            actor=actor.label,
            action="view",
            resource="session",
            detail={"client": client_id, "listed": len(found)},
        )
        return found


def list_shared_sessions(database: Database, actor: Actor) -> list[SharedSession]:
    """Sessions shared for supervision whose client consents today (summaries only: no text).

    Supervisors get their supervisees' ones: exactly the sessions :func:`view_session` lets them
    open (each is checked against the policy). Therapists get their own (what their supervisors
    see), administrators every therapist's; client accounts are refused (AccessDeniedError). Not
    audited (no client is named; opening a session is audited).
    """
    if actor.role is Role.CLIENT:
        require(actor, Action.VIEW, Target(Resource.SESSION))  # refused: the policy's own error
    scope: frozenset[int] | None
    if actor.role is Role.SUPERVISOR:
        scope = actor.supervisees
    elif actor.role is Role.THERAPIST:
        scope = frozenset() if actor.user_id is None else frozenset({actor.user_id})
    else:
        scope = None
    with database.transaction() as db:
        found = transcripts.shared_sessions(db, therapist_ids=scope, on=today())
        return [
            shared
            for shared in found
            if decide(
                actor,
                Action.VIEW,
                session_target(db, session_id=shared.summary.id, resource=Resource.SESSION),
            ).allowed
        ]


def share_session(
    database: Database, actor: Actor, *, session_id: int, shared: bool = True
) -> None:
    """Share a session with the therapist's supervisors (needs supervision-sharing consent)."""
    with database.transaction() as db:
        target = session_target(db, session_id=session_id, resource=Resource.SESSION)
        require(actor, Action.UPDATE, target)
        if shared and target.client_id is not None:
            require_consent(
                db,
                client_id=target.client_id,
                kind=ConsentKind.SUPERVISION_SHARING,
                purpose="sharing with a supervisor",
            )
        transcripts.set_shared(db, session_id=session_id, shared=shared)
        audit.append(
            db,
            actor=actor.label,
            action="update",
            resource="session",
            resource_id=session_id,
            detail={"shared": shared},
        )
