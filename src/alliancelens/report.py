"""Machine-readable analysis reports (``analyze --json``), versioned by a shipped JSON Schema.

Stable layout (``schemas/analysis-1.json``): top level ``schema_version``, ``generator``,
``sessions[]`` and ``errors[]``. Per session: ``id``, ``date``, ``modality``, ``notes``,
``source``, ``speakers[]``, ``utterances[]`` (``index``, ``speaker``, ``role``, ``text``,
``start``, ``end``, ``codes``), ``summary`` (one key per analyser family), ``findings[]``
(kind, analyser and evidence of every finding), ``analysers[]`` (name, version, status, reason,
params, seconds) and ``warnings[]``.

How findings map into the report: a session-scope finding of kind ``<family>.summary`` becomes
``summary[<family>]``; any other session-scope kind ``<family>.<name>`` becomes
``summary[<family>][<name>]`` (a list when several findings share the kind). Utterance-scope
findings carry a dict that is merged into that utterance's ``codes``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any

from alliancelens import __version__
from alliancelens.analysers import AnalysisResult
from alliancelens.domain import Finding, Scope
from alliancelens.domain.labels import kind_label, plain_label

if TYPE_CHECKING:  # services pulls in the record store; reports only need the type
    from alliancelens.services import AnalysisBatch

__all__ = [
    "ALLIANCE_INDEX_MEANING",
    "ALLIANCE_METHOD_DOC",
    "ALLIANCE_NO_PAIR",
    "SCHEMA_VERSION",
    "batch_to_json",
    "codes_and_summary",
    "kind_label",
    "load_schema",
    "plain_label",
    "red_flag_limits",
    "result_to_json",
    "set_aside_groups",
]

#: Where the alliance estimate's method and measured accuracy are documented.
ALLIANCE_METHOD_DOC = "docs/analysers/alliance.md"
#: Why a session the alliance analyser read has no estimate (``alliance.bordin`` version 3+).
ALLIANCE_NO_PAIR = "no estimate: the session has no therapist\u2013client pair"

#: What the 0-100 alliance numbers mean and how accurate they are, shown wherever the index is
#: shown (CLI and web). Numbers as measured in docs/analysers/alliance.md ("Validation").
ALLIANCE_INDEX_MEANING = (
    "50 = no evidence either way (every score starts at 50); above 50 = more alliance-building "
    "than straining signals, below 50 = the reverse. Measured: AnnoMI high-quality MI sessions "
    "average 64, low-quality 46 (AUC 0.95, a proxy, optimistic); agreement with clients' own "
    "ratings (MIBot CARE) Spearman 0.12, not shown to agree. "
    f"Method and limits: {ALLIANCE_METHOD_DOC}."
)

#: Version of the ``analyze --json`` layout; bumped on any incompatible change.
SCHEMA_VERSION = "1.0"


def set_aside_groups(screening: dict[str, Any]) -> tuple[list[int], list[int]]:
    """Utterance indexes of ``risk_screening.set_aside``: (risk wording set aside, model readings).

    Wording matches were set aside by a guard (negated, idiom, third party, past, a denial); a
    model reading (reason ``model: …``) had no risk wording of its own, e.g. "Yes." to an ordinary
    question. People-facing views name the two apart so a one-word answer is not shown as a
    negated statement.
    """
    wording: set[int] = set()
    model: set[int] = set()
    for item in screening.get("set_aside") or []:
        reason = str(item.get("reason") or "")
        (model if reason.startswith("model:") else wording).add(int(item["index"]))
    return sorted(wording), sorted(model - wording)


def red_flag_limits(result: AnalysisResult) -> list[str]:
    """Red flags this session could not be assessed for, and why (never shown as "none").

    Interrupting needs utterance end times; dominating talk time needs at least the analyser's
    ``dominating_min_words`` words (its run parameter). Empty when red flags did not run.
    """
    run = result.run_of("red_flags.therapist")
    talk = next((f.value for f in result.findings if f.kind == "talk.summary"), None)
    if run is None or not isinstance(talk, dict):
        return []
    limits = []
    if talk.get("interruptions") is None:
        missing = "no end times" if talk.get("basis") == "time" else "no timestamps"
        limits.append(f"Interrupting not assessable ({missing}).")
    floor = run.params.get("dominating_min_words")
    words = talk.get("words")
    if isinstance(floor, int) and isinstance(words, int) and words < floor:
        limits.append(
            f"Dominating talk time not assessable (fewer than {floor} words; "
            f"this session has {words})."
        )
    return limits


def load_schema() -> dict[str, Any]:
    """The JSON Schema that ``analyze --json`` output follows."""
    text = (resources.files("alliancelens") / "schemas" / "analysis-1.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def batch_to_json(batch: AnalysisBatch) -> dict[str, Any]:
    """The whole report for a batch of files."""
    sessions: list[dict[str, Any]] = []
    for file in batch.files:
        source = {
            "path": file.ingest.path,
            "format": file.ingest.format,
            "encoding": file.ingest.encoding,
        }
        for result in file.results:
            warnings = file.ingest.warnings_for(result.session.id)
            sessions.append(result_to_json(result, source=source, warnings=warnings))
    return {
        "schema_version": SCHEMA_VERSION,
        "generator": {"name": "alliancelens", "version": __version__},
        "sessions": sessions,
        "errors": [{"path": f.path, "code": f.code, "message": f.message} for f in batch.failures],
    }


def result_to_json(
    result: AnalysisResult,
    *,
    source: dict[str, Any] | None = None,
    warnings: Sequence[str] = (),
) -> dict[str, Any]:
    """One session's report."""
    session = result.session
    codes, summary = codes_and_summary(result)
    return {
        "id": session.id,
        "date": session.date.isoformat() if session.date else None,
        "modality": session.modality,
        "notes": session.notes,
        "source": source
        or {
            "path": None,
            "format": session.metadata.get("source_format"),
            "encoding": session.metadata.get("source_encoding"),
        },
        "speakers": [{"label": s.label, "role": s.role.value} for s in session.speakers],
        "utterances": [
            {
                "index": u.index,
                "speaker": u.speaker,
                "role": u.role.value,
                "text": u.text,
                "start": u.start,
                "end": u.end,
                "codes": codes[u.index],
            }
            for u in session.utterances
        ],
        "summary": summary,
        "findings": [_finding_json(f) for f in result.findings if f.scope is Scope.SESSION],
        "analysers": [
            {
                "name": run.name,
                "version": run.version,
                "status": run.status.value,
                "reason": run.reason,
                "params": _jsonable(dict(run.params)),
                "seconds": round(run.seconds, 6),
            }
            for run in result.runs
        ],
        "warnings": list(warnings),
    }


