"""Repository functions for stored sessions, utterances, analyses and findings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import delete, exists, func, or_, select
from sqlalchemy.orm import Session as DbSession

from alliancelens.domain import (
    AnalyserRun,
    Evidence,
    Finding,
    Provenance,
    Role,
    RunStatus,
    Scope,
    Session,
    Speaker,
    Utterance,
)
from alliancelens.errors import NotFoundError
from alliancelens.storage.fingerprints import content_tag
from alliancelens.storage.purge import purge_session
from alliancelens.storage.records import (
    ConsentKind,
    SessionSummary,
    SharedSession,
    StoredAnalysis,
    StoredSession,
)
from alliancelens.storage.tables import (
    AdministrationRow,
    AnalyserRunRow,
    AnalysisRow,
    ClientRow,
    ConsentRow,
    FindingRow,
    JobRow,
    JournalRow,
    SessionRow,
    UserRow,
    UtteranceRow,
)

__all__ = [
    "add_session",
    "delete_session",
    "get_session",
    "imported_with_content",
    "latest_runs",
    "list_sessions",
    "load_analyses",
    "purge_text",
    "save_analysis",
    "session_summary",
    "sessions_imported_before",
    "set_shared",
    "shared_sessions",
    "to_jsonable",
]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def add_session(
    db: DbSession,
    *,
    client_id: int,
    session: Session,
    source_name: str | None,
    source_format: str,
    deidentified: bool = False,
    content_sha256: str | None = None,
) -> int:
    """Store a session and all its utterances (encrypted); returns the internal session id.

    ``content_sha256`` is the hex SHA-256 of the file the session came from; only its keyed
    fingerprint is stored (:mod:`alliancelens.storage.fingerprints`, see
    :func:`imported_with_content`).
    """
    row = SessionRow(
        client_id=client_id,
        source_key=session.id,
        source_name=source_name,
        source_format=source_format,
        session_date=session.date.isoformat() if session.date else None,
        modality=session.modality,
        notes=session.notes,
        extra=dict(session.metadata),
        speakers=[{"label": s.label, "role": s.role.value} for s in session.speakers],
        deidentified=deidentified,
        shared_for_supervision=False,
        imported_at=_now(),
        text_purged_at=None,
        content_sha256=None
        if content_sha256 is None
        else content_tag(db, client_id=client_id, sha256_hex=content_sha256),
    )
    db.add(row)
    db.flush()
    db.add_all(
        UtteranceRow(
            session_id=row.id,
            position=u.index,
            speaker=u.speaker,
            role=u.role.value,
            text=u.text,
            start=u.start,
            end=u.end,
        )
        for u in session.utterances
    )
    db.flush()
    return row.id


def imported_with_content(db: DbSession, *, client_id: int, content_sha256: str) -> list[int]:
    """Ids of the client's sessions imported from a file with this SHA-256, by id."""
    tag = content_tag(db, client_id=client_id, sha256_hex=content_sha256)
    return list(
        db.scalars(
            select(SessionRow.id)
            .where(SessionRow.client_id == client_id, SessionRow.content_sha256 == tag)
            .order_by(SessionRow.id)
        )
    )


def _summary(db: DbSession, row: SessionRow) -> SessionSummary:
    count = db.scalar(
        select(func.count()).select_from(UtteranceRow).where(UtteranceRow.session_id == row.id)
    )
    return SessionSummary(
        id=row.id,
        client_id=row.client_id,
        source_format=row.source_format,
        utterances=int(count or 0),
        imported_at=row.imported_at,
        text_purged_at=row.text_purged_at,
        shared_for_supervision=row.shared_for_supervision,
        deidentified=row.deidentified,
        session_date=dt.date.fromisoformat(row.session_date) if row.session_date else None,
    )


def _row(db: DbSession, session_id: int) -> SessionRow:
    row = db.get(SessionRow, session_id)
    if row is None:
        raise NotFoundError(f"no session with id {session_id}")
    return row


def session_summary(db: DbSession, *, session_id: int) -> SessionSummary:
    """Summary of one session (no text decrypted)."""
    return _summary(db, _row(db, session_id))


def list_sessions(db: DbSession, *, client_id: int) -> list[SessionSummary]:
    """A client's sessions, by id."""
    rows = db.scalars(
        select(SessionRow).where(SessionRow.client_id == client_id).order_by(SessionRow.id)
    )
    return [_summary(db, row) for row in rows]


