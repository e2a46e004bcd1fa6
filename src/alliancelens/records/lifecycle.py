"""Data lifecycle: export, complete deletion, retention purge, key rotation, audit check.

Export gives a client's whole record; deletion removes a client and everything of theirs;
the retention purge removes raw transcript text after N days and keeps derived codes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute

from alliancelens import __version__
from alliancelens.config import Settings
from alliancelens.errors import AuditChainError, UsageError
from alliancelens.records._facts import authorise_client
from alliancelens.records.actors import local_admin
from alliancelens.records.deletion import scrub_freed_pages
from alliancelens.records.measures import measures_export, registry_for
from alliancelens.security import audit
from alliancelens.security.audit import AuditReport
from alliancelens.security.policy import Action, Actor, Resource, Target, require
from alliancelens.storage import (
    ClientRecord,
    ConsentRecord,
    Database,
    StoredAnalysis,
    StoredSession,
    initialise,
    people,
    transcripts,
)
from alliancelens.storage.keys import RetireReport, RotationReport, retire_keys, rotate_keys
from alliancelens.storage.tables import (
    AdministrationRow,
    ConsentRow,
    FormLinkRow,
    JobRow,
    JournalRow,
    SessionRow,
    UserRow,
)

if TYPE_CHECKING:
    from alliancelens.records.reanalysis import OutdatedCount

__all__ = [
    "EXPORT_FORMAT",
    "DeletionReport",
    "StoreInit",
    "delete_client",
    "export_client",
    "initialise_store",
    "purge_expired",
    "retire",
    "rotate",
    "verify_audit",
]

#: Identifies the layout of ``export_client`` output; bumped on incompatible changes.
EXPORT_FORMAT = "alliancelens-client-record-1"


def export_client(
    database: Database,
    actor: Actor,
    *,
    client_id: int,
    deliver: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Everything stored about one client, decrypted, as JSON-ready data (audited).

    ``measures`` lists the completed forms (raw responses, free text, score); ``fhir`` is a FHIR
    R4 ``Bundle`` of their ``QuestionnaireResponse`` resources.

    ``deliver`` (e.g. the CLI writing and fsyncing the export file) is called with the record
    inside the transaction, before the ``export`` audit entry is appended: when it raises, the
    transaction rolls back and no entry says the record was exported (a full disk).
    """
    with database.transaction() as db:
        authorise_client(db, actor, Action.EXPORT, client_id, Resource.CLIENT)
        client = people.get_client(db, client_id=client_id)
        sessions = [
            (
                transcripts.get_session(db, session_id=s.id),
                transcripts.load_analyses(db, session_id=s.id),
            )
            for s in transcripts.list_sessions(db, client_id=client_id)
        ]
        consents = people.consents(db, client_id=client_id)
        measures, fhir = measures_export(db, client_id=client_id, registry=registry_for(database))
        record = _record_json(client, consents, sessions, measures, fhir)
        if deliver is not None:
            deliver(record)
        audit.append(
            db, actor=actor.label, action="export", resource="client", resource_id=client_id
        )
    return record


def _record_json(
    client: ClientRecord,
    consents: list[ConsentRecord],
    sessions: list[tuple[StoredSession, list[StoredAnalysis]]],
    measures: list[dict[str, Any]],
    fhir: dict[str, Any],
) -> dict[str, Any]:
    """The export's JSON-ready layout (``EXPORT_FORMAT``)."""
    return {
        "format": EXPORT_FORMAT,
        "generator": {"name": "alliancelens", "version": __version__},
        "exported_at": dt.datetime.now(dt.UTC).isoformat(),
        "client": {
            "id": client.id,
            "name": client.name,
            "identifier": client.identifier,
            "notes": client.notes,
            "therapist_id": client.therapist_id,
            "created_at": client.created_at.isoformat(),
        },
        "consents": [
            {
                "kind": c.kind.value,
                "granted_on": c.granted_on.isoformat(),
                "withdrawn_on": c.withdrawn_on.isoformat() if c.withdrawn_on else None,
                "recorded_by": c.recorded_by,
            }
            for c in consents
        ],
        "sessions": [_session_json(stored, analyses) for stored, analyses in sessions],
        "measures": measures,
        "fhir": fhir,
    }


def _session_json(stored: StoredSession, analyses: list[StoredAnalysis]) -> dict[str, Any]:
    session, summary = stored.session, stored.summary
    purged = summary.text_purged_at is not None
    return {
        "id": summary.id,
        "source_key": session.id,
        "source_name": stored.source_name,
        "source_format": summary.source_format,
        "date": session.date.isoformat() if session.date else None,
        "modality": session.modality,
        "notes": session.notes,
        "imported_at": summary.imported_at.isoformat(),
        "text_purged_at": summary.text_purged_at.isoformat()
        if purged and summary.text_purged_at
        else None,
        "deidentified": summary.deidentified,
        "shared_for_supervision": summary.shared_for_supervision,
        "speakers": [{"label": s.label, "role": s.role.value} for s in session.speakers],
        "utterances": [
            {
                "index": u.index,
                "speaker": u.speaker,
                "role": u.role.value,
                "text": None if purged else u.text,
                "start": u.start,
                "end": u.end,
            }
            for u in session.utterances
        ],
        "analyses": [
            {
                "pipeline": a.pipeline,
                "finished_at": a.finished_at.isoformat(),
                "analysers": [
                    {
                        "name": r.name,
                        "version": r.version,
                        "status": r.status.value,
                        "reason": r.reason,
                    }
                    for r in a.runs
                ],
                "findings": [
                    {
                        "kind": f.kind,
                        "scope": f.scope.value,
                        "utterance_index": f.utterance_index,
                        "value": f.value,
                        "evidence": list(f.evidence.utterance_indexes),
                        "analyser": f.provenance.analyser,
                        "analyser_version": f.provenance.version,
                    }
                    for f in a.findings
                ],
            }
            for a in analyses
        ],
    }