def codes_and_summary(result: AnalysisResult) -> tuple[dict[int, dict[str, Any]], dict[str, Any]]:
    """Codes per utterance index and the summary per family, by the rules in the module docstring.

    Shared by the JSON report and the batch tables so both always agree.
    """
    codes: dict[int, dict[str, Any]] = {u.index: {} for u in result.session.utterances}
    summary: dict[str, Any] = {}
    for finding in result.findings:
        if finding.scope is Scope.UTTERANCE and finding.utterance_index is not None:
            if isinstance(finding.value, dict):
                codes[finding.utterance_index].update(finding.value)
        else:
            _add_to_summary(summary, finding)
    return codes, summary


def _add_to_summary(summary: dict[str, Any], finding: Finding) -> None:
    family, _, name = finding.kind.partition(".")
    if name == "summary":
        summary[family] = finding.value
        return
    bucket = summary.setdefault(family, {})
    if not isinstance(bucket, dict):  # a family with both a summary and other kinds
        return
    if name in bucket:
        existing = bucket[name]
        bucket[name] = (
            [*existing, finding.value] if isinstance(existing, list) else [existing, finding.value]
        )
    else:
        bucket[name] = finding.value


def _finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "kind": finding.kind,
        "analyser": finding.provenance.analyser,
        "version": finding.provenance.version,
        "evidence": {
            "utterance_indexes": list(finding.evidence.utterance_indexes),
            "scores": dict(finding.evidence.scores),
        },
    }


def _jsonable(value: Any) -> Any:
    """Parameters as JSON values (anything unusual becomes its repr)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return repr(value)
