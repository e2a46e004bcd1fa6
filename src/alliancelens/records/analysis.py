"""Run analysis as a job: consent is checked when the job starts and again before it stores."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy.orm import Session as DbSession

from alliancelens.analysers import Pipeline, default_pipeline
from alliancelens.errors import JobError
from alliancelens.jobs import Writer
from alliancelens.records._facts import require_consent, session_target
from alliancelens.security import audit
from alliancelens.security.policy import Action, Actor, Resource, require
from alliancelens.storage import (
    ConsentKind,
    Database,
    JobRecord,
    StoredAnalysis,
    jobrows,
    transcripts,
)
from alliancelens.storage.transcripts import to_jsonable

__all__ = ["ANALYSE", "analyse_job", "enqueue_analysis", "get_analyses", "pipeline_fingerprint"]

#: Job kind of an analysis job.
ANALYSE = "analyse"


def pipeline_fingerprint(pipeline: Pipeline) -> str:
    """Short stable id of a pipeline: its analysers' names, versions and parameters."""
    spec = [[a.name, a.version, to_jsonable(a.get_params())] for a in pipeline.analysers]
    text = json.dumps(spec, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def enqueue_analysis(
    db: DbSession,
    *,
    client_id: int,
    session_id: int,
    max_attempts: int,
    pipeline: Pipeline | None = None,
) -> tuple[JobRecord, bool]:
    """Queue (idempotently) the analysis of a session; ``True`` when it must be submitted."""
    require_consent(db, client_id=client_id, kind=ConsentKind.ANALYSIS, purpose="analysis")
    fingerprint = pipeline_fingerprint(pipeline or default_pipeline())
    return jobrows.enqueue_job(
        db,
        kind=ANALYSE,
        key=f"{ANALYSE}:{session_id}:{fingerprint}",
        client_id=client_id,
        session_id=session_id,
        max_attempts=max_attempts,
    )


def analyse_job(database: Database, job: JobRecord) -> Writer:
    """The analysis job handler: analyse one stored session with the default pipeline."""
    if job.session_id is None or job.client_id is None:
        raise JobError(f"job {job.id} names no session")
    session_id, client_id = job.session_id, job.client_id
    with database.transaction() as db:
        require_consent(db, client_id=client_id, kind=ConsentKind.ANALYSIS, purpose="analysis")
        stored = transcripts.get_session(db, session_id=session_id)
    if stored.summary.text_purged_at is not None:
        raise JobError(
            f"session {session_id}'s text was purged (retention); it cannot be re-analysed"
        )
    pipeline = default_pipeline()
    result = pipeline.run(stored.session)
    fingerprint = pipeline_fingerprint(pipeline)

    def store(db: DbSession) -> None:
        # Consent may have been withdrawn while the pipeline ran: then store nothing.
        require_consent(db, client_id=client_id, kind=ConsentKind.ANALYSIS, purpose="analysis")
        analysis_id = transcripts.save_analysis(
            db,
            session_id=session_id,
            pipeline=fingerprint,
            job_id=job.id,
            runs=result.runs,
            findings=tuple(result.findings),
        )
        audit.append(
            db,
            actor=f"job:{job.id}",
            action="create",
            resource="analysis",
            resource_id=analysis_id,
            detail={"session": session_id, "findings": len(tuple(result.findings))},
        )

    return store


def get_analyses(database: Database, actor: Actor, *, session_id: int) -> list[StoredAnalysis]:
    """A session's stored analyses (supervisors: only shared sessions with consent)."""
    with database.transaction() as db:
        require(
            actor,
            Action.VIEW,
            session_target(db, session_id=session_id, resource=Resource.ANALYSIS),
        )
        audit.append(
            db,
            actor=actor.label,
            action="view",
            resource="analysis",
            detail={"session": session_id},
        )
        return transcripts.load_analyses(db, session_id=session_id)