def shared_sessions(
    db: DbSession, *, therapist_ids: Collection[int] | None, on: dt.date
) -> list[SharedSession]:
    """Sessions shared for supervision whose client's supervision-sharing consent covers ``on``.

    Only sessions of clients of the therapists in ``therapist_ids`` (``None``: every therapist;
    clients without a therapist never appear), by id. No text is decrypted but the session date.
    """
    consenting = exists().where(
        ConsentRow.client_id == SessionRow.client_id,
        ConsentRow.kind == ConsentKind.SUPERVISION_SHARING.value,
        ConsentRow.granted_on <= on,
        or_(ConsentRow.withdrawn_on.is_(None), ConsentRow.withdrawn_on > on),
    )
    query = (
        select(SessionRow, UserRow.id, UserRow.username)
        .join(ClientRow, ClientRow.id == SessionRow.client_id)
        .join(UserRow, UserRow.id == ClientRow.therapist_id)
        .where(SessionRow.shared_for_supervision.is_(True), consenting)
        .order_by(SessionRow.id)
    )
    if therapist_ids is not None:
        query = query.where(ClientRow.therapist_id.in_(sorted(therapist_ids)))
    return [
        SharedSession(
            summary=_summary(db, row),
            session_date=dt.date.fromisoformat(row.session_date) if row.session_date else None,
            therapist_id=therapist_id,
            therapist=username,
        )
        for row, therapist_id, username in db.execute(query)
    ]


def get_session(db: DbSession, *, session_id: int) -> StoredSession:
    """A stored session as a domain session (utterance text is ``""`` once purged)."""
    row = _row(db, session_id)
    utterances = db.scalars(
        select(UtteranceRow)
        .where(UtteranceRow.session_id == session_id)
        .order_by(UtteranceRow.position)
    )
    session = Session(
        id=row.source_key,
        utterances=tuple(
            Utterance(u.position, u.speaker, Role(u.role), u.text or "", u.start, u.end)
            for u in utterances
        ),
        speakers=tuple(Speaker(s["label"], Role(s["role"])) for s in row.speakers or ()),
        date=dt.date.fromisoformat(row.session_date) if row.session_date else None,
        modality=row.modality,
        notes=row.notes,
        metadata=row.extra or {},
    )
    return StoredSession(_summary(db, row), session, row.source_name)


def set_shared(db: DbSession, *, session_id: int, shared: bool) -> None:
    """Mark a session shared (or not) with the therapist's supervisors."""
    _row(db, session_id).shared_for_supervision = shared
    db.flush()


def save_analysis(
    db: DbSession,
    *,
    session_id: int,
    pipeline: str,
    job_id: int | None,
    runs: Sequence[AnalyserRun],
    findings: Sequence[Finding],
) -> int:
    """Store one analysis, replacing any earlier one of the same pipeline (idempotent)."""
    db.execute(
        delete(AnalysisRow).where(
            AnalysisRow.session_id == session_id, AnalysisRow.pipeline == pipeline
        )
    )
    analysis = AnalysisRow(
        session_id=session_id, job_id=job_id, pipeline=pipeline, finished_at=_now()
    )
    db.add(analysis)
    db.flush()
    db.add_all(
        AnalyserRunRow(
            analysis_id=analysis.id,
            name=run.name,
            version=run.version,
            status=run.status.value,
            params=to_jsonable(dict(run.params)),
            reason=run.reason,
            seconds=run.seconds,
            findings=run.findings,
        )
        for run in runs
    )
    db.add_all(
        FindingRow(
            analysis_id=analysis.id,
            kind=f.kind,
            scope=f.scope.value,
            utterance_index=f.utterance_index,
            value=f.value,
            evidence={
                "utterance_indexes": list(f.evidence.utterance_indexes),
                "scores": dict(f.evidence.scores),
            },
            analyser=f.provenance.analyser,
            analyser_version=f.provenance.version,
            params=to_jsonable(dict(f.provenance.params)),
        )
        for f in findings
    )
    db.flush()
    return analysis.id


