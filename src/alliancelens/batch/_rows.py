"""Flatten one analysed session into plain rows for the three tables (no pandas, no Arrow).

Codes and summaries follow the same rules as the ``analyze --json`` report
(:mod:`alliancelens.report`; a test keeps the two in step, and this module does not import it
because the report pulls in the storage layers, which workers do not need):

* **utterances**: one row per utterance; every key of its ``codes`` becomes a ``codes.<key>``
  column (nested dicts flattened with dots, lists as JSON text).
* **sessions**: one row per session; ``risk_flags`` (utterances flagged for risk review, null
  when risk was not screened), ``status.<analyser>`` (``ok``/``failed``/``skipped``),
  ``count.<kind>`` for every kind an analyser declares (null when that analyser did not run:
  *not analysed* is never *zero*), and every scalar of ``summary`` as
  ``summary.<family>.<path>`` (a list becomes ``<path>.n_items``, its length).
* **findings**: one row per finding; ``value`` and ``evidence_scores`` as JSON text.

Privacy: without ``include_text`` rows hold no transcript content. ``speaker`` is then a
pseudonym (``therapist-1``, ``client-2`` …, numbered by first appearance in the session) and any
string in a summary or finding value that equals a speaker label is replaced by the pseudonym.
Words quoted from the transcript are withheld (:data:`WITHHELD`), for every analyser alike: the
value of any key in :data:`QUOTING_KEYS` (e.g. risk and red-flag ``matched``), and any
``'quoted'`` stretch of a :data:`REASON_KEYS` string (e.g. a risk ``reason`` "(matched: '…')",
the model's "words that weighed most: '…'"). Other strings (e.g. the skills reading's
"below the MITI 'fair' threshold") quote the analyser's own wording and are kept.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Final

from alliancelens.analysers import AnalysisResult, Pipeline
from alliancelens.batch._spec import jsonable
from alliancelens.domain import Role, RunStatus, Session, Utterance
from alliancelens.report import codes_and_summary

__all__ = [
    "QUOTING_KEYS",
    "REASON_KEYS",
    "WITHHELD",
    "SessionRows",
    "codes_and_summary",
    "produced_kinds",
    "session_rows",
]

#: What replaces transcript words in the tables without ``include_text``.
WITHHELD: Final = "<text withheld; --include-text>"
#: Value keys whose string holds words copied from the transcript (any analyser, any depth).
QUOTING_KEYS: Final = frozenset(
    {"matched", "quote", "quotes", "excerpt", "text", "words_matched", "phrase", "snippet"}
)
#: Keys of explanations that may quote the transcript inside their wording.
REASON_KEYS: Final = frozenset({"reason", "reasons", "explanation", "why"})
#: A 'quoted' stretch: opening and closing quotes not inside a word (so "don't" stays whole).
_QUOTED = re.compile(r"(?<!\w)['\u2018\u201c\"](.+?)['\u2019\u201d\"](?!\w)")

#: Base columns of each table, in order (input columns are added when the tables are written).
SESSION_COLUMNS = (
    "session_id",
    "date",
    "modality",
    "utterances",
    "words",
    "speakers",
    "therapists",
    "clients",
    "timed",
    "analysers_not_ok",
    "risk_flags",
)
#: The session finding whose summary counts the utterances flagged for risk review.
RISK_SCREENING_KIND: Final = "risk_screening.summary"
FINDING_COLUMNS = (
    "session_id",
    "finding",
    "kind",
    "family",
    "analyser",
    "analyser_version",
    "scope",
    "utterance_index",
    "evidence_indexes",
    "evidence_scores",
    "value",
)
_ROLE_WORDS = frozenset(r.value for r in Role)
#: Exact types that are never a Mapping (a type test is much cheaper than the ABC check).
_LEAF_TYPES: Final = frozenset({str, int, float, bool, type(None)})
_NUMBER_TYPES: Final = frozenset({int, float, bool, type(None)})


@dataclass(frozen=True, slots=True)
class SessionRows:
    """Plain, picklable rows of one session for the three tables."""

    utterances: list[dict[str, Any]]
    session: dict[str, Any]
    findings: list[dict[str, Any]]
    analyser_seconds: dict[str, float]
    #: analyser name -> (status, reason); reasons never hold transcript text (see the pipeline).
    runs: dict[str, tuple[str, str | None]] = field(default_factory=dict)


def produced_kinds(pipeline: Pipeline) -> dict[str, frozenset[str]]:
    """Analyser name -> the finding kinds it declares, for the ``count.<kind>`` columns."""
    return {analyser.name: analyser.produces for analyser in pipeline.analysers}


def session_rows(
    result: AnalysisResult,
    produces: Mapping[str, frozenset[str]],
    *,
    include_text: bool = False,
) -> SessionRows:
    """Rows of one analysed session (see the module docstring for the columns).

    ``produces`` maps each analyser of the pipeline to the kinds it declares
    (:func:`produced_kinds`).
    """
    session = result.session
    codes, summary = codes_and_summary(result)
    pseudonyms = _pseudonyms(session)
    scrub = {} if include_text else {k: v for k, v in pseudonyms.items() if k not in _ROLE_WORDS}
    # JSON types from here on; words withheld in the same walk (codes: while flattening)
    summary = jsonable(summary) if include_text else _withheld_json(summary)
    utterances = [
        _utterance_row(session.id, u, codes[u.index], pseudonyms, scrub, include_text=include_text)
        for u in session.utterances
    ]
    return SessionRows(
        utterances=utterances,
        session=_session_row(result, produces, summary, scrub),
        findings=_finding_rows(result, scrub, withhold=not include_text),
        analyser_seconds={run.name: run.seconds for run in result.runs},
        runs={run.name: (run.status.value, run.reason) for run in result.runs},
    )


def _withheld(value: Any, *, reason: bool = False) -> Any:
    """``value`` (JSON types) with transcript words replaced by :data:`WITHHELD`.

    ``reason``: ``value`` sits under a :data:`REASON_KEYS` key, so its quoted stretches go too.
    """
    if isinstance(value, Mapping):
        return {k: _withheld_item(str(k), v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_withheld(v, reason=reason) for v in value]
    if reason and isinstance(value, str):
        return _QUOTED.sub(WITHHELD, value)
    return value


def _withheld_item(key: str, value: Any) -> Any:
    if key in QUOTING_KEYS and value not in (None, "", [], {}):
        return WITHHELD
    return _withheld(value, reason=key in REASON_KEYS)


def _withheld_json(value: Any, *, reason: bool = False) -> Any:
    """``_withheld(jsonable(value), reason=reason)`` in one walk instead of two (hot path)."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return _QUOTED.sub(WITHHELD, value) if reason else value
    if type(value) is dict or isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in value.items():
            name = str(key)
            kind = type(item)
            if name in QUOTING_KEYS:
                out[name] = _withheld_item(name, jsonable(item))
            elif kind is str:  # leaves inline: most values are flat dicts of them
                out[name] = _QUOTED.sub(WITHHELD, item) if name in REASON_KEYS else item
            elif kind in _NUMBER_TYPES:
                out[name] = item
            else:
                out[name] = _withheld_json(item, reason=name in REASON_KEYS)
        return out
    if isinstance(value, list | tuple):
        return [_withheld_json(v, reason=reason) for v in value]
    if isinstance(value, set | frozenset):
        return _withheld(jsonable(value), reason=reason)
    text = repr(value)
    return _QUOTED.sub(WITHHELD, text) if reason else text


