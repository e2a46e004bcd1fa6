"""Use cases shared by the CLI and the web app: read files, analyse sessions.

Importing this module stays light (no SQLAlchemy, pydantic settings or numpy), so every CLI
command starts fast: the measures and insights use cases import their libraries when called,
and the record-store use cases re-exported below are imported on first use (PEP 562).
"""

from __future__ import annotations

import importlib
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from alliancelens.analysers import AnalysisResult, Pipeline, default_pipeline
from alliancelens.domain import Role
from alliancelens.errors import IngestError, UsageError
from alliancelens.ingest import IngestResult, check_names, check_speaker_options, read_file

if TYPE_CHECKING:
    from alliancelens._stored_services import (
        StoredCaseload,
        StoredResult,
        insights_for_stored,
        not_analysed_insights,
        note_for_stored,
        risk_overview,
        session_risk_status,
        stored_caseload,
        stored_result,
        stored_result_or_reason,
    )
    from alliancelens.insights import Caseload, Insight, InsightConfig, Trend, TrendConfig
    from alliancelens.measures import DefinitionsSource, Registry
    from alliancelens.measures.agreement import AgreementReport
    from alliancelens.records import (
        AnalysisStatus,
        DeletionReport,
        FormLink,
        ImportReport,
        RecordedMeasure,
        WorkReport,
        actor_for,
        add_journal_entry,
        add_supervision,
        analysis_status,
        authenticate,
        authorise_import,
        consent_history,
        create_client,
        create_form_link,
        create_user,
        delete_client,
        export_client,
        get_analyses,
        get_client,
        grant_consent,
        import_transcript,
        list_clients,
        list_jobs,
        list_journal,
        list_sessions,
        list_shared_sessions,
        list_users,
        local_admin,
        open_form_link,
        purge_expired,
        record_measure,
        record_sign_out,
        redeem_form_link,
        remove_supervision,
        request_analysis,
        reset_password,
        resolve_actor,
        retire,
        rotate,
        set_user_active,
        set_user_role,
        share_journal_entry,
        share_session,
        verify_audit,
        view_session,
        withdraw_consent,
        work,
    )
    from alliancelens.storage import Database, initialise, open_database

__all__ = [
    "AnalysisBatch",
    "FileAnalysis",
    "FileFailure",
    "analyse_demo",
    "analyse_paths",
    "demo_files",
]


@dataclass(frozen=True, slots=True)
class FileAnalysis:
    """One file read and every session in it analysed."""

    ingest: IngestResult
    results: tuple[AnalysisResult, ...]


@dataclass(frozen=True, slots=True)
class FileFailure:
    """A file that could not be read: its path, the error code and a one-line message."""

    path: str
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class AnalysisBatch:
    """Everything ``analyse_paths`` produced: analysed files and files that failed to read."""

    files: tuple[FileAnalysis, ...] = ()
    failures: tuple[FileFailure, ...] = ()
    results: tuple[AnalysisResult, ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "results", tuple(r for f in self.files for r in f.results))


def analyse_paths(
    paths: Sequence[str | Path],
    *,
    format: str | None = None,
    therapists: Sequence[str] = (),
    clients: Sequence[str] = (),
    pipeline: Pipeline | None = None,
) -> AnalysisBatch:
    """Read and analyse every file; a file that cannot be read is recorded, never fatal."""
    if not paths:
        raise UsageError("no transcript files given")
    check_speaker_options(therapists, clients)  # a contradiction is one usage error, not per file
    pipeline = pipeline or default_pipeline()
    files: list[FileAnalysis] = []
    failures: list[FileFailure] = []
    for path in paths:
        try:
            ingested = read_file(path, format=format, therapists=therapists, clients=clients)
        except (IngestError, UsageError) as exc:
            failures.append(FileFailure(str(path), exc.code, exc.message))
            continue
        results = tuple(pipeline.run(session) for session in ingested.sessions)
        files.append(FileAnalysis(ingested, results))
    # a name that matches a speaker in none of the files read is a typo (one line, no names)
    check_names([f.ingest for f in files], therapists=therapists, clients=clients)
    return AnalysisBatch(tuple(files), tuple(failures))


def analyse_demo() -> AnalysisBatch:
    """Analyse every demo session with the per-file options of its ``manifest.toml``."""
    root = resources.files("alliancelens") / "demo" / "sessions"
    manifest = tomllib.loads((root / "manifest.toml").read_text("utf-8"))
    files: list[FileAnalysis] = []
    failures: list[FileFailure] = []
    for path in demo_files():
        options = manifest.get(path.name, {})
        batch = analyse_paths(
            [path],
            therapists=options.get("therapists", ()),
            clients=options.get("clients", ()),
        )
        files.extend(batch.files)
        failures.extend(batch.failures)
    return AnalysisBatch(tuple(files), tuple(failures))