def load_analyses(db: DbSession, *, session_id: int) -> list[StoredAnalysis]:
    """Every stored analysis of a session with its runs and findings."""
    stored: list[StoredAnalysis] = []
    rows = db.scalars(
        select(AnalysisRow).where(AnalysisRow.session_id == session_id).order_by(AnalysisRow.id)
    )
    for row in rows:
        runs = db.scalars(
            select(AnalyserRunRow)
            .where(AnalyserRunRow.analysis_id == row.id)
            .order_by(AnalyserRunRow.id)
        )
        findings = db.scalars(
            select(FindingRow).where(FindingRow.analysis_id == row.id).order_by(FindingRow.id)
        )
        stored.append(
            StoredAnalysis(
                id=row.id,
                session_id=row.session_id,
                pipeline=row.pipeline,
                job_id=row.job_id,
                finished_at=row.finished_at,
                runs=tuple(
                    AnalyserRun(
                        r.name,
                        r.version,
                        RunStatus(r.status),
                        r.params,
                        r.reason,
                        r.seconds,
                        r.findings,
                    )
                    for r in runs
                ),
                findings=tuple(_finding(f) for f in findings),
            )
        )
    return stored


def _finding(row: FindingRow) -> Finding:
    return Finding(
        kind=row.kind,
        value=row.value,
        provenance=Provenance(row.analyser, row.analyser_version, row.params),
        evidence=Evidence(
            tuple(row.evidence.get("utterance_indexes", ())), row.evidence.get("scores", {})
        ),
        scope=Scope(row.scope),
        utterance_index=row.utterance_index,
    )


def latest_runs(
    db: DbSession, *, client_id: int | None = None
) -> dict[int, tuple[tuple[str, int], ...]]:
    """Each analysed session's latest analysis as (analyser, version) pairs; nothing decrypted.

    ``client_id`` limits it to one client's sessions; sessions without an analysis are absent.
    The latest analysis is the one finished last (then the highest id), as in the views.
    """
    query = select(AnalysisRow.id, AnalysisRow.session_id).order_by(
        AnalysisRow.finished_at, AnalysisRow.id
    )
    if client_id is not None:
        query = query.join(SessionRow, SessionRow.id == AnalysisRow.session_id).where(
            SessionRow.client_id == client_id
        )
    latest = {session_id: analysis_id for analysis_id, session_id in db.execute(query)}
    runs: dict[int, list[tuple[str, int]]] = {analysis_id: [] for analysis_id in latest.values()}
    if runs:
        rows = db.execute(
            select(AnalyserRunRow.analysis_id, AnalyserRunRow.name, AnalyserRunRow.version)
            .where(AnalyserRunRow.analysis_id.in_(sorted(runs)))
            .order_by(AnalyserRunRow.id)
        )
        for analysis_id, name, version in rows:
            runs[analysis_id].append((name, int(version)))
    return {session_id: tuple(runs[a]) for session_id, a in latest.items()}


def delete_session(db: DbSession, *, session_id: int) -> dict[str, int]:
    """Delete one session; the database cascades to what hangs off it. Returns counts by kind.

    Gone with it: utterances, analyses (runs, findings), its jobs and the journal entries about
    it; measure forms linked to it stay with the client, unlinked (``session_id`` NULL).
    """
    _row(db, session_id)  # NotFoundError for an unknown id

    def count(table: Any, column: Any) -> int:
        return int(
            db.scalar(select(func.count()).select_from(table).where(column == session_id)) or 0
        )

    counts = {
        "utterances": count(UtteranceRow, UtteranceRow.session_id),
        "analyses": count(AnalysisRow, AnalysisRow.session_id),
        "jobs": count(JobRow, JobRow.session_id),
        "journal_entries": count(JournalRow, JournalRow.session_id),
        "measure_forms_unlinked": count(AdministrationRow, AdministrationRow.session_id),
    }
    db.execute(delete(SessionRow).where(SessionRow.id == session_id))
    db.expire_all()  # the database cascaded: drop rows the session may still hold
    return counts


def sessions_imported_before(db: DbSession, *, cutoff: dt.datetime) -> list[int]:
    """Ids of sessions imported before ``cutoff`` whose text is not yet purged."""
    return list(
        db.scalars(
            select(SessionRow.id)
            .where(SessionRow.imported_at < cutoff, SessionRow.text_purged_at.is_(None))
            .order_by(SessionRow.id)
        )
    )


def purge_text(db: DbSession, *, session_id: int) -> None:
    """Remove a session's raw text and pseudonymise what identifies the client; keep codes.

    See :func:`alliancelens.storage.purge.purge_session` for exactly what goes.
    """
    purge_session(db, session_id=session_id, now=_now())


def to_jsonable(value: Any) -> Any:
    """Parameters as JSON values (tuples become lists; unknown objects their repr)."""
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return repr(value)
