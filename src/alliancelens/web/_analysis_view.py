"""A stored analysis as plain data for the session page (what the terminal report shows).

Every panel is either its data or a *not analysed* reason: an analyser that failed, was skipped,
was not in the pipeline or left no summary is never shown as "nothing found". The risk panel in
particular is ``not_analysed`` unless the risk analyser ran, its screening summary is there and
it read at least one client utterance (:mod:`alliancelens.web._risk_screen`, QA40 #1).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from alliancelens.analysers import AnalysisResult
from alliancelens.analysers._risk_screening import GUESSED_ROLES_NOTE
from alliancelens.domain import RunStatus, Session
from alliancelens.domain.clock import clock
from alliancelens.report import (
    ALLIANCE_INDEX_MEANING,
    ALLIANCE_NO_PAIR,
    kind_label,
    red_flag_limits,
    set_aside_groups,
)
from alliancelens.web._relational_view import relational_panel
from alliancelens.web._risk_screen import screen_coverage
from alliancelens.web._talk_view import change_talk_rule, talk_panel

__all__ = ["SessionView", "Utterance", "session_view"]

_SKILL_LABELS = {
    "reflection_to_question": "Reflections : questions",
    "percent_complex_reflections": "Complex reflections",
    "percent_open_questions": "Open questions",
    "change_talk_share": "Change talk C/(C+S)",
}
_PERCENT = {"percent_complex_reflections", "percent_open_questions", "change_talk_share"}
_CODE_KEYS = ("behaviour", "question", "reflection", "input", "client_talk")


@dataclass(frozen=True, slots=True)
class Utterance:
    """One transcript line: anchor ``u<index>``, whether an analysis cites it, short codes.

    ``time`` is when it starts in the recording (``m:ss`` / ``h:mm:ss``; ``""`` unknown).
    """

    index: int
    speaker: str
    role: str
    text: str
    evidence: bool
    codes: str
    time: str = ""


@dataclass(frozen=True, slots=True)
class SessionView:
    """Everything the session page shows. A ``*_missing`` string means *not analysed* (why)."""

    utterances: tuple[Utterance, ...]
    risk: dict[str, Any] | None
    risk_missing: str | None
    alliance: dict[str, Any] | None
    alliance_missing: str | None
    ruptures: list[dict[str, Any]]
    ruptures_missing: str | None
    skills: dict[str, Any] | None
    skills_missing: str | None
    red_flags: list[dict[str, Any]]
    red_flags_missing: str | None
    runs: list[dict[str, str]] = field(default_factory=list)
    red_flag_limits: list[str] = field(default_factory=list)
    relational: dict[str, Any] | None = None
    relational_missing: str | None = None
    talk: dict[str, Any] | None = None
    talk_missing: str | None = None
    #: How the progress-note draft's change-talk figure differs from the table's (or None).
    change_talk_rule: str | None = None


def _value(result: AnalysisResult, kind: str) -> Any:
    return next((f.value for f in result.findings if f.kind == kind), None)


def _not_analysed(result: AnalysisResult, *names: str) -> str | None:
    """Why none of ``names`` produced a result ('not in the pipeline', 'failed: …'), or None."""
    runs = [r for r in (result.run_of(n) for n in names) if r is not None]
    if not runs:
        return "not in the pipeline"
    bad = next((r for r in runs if r.status is not RunStatus.OK), None)
    if bad is None:
        return None
    return f"{bad.status.value}: {bad.reason or 'no reason given'}"


def _label(identifier: str) -> str:
    return identifier.replace("_or_", "/").replace("_", " ")


def _risk(result: AnalysisResult) -> tuple[dict[str, Any] | None, str | None]:
    problem = _not_analysed(result, "risk.language")
    screening = _value(result, "risk_screening.summary")
    if problem is None and not isinstance(screening, dict):
        problem = "the risk screening summary is missing from the stored analysis"
    if problem is not None:
        return None, problem
    assert isinstance(screening, dict)
    items = [_risk_item(i) for i in (_value(result, "risk.summary") or [])]
    coverage = screen_coverage(screening, result.session)
    if coverage.missing is not None and not items:  # QA40 #1: read none of the client's words
        return None, coverage.missing
    return {
        "unscreened": coverage.unscreened,
        "unscreened_reason": coverage.unscreened_reason,
        "flags": items,
        "roles_guessed": bool(screening.get("roles_guessed")),
        # the page's own notice says it first, in words for the page (no CLI option names)
        "statement": str(screening.get("statement", "")).removeprefix(GUESSED_ROLES_NOTE).strip(),
        "not_screened": list(screening.get("not_screened") or []),
        "possible": [_risk_item(p) for p in screening.get("possible") or []],
        "set_aside": sorted({int(s["index"]) for s in screening.get("set_aside") or []}),
        "set_aside_wording": set_aside_groups(screening)[0],
        "set_aside_model": set_aside_groups(screening)[1],
    }, None


def _risk_item(item: dict[str, Any]) -> dict[str, Any]:
    follow = item.get("therapist_follow_up")
    return {
        "index": int(item["index"]),
        "kind": kind_label(item.get("kind")),
        "severity": item.get("severity") or "",
        "reason": str(item.get("reason", "")),
        "follow_up": {True: "yes", False: "not detected", None: "–"}.get(follow, "–"),
        "probability": item.get("model_probability"),
    }


def _alliance(result: AnalysisResult) -> tuple[dict[str, Any] | None, str | None]:
    problem = _not_analysed(result, "alliance.bordin")
    value = _value(result, "alliance.summary")
    if problem is None and not isinstance(value, dict):
        problem = (
            ALLIANCE_NO_PAIR if not result.session.has_therapist_client_pair else "no result stored"
        )
    if problem is not None:
        return None, problem
    assert isinstance(value, dict)
    parts = [
        {
            "name": part,
            "score": value[part]["score"],
            "positive": value[part]["positive"],
            "negative": value[part]["negative"],
            "evidence": [
                {"index": int(e["index"]), "signal": _label(e["signal"]), "weight": e["weight"]}
                for e in value[part]["evidence"]
            ],
        }
        for part in ("goal", "task", "bond")
    ]
    summary = {
        "index": value["index"],
        "perspective": value.get("perspective", ""),
        "parts": parts,
        "meaning": ALLIANCE_INDEX_MEANING,
    }
    return summary, None


def _ruptures(result: AnalysisResult) -> tuple[list[dict[str, Any]], str | None]:
    problem = _not_analysed(result, "ruptures.detector")
    if problem is not None:
        return [], problem
    # The ruptures package loads numpy and the shipped models: imported when needed.
    from alliancelens.analysers.ruptures import MARKER_CODES, STRATEGY_CODES  # noqa: PLC0415

    episodes = []
    for episode in _value(result, "ruptures.summary") or []:
        episodes.append(
            {
                "kind": episode["kind"],
                "start_index": int(episode["start_index"]),
                "end_index": int(episode["end_index"]),
                "markers": [f"{MARKER_CODES.get(m, '')} {_label(m)}" for m in episode["markers"]],
                "marker_indexes": sorted(
                    {int(e["index"]) for e in episode.get("marker_evidence") or []}
                ),
                "strategies": [
                    f"{STRATEGY_CODES.get(s, '')} {_label(s)}"
                    for s in episode.get("resolution_strategies") or []
                ],
                "resolved": bool(episode.get("resolved")),
                "resolution_index": episode.get("resolution_index"),
            }
        )
    return episodes, None


def _skills(result: AnalysisResult) -> tuple[dict[str, Any] | None, str | None]:
    skills = _value(result, "skills.summary")
    if not isinstance(skills, dict):
        return None, _not_analysed(result, "microskills.codes", "microskills.summary") or (
            "no result stored"
        )
    rows = []
    indices: dict[str, Any] = skills.get("indices", {})
    for key, label in _SKILL_LABELS.items():
        index = indices.get(key)
        if not isinstance(index, dict):
            continue
        value = index.get("value")
        shown = _skill_value(key, value)
        numerator, denominator = index.get("numerator"), index.get("denominator")
        counts = "" if numerator is None or denominator is None else f"{numerator}/{denominator}"
        # the CLI's words when the band is withheld for too few coded utterances (QA29 #15)
        band = index.get("band") or ("too few coded" if index.get("band_withheld") else None)
        rows.append({"label": label, "value": shown, "counts": counts, "band": band})
    return {
        "rows": rows,
        "reading": list(skills.get("reading") or []),
        "not_counted": _not_counted(skills),
    }, None


def _not_counted(skills: dict[str, Any]) -> dict[str, Any] | None:
    """Risk lines left out of change and sustain talk, and why (``microskills.summary`` v4).

    ``{"indexes": [4, 9], "why": "..."}``; None when none were left out (an older summary has
    no ``risk_not_counted``; a summary whose risk screen did not run says so in its reading).
    """
    found = skills.get("risk_not_counted")
    if not isinstance(found, dict):
        return None
    indexes = sorted(int(i) for i in found.get("indexes") or [])
    if not indexes:
        return None
    return {"indexes": indexes, "why": str(found.get("why") or "")}


def _skill_value(key: str, value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value * 100:.0f}%" if key in _PERCENT else f"{value:.2f}"


def _red_flags(result: AnalysisResult) -> tuple[list[dict[str, Any]], str | None]:
    problem = _not_analysed(result, "red_flags.therapist")
    if problem is not None:
        return [], problem
    return [
        {
            "index": item.get("index"),
            "kind": kind_label(item["kind"]),
            "reason": str(item.get("reason", "")),
        }
        for item in _value(result, "red_flags.summary") or []
    ], None


def _codes(codes: dict[str, Any]) -> str:
    return " · ".join(str(codes[k]) for k in _CODE_KEYS if isinstance(codes.get(k), str))


def _utterances(
    session: Session, codes: dict[int, dict[str, Any]], evidence: set[int]
) -> tuple[Utterance, ...]:
    return tuple(
        Utterance(
            u.index,
            u.speaker,
            u.role.value,
            u.text,
            u.index in evidence,
            _codes(codes.get(u.index, {})),
            clock(u.start),
        )
        for u in session.utterances
    )


def session_view(result: AnalysisResult | None, session: Session) -> SessionView:
    """The page data of ``session`` and its stored analysis (``None``: not analysed yet)."""
    if result is None:
        why = "no stored analysis yet; the analysis status is shown at the top of the page"
        return SessionView(
            _utterances(session, {}, set()),
            *(None, why, None, why, [], why, None, why, [], why),
            relational_missing=why,
            talk_missing=why,
        )
    from alliancelens.report import codes_and_summary  # noqa: PLC0415 - per-utterance codes

    risk, risk_missing = _risk(result)
    alliance, alliance_missing = _alliance(result)
    ruptures, ruptures_missing = _ruptures(result)
    skills, skills_missing = _skills(result)
    red_flags, red_flags_missing = _red_flags(result)
    evidence = {e["index"] for p in (alliance or {}).get("parts", []) for e in p["evidence"]}
    evidence |= {i["index"] for i in (risk or {}).get("flags", [])}
    evidence |= {i["index"] for i in (risk or {}).get("possible", [])}
    evidence |= set((risk or {}).get("set_aside", []))  # linked from the panel: shown too
    evidence |= {i for e in ruptures for i in e["marker_indexes"]}
    evidence |= {int(f["index"]) for f in red_flags if f["index"] is not None}
    codes, _ = codes_and_summary(result)
    runs = [
        {"name": f"{r.name} v{r.version}", "status": r.status.value, "reason": r.reason or ""}
        for r in result.runs
    ]
    return SessionView(
        _utterances(session, codes, evidence),
        risk,
        risk_missing,
        alliance,
        alliance_missing,
        ruptures,
        ruptures_missing,
        skills,
        skills_missing,
        red_flags,
        red_flags_missing,
        runs,
        [] if red_flags_missing else red_flag_limits(result),
        *relational_panel(result),
        *talk_panel(result),
        change_talk_rule(result) if skills is not None else None,
    )