def demo_files() -> list[Path]:
    """The synthetic demo transcripts shipped inside the package, sorted by name."""
    root = resources.files("alliancelens") / "demo" / "sessions"
    suffixes = {".txt", ".vtt", ".srt", ".json", ".csv", ".docx"}
    found: Iterable[Path] = (Path(str(p)) for p in root.iterdir())
    return sorted(p for p in found if p.suffix in suffixes)


# --- Client-rated vs transcript alliance (issue 5 item 4) --------------------------------------
__all__ += ["AllianceComparison", "compare_alliance", "compare_demo_alliance"]


@dataclass(frozen=True, slots=True)
class AllianceComparison:
    """Client-rated vs transcript alliance, and the transcript files that could not be read."""

    agreement: AgreementReport
    failures: tuple[FileFailure, ...] = ()


def compare_alliance(
    measures_file: Path,
    transcript_paths: Sequence[str | Path],
    *,
    therapists: Sequence[str] = (),
    therapist_label: str | None = None,
    registry: Registry | None = None,
) -> AllianceComparison:
    """Pair SRS/WAI-SR forms in ``measures_file`` with the transcripts' ``summary.alliance``.

    ``therapists`` names the therapist speaker(s) when reading transcripts (as ``analyse``);
    sessions are grouped by their therapist speaker's label unless ``therapist_label`` puts them
    all under one name (e.g. when transcripts only say "Therapist").
    """
    from alliancelens.measures import registry_in_use  # noqa: PLC0415 - keeps start-up fast

    registry = registry or registry_in_use()  # before the transcripts: a bad folder fails fast
    batch = analyse_paths(transcript_paths, therapists=therapists)
    return _compare_batch(measures_file, batch, therapist_label, registry)


def compare_demo_alliance(*, therapist_label: str | None = None) -> AllianceComparison:
    """``compare_alliance`` on the shipped demo measures and demo sessions (``analyse_demo``).

    The demo is scored with the shipped definitions only (reproducible anywhere).
    """
    from alliancelens.measures import demo_csv, load_registry  # noqa: PLC0415 - start-up

    return _compare_batch(demo_csv(), analyse_demo(), therapist_label, load_registry())


def _compare_batch(
    measures_file: Path, batch: AnalysisBatch, therapist_label: str | None, registry: Registry
) -> AllianceComparison:
    from alliancelens.measures import read_administrations  # noqa: PLC0415 - start-up
    from alliancelens.measures.agreement import compare  # noqa: PLC0415

    admins = read_administrations(Path(measures_file), registry)
    transcripts = {r.session.id: _alliance_of(r, therapist_label) for r in batch.results}
    alliance = {d.name: d for d in registry if d.construct == "alliance"}
    return AllianceComparison(compare(admins, transcripts, alliance), batch.failures)


def _alliance_of(result: AnalysisResult, label: str | None) -> tuple[str, dict[str, Any] | None]:
    names = [s.label for s in result.session.speakers if s.role is Role.THERAPIST]
    summary = next((f.value for f in result.findings if f.kind == "alliance.summary"), None)
    return label or " & ".join(names) or "unknown therapist", summary


# --- Secure record store use cases (issue 6) ---------------------------------------------------
# Implemented in alliancelens.records (one module per area); re-exported here so the CLI and the
# web app call one services layer. Each takes the open Database and the acting Actor first.
# They load SQLAlchemy, so they are imported on first use (``__getattr__`` below).
__all__ += [
    "AnalysisStatus",
    "Database",
    "DeletionReport",
    "FormLink",
    "ImportReport",
    "RecordedMeasure",
    "WorkReport",
    "actor_for",
    "add_journal_entry",
    "add_supervision",
    "analysis_status",
    "authenticate",
    "authorise_import",
    "consent_history",
    "create_client",
    "create_form_link",
    "create_user",
    "delete_client",
    "export_client",
    "get_analyses",
    "get_client",
    "grant_consent",
    "import_transcript",
    "initialise",
    "list_clients",
    "list_jobs",
    "list_journal",
    "list_sessions",
    "list_shared_sessions",
    "list_users",
    "local_admin",
    "open_database",
    "open_form_link",
    "purge_expired",
    "record_measure",
    "record_sign_out",
    "redeem_form_link",
    "remove_supervision",
    "request_analysis",
    "reset_password",
    "resolve_actor",
    "retire",
    "rotate",
    "set_user_active",
    "set_user_role",
    "share_journal_entry",
    "share_session",
    "verify_audit",
    "view_session",
    "withdraw_consent",
    "work",
]


# --- Supervision-like insights and trends (issue 7 items 1, 2, 6) ------------------------------
__all__ += ["InsightsResult", "insights_for"]


@dataclass(frozen=True, slots=True)
class InsightsResult:
    """Insights and trends for every caseload built, and the transcripts that failed to read."""

    caseloads: tuple[Caseload, ...]
    insights: tuple[Insight, ...]
    client_trends: tuple[Trend, ...]
    therapist_trends: tuple[Trend, ...]
    failures: tuple[FileFailure, ...] = ()
    #: which measure definitions scored the measures file (None: no measures file); reports
    #: name it (QA38 #1)
    definitions_source: DefinitionsSource | None = None


