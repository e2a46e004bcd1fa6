"""Use cases over the secure record store, shared by the CLI and the web app.

Each use case takes the open :class:`~alliancelens.storage.Database` and the acting
:class:`~alliancelens.security.Actor` first, checks the access policy and consents, does its work
in one transaction and writes an audit entry. They are re-exported by
:mod:`alliancelens.services`.
"""

from alliancelens.records.accounts import (
    remove_supervision,
    reset_password,
    set_user_active,
    set_user_role,
)
from alliancelens.records.actors import (
    actor_for,
    authenticate,
    local_admin,
    record_sign_out,
    resolve_actor,
)
from alliancelens.records.analysis import get_analyses
from alliancelens.records.audit_log import AuditFilter, list_audit
from alliancelens.records.deletion import RecordDeletion, delete_measure_form, delete_session
from alliancelens.records.forms import (
    FormLink,
    create_form_link,
    open_form_link,
    redeem_form_link,
)
from alliancelens.records.jobs import (
    AnalysisStatus,
    WorkReport,
    analysis_status,
    backend_for,
    execute,
    list_jobs,
    work,
)
from alliancelens.records.journal import add_journal_entry, list_journal, share_journal_entry
from alliancelens.records.lifecycle import (
    DeletionReport,
    StoreInit,
    delete_client,
    export_client,
    initialise_store,
    purge_expired,
    retire,
    rotate,
    verify_audit,
)
from alliancelens.records.measures import RecordedMeasure, record_measure
from alliancelens.records.people import (
    add_supervision,
    consent_history,
    create_client,
    create_user,
    get_client,
    grant_consent,
    list_clients,
    list_users,
    withdraw_consent,
)
from alliancelens.records.reanalysis import (
    OutdatedCount,
    ReanalyseReport,
    RolesReport,
    SessionAnalysis,
    count_outdated,
    reanalyse_outdated,
    session_analyses,
    session_analysis,
    set_speaker_roles,
    unanalysed_reasons,
)
from alliancelens.records.stored_results import (
    StoredCaseload,
    StoredResult,
    stored_administrations,
    stored_caseload,
    stored_result,
)
from alliancelens.records.transcripts import (
    ImportReport,
    authorise_import,
    import_transcript,
    list_sessions,
    list_shared_sessions,
    request_analysis,
    share_session,
    view_session,
)

__all__ = [
    "AnalysisStatus",
    "AuditFilter",
    "DeletionReport",
    "FormLink",
    "ImportReport",
    "OutdatedCount",
    "ReanalyseReport",
    "RecordDeletion",
    "RecordedMeasure",
    "RolesReport",
    "SessionAnalysis",
    "StoreInit",
    "StoredCaseload",
    "StoredResult",
    "WorkReport",
    "actor_for",
    "add_journal_entry",
    "add_supervision",
    "analysis_status",
    "authenticate",
    "authorise_import",
    "backend_for",
    "consent_history",
    "count_outdated",
    "create_client",
    "create_form_link",
    "create_user",
    "delete_client",
    "delete_measure_form",
    "delete_session",
    "execute",
    "export_client",
    "get_analyses",
    "get_client",
    "grant_consent",
    "import_transcript",
    "initialise_store",
    "list_audit",
    "list_clients",
    "list_jobs",
    "list_journal",
    "list_sessions",
    "list_shared_sessions",
    "list_users",
    "local_admin",
    "open_form_link",
    "purge_expired",
    "reanalyse_outdated",
    "record_measure",
    "record_sign_out",
    "redeem_form_link",
    "remove_supervision",
    "request_analysis",
    "reset_password",
    "resolve_actor",
    "retire",
    "rotate",
    "session_analyses",
    "session_analysis",
    "set_speaker_roles",
    "set_user_active",
    "set_user_role",
    "share_journal_entry",
    "share_session",
    "stored_administrations",
    "stored_caseload",
    "stored_result",
    "unanalysed_reasons",
    "verify_audit",
    "view_session",
    "withdraw_consent",
    "work",
]