@dataclass(frozen=True, slots=True)
class DeletionReport:
    """How many rows of each kind were deleted with the client."""

    client_id: int
    counts: dict[str, int]


_OWNED: dict[str, InstrumentedAttribute[int] | InstrumentedAttribute[int | None]] = {
    "sessions": SessionRow.client_id,
    "consents": ConsentRow.client_id,
    "jobs": JobRow.client_id,
    "measure_administrations": AdministrationRow.client_id,
    "form_links": FormLinkRow.client_id,
    "client_logins": UserRow.client_id,
}


def delete_client(
    database: Database,
    actor: Actor,
    *,
    client_id: int,
    confirm: Callable[[], bool] | None = None,
) -> DeletionReport:
    """Delete a client and everything of theirs (cascades), and scrub SQLite's free pages.

    ``confirm`` (e.g. a prompt) is asked only once the actor is known to be allowed, outside any
    transaction; ``False`` deletes nothing (:class:`UsageError`). The audit log keeps that client
    ``<id>`` was deleted (ids only, never names or text).
    """
    if confirm is not None:
        with database.transaction() as db:
            authorise_client(db, actor, Action.DELETE, client_id, Resource.CLIENT)
        if not confirm():
            raise UsageError(f"cancelled: client {client_id} was not deleted; nothing was changed")
    with database.transaction() as db:
        authorise_client(db, actor, Action.DELETE, client_id, Resource.CLIENT)
        counts = {
            name: int(db.scalar(select(func.count()).where(column == client_id)) or 0)
            for name, column in _OWNED.items()
        }
        # the therapist's journal entries about this client's sessions go with the sessions
        counts["journal_entries"] = int(
            db.scalar(
                select(func.count())
                .select_from(JournalRow)
                .join(SessionRow, JournalRow.session_id == SessionRow.id)
                .where(SessionRow.client_id == client_id)
            )
            or 0
        )
        people.delete_client_row(db, client_id=client_id)
        audit.append(
            db,
            actor=actor.label,
            action="delete",
            resource="client",
            resource_id=client_id,
            detail=counts,
        )
    scrub_freed_pages(database)
    return DeletionReport(client_id, counts)


def purge_expired(database: Database, actor: Actor, *, now: dt.datetime | None = None) -> list[int]:
    """Purge raw text of sessions older than ``retention_days``; keeps codes and scores.

    Returns the purged session ids (none when no retention period is set).
    """
    require(actor, Action.UPDATE, Target(Resource.SYSTEM))
    days = database.settings.retention_days
    if days is None:
        return []
    cutoff = (now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=days)
    with database.transaction() as db:
        purged = transcripts.sessions_imported_before(db, cutoff=cutoff)
        for session_id in purged:
            transcripts.purge_text(db, session_id=session_id)
        audit.append(
            db,
            actor=actor.label,
            action="purge",
            resource="session",
            detail={"sessions": purged, "retention_days": days},
        )
    return purged


@dataclass(frozen=True, slots=True)
class StoreInit:
    """What ``init`` did: the open store, whether it was new, any upgrade, outdated analyses."""

    database: Database
    created: bool
    upgraded_from: str | None
    upgraded_to: str | None
    outdated: OutdatedCount


def initialise_store(settings: Settings) -> StoreInit:
    """Create or upgrade the store; an upgrade is audited (``upgrade schema``: from, to).

    After any ``init``, :attr:`StoreInit.outdated` counts the stored sessions whose analysis was
    made by older analyser versions (ids only), so the caller can say how to refresh them.
    """
    from alliancelens.records.reanalysis import count_outdated  # noqa: PLC0415 - import cycle
    from alliancelens.storage.migrate import head_revision  # noqa: PLC0415 - loads Alembic

    database, created = initialise(settings)
    head = head_revision() if database.upgraded_from is not None else None
    if database.upgraded_from is not None:
        with database.transaction() as db:
            audit.append(
                db,
                actor=local_admin().label,
                action="upgrade",
                resource="schema",
                detail={"from": database.upgraded_from, "to": head},
            )
    return StoreInit(database, created, database.upgraded_from, head, count_outdated(database))


def rotate(database: Database, actor: Actor) -> RotationReport:
    """Rotate the encryption key and re-encrypt every value (administrators only; audited)."""
    require(actor, Action.UPDATE, Target(Resource.SYSTEM))
    report = rotate_keys(database)
    with database.transaction() as db:
        audit.append(
            db,
            actor=actor.label,
            action="rotate",
            resource="keys",
            detail={"reencrypted": report.reencrypted, "active": report.active_key},
        )
    return report


def retire(database: Database, actor: Actor) -> RetireReport:
    """Remove old keys no stored value uses from the key file (administrators only; audited)."""
    require(actor, Action.UPDATE, Target(Resource.SYSTEM))
    report = retire_keys(database)
    with database.transaction() as db:
        audit.append(
            db,
            actor=actor.label,
            action="retire",
            resource="keys",
            detail={"removed": list(report.removed), "still_used": list(report.still_used)},
        )
    return report


def verify_audit(database: Database, actor: Actor) -> AuditReport:
    """Verify the audit chain; raises :class:`AuditChainError` naming the first broken entry."""
    require(actor, Action.VIEW, Target(Resource.AUDIT))
    with database.transaction() as db:
        report = audit.verify(db)
    if not report.ok:
        raise AuditChainError(
            f"audit log verification failed at entry {report.broken_at}: {report.problem}; "
            f"{report.entries} entries before it verify. Restore the database from a backup and "
            "investigate who had write access"
        )
    return report
