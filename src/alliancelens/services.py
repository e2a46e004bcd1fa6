"""Use cases shared by the CLI and (later) the web app: read files, analyse sessions."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from alliancelens.analysers import AnalysisResult, Pipeline, default_pipeline
from alliancelens.errors import IngestError, UsageError
from alliancelens.ingest import IngestResult, read_file

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
from typing import Any  # noqa: E402 - kept with the use case that needs it

from alliancelens.domain import Role  # noqa: E402
from alliancelens.measures import (  # noqa: E402
    Registry,
    demo_csv,
    load_registry,
    read_administrations,
)
from alliancelens.measures.agreement import AgreementReport, compare  # noqa: E402

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
    batch = analyse_paths(transcript_paths, therapists=therapists)
    return _compare_batch(measures_file, batch, therapist_label, registry or load_registry())


def compare_demo_alliance(*, therapist_label: str | None = None) -> AllianceComparison:
    """``compare_alliance`` on the shipped demo measures and demo sessions (``analyse_demo``)."""
    return _compare_batch(demo_csv(), analyse_demo(), therapist_label, load_registry())


def _compare_batch(
    measures_file: Path, batch: AnalysisBatch, therapist_label: str | None, registry: Registry
) -> AllianceComparison:
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
from alliancelens.records import (  # noqa: E402 - kept apart from the analysis use cases above
    DeletionReport,
    FormLink,
    ImportReport,
    RecordedMeasure,
    WorkReport,
    actor_for,
    add_journal_entry,
    add_supervision,
    authenticate,
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
    list_users,
    local_admin,
    open_form_link,
    purge_expired,
    record_measure,
    redeem_form_link,
    request_analysis,
    resolve_actor,
    rotate,
    share_journal_entry,
    share_session,
    verify_audit,
    view_session,
    withdraw_consent,
    work,
)
from alliancelens.storage import Database, initialise, open_database  # noqa: E402

__all__ += [
    "Database",
    "DeletionReport",
    "FormLink",
    "ImportReport",
    "RecordedMeasure",
    "WorkReport",
    "actor_for",
    "add_journal_entry",
    "add_supervision",
    "authenticate",
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
    "list_users",
    "local_admin",
    "open_database",
    "open_form_link",
    "purge_expired",
    "record_measure",
    "redeem_form_link",
    "request_analysis",
    "resolve_actor",
    "rotate",
    "share_journal_entry",
    "share_session",
    "verify_audit",
    "view_session",
    "withdraw_consent",
    "work",
]


# --- Supervision-like insights and trends (issue 7 items 1, 2, 6) ------------------------------
from alliancelens.insights import (  # noqa: E402 - kept with the use case that needs it
    Caseload,
    Insight,
    InsightConfig,
    Trend,
    TrendConfig,
    build_caseloads,
    client_trends,
    insights_for_caseloads,
    therapist_trends,
)
from alliancelens.measures import build_report  # noqa: E402
from alliancelens.report import codes_and_summary  # noqa: E402

__all__ += ["InsightsResult", "insights_for"]


@dataclass(frozen=True, slots=True)
class InsightsResult:
    """Insights and trends for every caseload built, and the transcripts that failed to read."""

    caseloads: tuple[Caseload, ...]
    insights: tuple[Insight, ...]
    client_trends: tuple[Trend, ...]
    therapist_trends: tuple[Trend, ...]
    failures: tuple[FileFailure, ...] = ()


def insights_for(
    paths: Sequence[str | Path] = (),
    *,
    demo: bool = False,
    measures_csv: Path | None = None,
    client: str | None = None,
    therapists: Sequence[str] = (),
    config: InsightConfig | None = None,
    trend_config: TrendConfig | None = None,
) -> InsightsResult:
    """Analyse transcripts (or the demo caseload) and run the insight rules and trends.

    Sessions are grouped into one caseload per client by the measures file's ``session`` column
    (``insights.build_caseloads``); sessions it does not name all belong to ``client`` (default
    "client"). With ``demo=True`` the shipped demo sessions and measures are used and each
    unnamed demo session is its own client. ``client`` given with ``demo`` keeps only that
    caseload.
    """
    if demo:
        batch, measures_csv = analyse_demo(), measures_csv or demo_csv()
    else:
        batch = analyse_paths(paths, therapists=therapists)
    registry = load_registry()
    report = (
        build_report(read_administrations(Path(measures_csv), registry), registry)
        if measures_csv
        else None
    )
    analysed = [(r.session, codes_and_summary(r)[1]) for r in batch.results]
    caseloads = build_caseloads(
        analysed, report, default_client=None if demo else (client or "client")
    )
    if client and demo:
        caseloads = [c for c in caseloads if c.client == client]
    return InsightsResult(
        tuple(caseloads),
        tuple(insights_for_caseloads(caseloads, config)),
        tuple(t for c in caseloads for t in client_trends(c, trend_config)),
        tuple(therapist_trends(caseloads, trend_config)),
        batch.failures,
    )


# --- Notes and insights from the record store (issue 7 item 6) ---------------------------------
# Implemented in alliancelens._stored_services (keeps this module short); re-exported here.
from alliancelens._stored_services import (  # noqa: E402
    StoredCaseload,
    StoredResult,
    insights_for_stored,
    note_for_stored,
    stored_caseload,
    stored_result,
)

__all__ += [
    "StoredCaseload",
    "StoredResult",
    "insights_for_stored",
    "note_for_stored",
    "stored_caseload",
    "stored_result",
]