def _pseudonyms(session: Session) -> dict[str, str]:
    """Speaker label -> ``<role>-<n>``, numbered per role by first appearance."""
    order = [u.speaker for u in session.utterances] + [s.label for s in session.speakers]
    counters: dict[str, int] = {}
    names: dict[str, str] = {}
    for label in order:
        if label not in names:
            role = session.role_of(label).value
            counters[role] = counters.get(role, 0) + 1
            names[label] = f"{role}-{counters[role]}"
    return names


def _scrubbed(value: Any, names: Mapping[str, str]) -> Any:
    """``value`` (JSON types) with strings and keys equal to a speaker label pseudonymised."""
    if not names:
        return value
    if isinstance(value, str):
        return names.get(value, value)
    if isinstance(value, dict):
        return {names.get(str(k), str(k)): _scrubbed(v, names) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_scrubbed(v, names) for v in value]
    return value


def _utterance_row(
    session_id: str,
    utterance: Utterance,
    codes: dict[str, Any],
    pseudonyms: Mapping[str, str],
    scrub: Mapping[str, str],
    *,
    include_text: bool,
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "session_id": session_id,
        "index": utterance.index,
        "speaker": pseudonyms[utterance.speaker],
        "role": utterance.role.value,
        "start": utterance.start,
        "end": utterance.end,
        "words": utterance.words,
    }
    if include_text:
        row["speaker_label"] = utterance.speaker
        row["text"] = utterance.text
    _flatten_codes("codes", codes, row, scrub, withhold=not include_text)
    return row


def _flatten_codes(
    prefix: str,
    value: Any,
    out: dict[str, Any],
    scrub: Mapping[str, str],
    *,
    withhold: bool,
    reason: bool = False,
) -> None:
    """Flatten, pseudonymise and (``withhold``) withhold words in one walk (a hot path).

    The same columns as flattening ``_withheld(codes)``: ``reason`` says that ``value`` sits
    under a :data:`REASON_KEYS` key.
    """
    if type(value) is dict or (type(value) not in _LEAF_TYPES and isinstance(value, Mapping)):
        for key, item in value.items():
            name = str(key)
            column = f"{prefix}.{scrub.get(name, key)}"
            if withhold and name in QUOTING_KEYS and item not in (None, "", [], {}):
                out[column] = scrub.get(WITHHELD, WITHHELD)
            else:
                quoting = withhold and name in REASON_KEYS
                _flatten_codes(column, item, out, scrub, withhold=withhold, reason=quoting)
    elif isinstance(value, str):
        if reason:
            value = _QUOTED.sub(WITHHELD, value)
        out[prefix] = scrub.get(value, value)
    elif value is None or isinstance(value, bool | int | float):
        out[prefix] = value
    else:
        out[prefix] = _json(_withheld(value, reason=reason) if withhold else value, scrub)