def insights_for(
    paths: Sequence[str | Path] = (),
    *,
    demo: bool = False,
    measures_csv: Path | None = None,
    client: str | None = None,
    therapists: Sequence[str] = (),
    config: InsightConfig | None = None,
    trend_config: TrendConfig | None = None,
    definitions: Path | None = None,
) -> InsightsResult:
    """Analyse transcripts (or the demo caseload) and run the insight rules and trends.

    Sessions are grouped into one caseload per client by the measures file's ``session`` column
    (``insights.build_caseloads``); sessions it does not name all belong to ``client`` (default
    "client"). With ``demo=True`` the shipped demo sessions and measures are used and each
    unnamed demo session is its own client. ``client`` given with ``demo`` keeps only that
    caseload.

    The measures file is scored with the definitions every surface uses (``definitions``, else
    ``ALLIANCELENS_MEASURES_DIR``, else ``measures`` in the data directory:
    :func:`~alliancelens.measures.registry_in_use`); the demo's own file with the shipped ones.
    """
    from alliancelens import insights  # noqa: PLC0415 - keeps start-up fast
    from alliancelens.measures import (  # noqa: PLC0415
        build_report,
        demo_csv,
        load_registry,
        read_administrations,
        registry_in_use,
    )
    from alliancelens.report import codes_and_summary  # noqa: PLC0415

    # the demo's own measures: shipped definitions; a user's file: the clinic's (checked first,
    # so a mistyped folder fails before any transcript is analysed)
    registry = (
        registry_in_use(definitions)
        if measures_csv
        else load_registry()  # the demo's measures, or none at all
    )
    if demo:
        batch, measures_csv = analyse_demo(), measures_csv or demo_csv()
    else:
        batch = analyse_paths(paths, therapists=therapists)
    report = (
        build_report(read_administrations(Path(measures_csv), registry), registry)
        if measures_csv
        else None
    )
    analysed = []  # with the per-utterance codes, so strength rules cite the utterances (QA37 #4)
    for r in batch.results:
        codes, summary = codes_and_summary(r)
        analysed.append((r.session, summary, codes))
    caseloads = insights.build_caseloads(
        analysed, report, default_client=None if demo else (client or "client")
    )
    if client and demo:
        caseloads = [c for c in caseloads if c.client == client]
    return InsightsResult(
        tuple(caseloads),
        tuple(insights.insights_for_caseloads(caseloads, config)),
        tuple(t for c in caseloads for t in insights.client_trends(c, trend_config)),
        tuple(insights.therapist_trends(caseloads, trend_config)),
        batch.failures,
        None if report is None else report.definitions_source,
    )


# --- Notes and insights from the record store (issue 7 item 6) ---------------------------------
# Implemented in alliancelens._stored_services (keeps this module short); re-exported here.
__all__ += [
    "StoredCaseload",
    "StoredResult",
    "insights_for_stored",
    "note_for_stored",
    "risk_overview",
    "session_risk_status",
    "stored_caseload",
    "stored_result",
    "stored_result_or_reason",
]


# --- Record lifecycle (QA14): analysis state, re-analysis, single deletions, audit log -------
# Implemented in alliancelens.records (reanalysis, deletion, audit_log); imported on first use.
if TYPE_CHECKING:
    from alliancelens.records import (
        AuditFilter,
        OutdatedCount,
        ReanalyseReport,
        RecordDeletion,
        SessionAnalysis,
        StoreInit,
        count_outdated,
        delete_measure_form,
        delete_session,
        initialise_store,
        list_audit,
        reanalyse_outdated,
        session_analyses,
        session_analysis,
        set_speaker_roles,
    )
__all__ += [
    "AuditFilter",
    "OutdatedCount",
    "ReanalyseReport",
    "RecordDeletion",
    "SessionAnalysis",
    "StoreInit",
    "count_outdated",
    "delete_measure_form",
    "delete_session",
    "initialise_store",
    "list_audit",
    "not_analysed_insights",
    "reanalyse_outdated",
    "session_analyses",
    "session_analysis",
    "set_speaker_roles",
]

# --- Adding a file of measure forms to a client's record (qa18 #10); imported on first use ---
if TYPE_CHECKING:
    from alliancelens.records.measure_import import ImportedForms, import_forms
__all__ += ["ImportedForms", "import_forms"]


#: The modules the record-store names in ``__all__`` come from (each lists them in its own
#: ``__all__``); imported on first use, as they load SQLAlchemy.
_LAZY_FROM: Final = (
    "alliancelens.records",
    "alliancelens.storage",
    "alliancelens._stored_services",
    "alliancelens.records.measure_import",
)

if not TYPE_CHECKING:  # type checkers see the imports above, so a misspelt name stays an error

    def __getattr__(name: str) -> Any:
        """Import a re-exported record-store use case on first use and keep it (PEP 562)."""
        if name in __all__:
            for module in map(importlib.import_module, _LAZY_FROM):
                if name in module.__all__:
                    value = getattr(module, name)
                    globals()[name] = value
                    return value
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