def _flatten_summary(prefix: str, value: Any, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten_summary(f"{prefix}.{key}", item, out)
    elif isinstance(value, list | tuple):
        out[f"{prefix}.n_items"] = len(value)
    else:
        out[prefix] = value


def _session_row(
    result: AnalysisResult,
    produces: Mapping[str, frozenset[str]],
    summary: Mapping[str, Any],
    scrub: Mapping[str, str],
) -> dict[str, Any]:
    session = result.session
    roles = [s.role for s in session.speakers]
    runs = {run.name: run for run in result.runs}
    row: dict[str, Any] = {
        "session_id": session.id,
        "date": session.date.isoformat() if session.date else None,
        "modality": session.modality,
        "utterances": len(session.utterances),
        "words": sum(u.words for u in session.utterances),
        "speakers": len(session.speakers),
        "therapists": roles.count(Role.THERAPIST),
        "clients": roles.count(Role.CLIENT),
        "timed": session.has_timestamps,
        "analysers_not_ok": sum(run.status is not RunStatus.OK for run in result.runs),
    }
    counts: dict[str, int] = {}
    for finding in result.findings:
        counts[finding.kind] = counts.get(finding.kind, 0) + 1
    for name, kinds in produces.items():
        run = runs.get(name)
        ok = run is not None and run.status is RunStatus.OK
        row[f"status.{name}"] = run.status.value if run else None
        for kind in sorted(kinds):
            row[f"count.{kind}"] = counts.get(kind, 0) if ok else None
    _flatten_summary("summary", _scrubbed(summary, scrub), row)  # summary: JSON types
    row["risk_flags"] = _risk_flags(row, produces, runs)
    return row


def _risk_flags(
    row: Mapping[str, Any], produces: Mapping[str, frozenset[str]], runs: Mapping[str, Any]
) -> int | None:
    """Utterances flagged for clinician review by the risk screen; None when it did not run.

    ``count.risk_screening.summary`` counts summary records (1 per screened session), not
    flags (QA36 item 4). *Not analysed* is never 0: null unless the screening analyser ran ok.
    """
    screens = [name for name, kinds in produces.items() if RISK_SCREENING_KIND in kinds]
    if not screens or any(
        runs.get(n) is None or runs[n].status is not RunStatus.OK for n in screens
    ):
        return None
    flagged = row.get("summary.risk_screening.flagged")
    return int(flagged) if isinstance(flagged, int) else None


def _finding_rows(
    result: AnalysisResult, scrub: Mapping[str, str], *, withhold: bool
) -> list[dict[str, Any]]:
    """One row per finding; with ``withhold``, transcript words in values are withheld."""
    return [
        {
            "session_id": result.session.id,
            "finding": number,
            "kind": finding.kind,
            "family": finding.family,
            "analyser": finding.provenance.analyser,
            "analyser_version": finding.provenance.version,
            "scope": finding.scope.value,
            "utterance_index": finding.utterance_index,
            "evidence_indexes": list(finding.evidence.utterance_indexes),
            "evidence_scores": _json(dict(finding.evidence.scores), {})
            if finding.evidence.scores
            else "{}",
            "value": _json(_withheld_json(finding.value) if withhold else finding.value, scrub),
        }
        for number, finding in enumerate(result.findings)
    ]


def _json(value: Any, scrub: Mapping[str, str]) -> str:
    """``value`` as canonical JSON text, with speaker labels pseudonymised.

    The fast path dumps directly; only when a label appears in the text (rare: findings refer
    to utterances by index) is the value walked and replaced.
    """
    try:  # one encoder for every call: json.dumps would build one per call (a hot path)
        text = _ENCODER.encode(value)
    except TypeError:  # e.g. keys of mixed types, which sort_keys cannot order
        text = json.dumps(jsonable(value), sort_keys=True, ensure_ascii=False)
    if scrub and _labels_in_json(tuple(scrub)).search(text):
        scrubbed = _scrubbed(jsonable(value), scrub)
        text = json.dumps(scrubbed, sort_keys=True, ensure_ascii=False)
    return text


@lru_cache(maxsize=256)
def _labels_in_json(labels: tuple[str, ...]) -> re.Pattern[str]:
    """Finds any of ``labels`` as a JSON string in JSON text (one search per finding)."""
    return re.compile("|".join(re.escape(json.dumps(s, ensure_ascii=False)) for s in labels))


def _json_default(value: Any) -> Any:
    """What ``json.dumps`` cannot encode itself: read-only mappings, sets, anything else."""
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, set | frozenset):
        return sorted(value, key=repr)
    return repr(value)


#: ``json.dumps(value, sort_keys=True, ensure_ascii=False, default=_json_default)``, built once.
_ENCODER: Final = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=_json_default)
