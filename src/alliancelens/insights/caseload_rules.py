"""Rules across a client's sessions: repeated patterns, skills over time, SRS against transcript.

Sources are named in each docstring and in docs/insights.md.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping
from typing import Any

from alliancelens.domain import Role
from alliancelens.insights.model import (
    Caseload,
    Insight,
    InsightConfig,
    InsightEvidence,
    InsightKind,
    SessionRecord,
)
from alliancelens.measures import MeasureDefinition, TrackStatus, Trajectory
from alliancelens.measures.alerts import ALLIANCE_CUTOFF

__all__ = [
    "bond_against_srs",
    "homework_withdrawal_pattern",
    "low_reflection_to_question",
    "measured",
    "not_on_track_fit",
]

#: Therapist wording that opens a review of between-session work. AllianceLens heuristic (not a
#: validated instrument): the 3RS names objections to homework as a confrontation marker (C3,
#: clinical-reference.md §5.3); withdrawal at the same point is the pattern looked for here.
HOMEWORK_CUES = re.compile(
    r"\b(homework|diary|worksheet|exercise|practi[cs]e|between[- ]session|"
    r"(thing|task|plan)s? we (talked|agreed) about|did you (manage|get to|try))\b",
    re.IGNORECASE,
)


def _homework_review(record: SessionRecord, start: int, config: InsightConfig) -> int | None:
    low, high = start - config.homework_window_before, start + config.homework_window_after
    for utterance in record.utterances:
        if (
            low <= utterance.index <= high
            and utterance.role is Role.THERAPIST
            and HOMEWORK_CUES.search(utterance.text)
        ):
            return utterance.index
    return None


def homework_withdrawal_pattern(caseload: Caseload, config: InsightConfig) -> Iterator[Insight]:
    """Withdrawal right after homework review in several sessions (3RS withdrawal, §5.2)."""
    evidence: list[InsightEvidence] = []
    for record in caseload.sessions:
        found = record.family("ruptures")
        for episode in found if isinstance(found, list) else []:
            if episode.get("kind") != "withdrawal":
                continue
            start = int(episode.get("start_index", 0))
            review = _homework_review(record, start, config)
            if review is not None:
                evidence.append(
                    InsightEvidence(record.session_id, (review, *episode["evidence_indexes"]))
                )
                break
    if len(evidence) < config.homework_withdrawal_sessions:
        return
    yield Insight(
        InsightKind.PROMPT,
        "Withdrawal after homework review, again",
        f"In {len(evidence)} sessions the client withdrew (3RS withdrawal: minimal answers, "
        "deferring, changing the topic; Eubanks, Muran & Safran 2015) just after between-session "
        "work was reviewed. A repeated marker at the same task points to Bordin's task "
        "agreement, not to a single bad session.",
        tuple(evidence),
        "Talk with the client about the homework itself: what it is like to be asked about it, "
        "whether the task fits, and how to design the next one together.",
        "homework_withdrawal_pattern",
        caseload.client,
    )


def _rq(record: SessionRecord) -> Mapping[str, Any] | None:
    skills = record.family("skills")
    if not isinstance(skills, Mapping):
        return None
    index = skills.get("indices", {}).get("reflection_to_question")
    return index if isinstance(index, Mapping) and index.get("value") is not None else None


def low_reflection_to_question(caseload: Caseload, config: InsightConfig) -> Iterator[Insight]:
    """Reflections below questions for N sessions running (MITI 4.2.1 R:Q fair 1:1, §6.4)."""
    run: list[InsightEvidence] = []
    longest: list[InsightEvidence] = []
    fair = 1.0
    for record in caseload.sessions:
        index = _rq(record)
        if index is not None and float(index["value"]) < float(index.get("fair") or 1.0):
            fair = float(index.get("fair") or 1.0)
            scores = {"reflection_to_question": float(index["value"]), "fair": fair}
            run.append(InsightEvidence(record.session_id, scores=scores))
        else:
            run = []
        if len(run) > len(longest):
            longest = list(run)
    if len(longest) < config.low_rq_sessions:
        return
    values = ", ".join(f"{e.scores['reflection_to_question']:.2f}" for e in longest)
    yield Insight(
        InsightKind.GROWTH_AREA,
        f"Fewer reflections than questions for {len(longest)} sessions running",
        f"The MITI reflection-to-question ratio was {values} in {len(longest)} consecutive "
        f"sessions, below the MITI 4.2.1 'fair' threshold of {fair:g}:1 (Moyers, Manuel & Ernst; "
        "thresholds were set for human coding of 20-minute segments, so this is an "
        "estimate).",
        tuple(longest),
        "Try following each question with a reflection before asking the next one; aim for at "
        "least one reflection per question.",
        "low_reflection_to_question",
        caseload.client,
    )


def _bond(record: SessionRecord) -> float | None:
    """The transcript bond score; None when not analysed or when it rests on no evidence.

    The neutral 50 of "0 / 0 no evidence" (docs/analysers/alliance.md) is not a measurement and
    is never compared (QA35 #2).
    """
    alliance = record.family("alliance")
    if not isinstance(alliance, Mapping):
        return None
    bond = alliance.get("bond")
    if not isinstance(bond, Mapping) or not measured(bond):
        return None
    score = bond.get("score")
    return float(score) if isinstance(score, int | float) else None


def measured(part: Mapping[str, Any]) -> bool:
    """Whether an alliance part (goal, task or bond) rests on at least one piece of evidence.

    A part with no positive and no negative signal sits at the neutral 50 by construction; older
    reports without the counts are taken as measured.
    """
    if "positive" not in part and "negative" not in part and "evidence" not in part:
        return True
    counts = (part.get("positive"), part.get("negative"))
    return bool(part.get("evidence")) or any(isinstance(c, int | float) and c for c in counts)


def _srs_by_session(caseload: Caseload) -> tuple[MeasureDefinition | None, dict[str, Any]]:
    if caseload.measures is None:
        return None, {}
    for trajectory in caseload.measures.trajectories:
        defn = caseload.definitions.get(trajectory.measure)
        if (
            defn is not None
            and trajectory.completed_by == "client"  # the insight compares the client's rating
            and defn.construct == "alliance"
            and defn.cutoff(ALLIANCE_CUTOFF, "adult")
        ):
            return defn, {p.session: p for p in trajectory.points if p.session}
    return None, {}


def bond_against_srs(caseload: Caseload, config: InsightConfig) -> Iterator[Insight]:
    """SRS and transcript bond disagree between sessions (PCOMS SRS §1.5; Bordin's bond §2)."""
    defn, points = _srs_by_session(caseload)
    if defn is None:
        return
    # consecutive sessions with a transcript analysis and an SRS; a pair where either bond rests
    # on no evidence (neutral 50) is not compared, and not bridged over either (QA35 #2)
    usable = [
        r
        for r in caseload.sessions
        if isinstance(r.family("alliance"), Mapping) and r.session_id in points
    ]
    for previous, record in itertools.pairwise(usable):
        before, bond, point = _bond(previous), _bond(record), points[record.session_id]
        if bond is None or before is None:
            continue
        cutoff = defn.cutoff(ALLIANCE_CUTOFF, point.population)
        if cutoff is None:
            continue
        low = cutoff.in_concern_range(point.score.total)
        change = bond - before
        if (not low and change <= -config.bond_change) or (low and change >= config.bond_change):
            yield _bond_insight(
                caseload, record, point, defn, (change, config.bond_change, cutoff.value), low
            )


def _bond_insight(  # noqa: PLR0917 - one private helper, all arguments distinct
    caseload: Caseload,
    record: SessionRecord,
    point: Any,
    defn: MeasureDefinition,
    numbers: tuple[float, float, float],
    low: bool,
) -> Insight:
    change, threshold, cutoff = numbers
    srs = f"{defn.short} {point.score.total:g} ({'below' if low else 'at or above'} the cut-off"
    bond = f"transcript bond score {'rose' if change > 0 else 'fell'} by {abs(change):.0f} points"
    evidence = InsightEvidence(
        record.session_id,
        scores={defn.short: point.score.total, "bond_change": round(change, 1), "cutoff": cutoff},
    )
    if low:
        title = "Client rates the alliance low while the transcript bond rises"
        suggestion = (
            "Trust the client's rating over the transcript: ask what did not work for them "
            "today, what they would want different, and thank them for saying so."
        )
    else:
        title = "Client rates the alliance highly while transcript bond signals fall"
        suggestion = (
            "Check in gently: high SRS scores can hide strain (smooth surface agreement can be "
            "withdrawal in the 3RS model). Ask what was harder today than the scores suggest."
        )
    explanation = (
        f"{srs} {cutoff:g}, PCOMS; Duncan et al. 2003) while the {bond} since the "
        "previous session (Bordin's bond; transcript estimate from summary.alliance, "
        f"threshold {threshold:g} points, AllianceLens default)."
    )
    return Insight(
        InsightKind.PROMPT,
        title,
        explanation,
        (evidence,),
        suggestion,
        "bond_against_srs",
        caseload.client,
    )


def _outcome_trajectories(caseload: Caseload) -> Iterator[tuple[MeasureDefinition, Trajectory]]:
    if caseload.measures is None:
        return
    for trajectory in caseload.measures.trajectories:
        defn = caseload.definitions.get(trajectory.measure)
        if defn is not None and trajectory.params is not None:
            yield defn, trajectory


def not_on_track_fit(caseload: Caseload, config: InsightConfig) -> Iterator[Insight]:
    """Not on track at sessions 4–6 → the fit conversation (in-house curve §1.6; Bordin)."""
    first, last = config.fit_sessions
    for defn, trajectory in _outcome_trajectories(caseload):
        off = [
            p
            for p in trajectory.points
            if first <= p.number <= last
            and p.expected is not None
            and p.expected.status is TrackStatus.NOT_ON_TRACK
        ]
        if not off:
            continue
        forms = ", ".join(str(p.number) for p in off)
        yield Insight(
            InsightKind.ALERT,
            # QA38 #15: the window counts the measure's forms (administrations), which are not
            # the stored session ids the evidence names
            f"Not on track by the {_ordinal(first)}–{_ordinal(last)} {defn.short} form: "
            "time for the fit conversation",
            f"{defn.short} was below the expected treatment response at its form(s) {forms} "
            "(counted as administrations of the series, not stored session ids; AllianceLens "
            "expected-response curve (in-house), not any vendor's ETR equations; "
            "docs/measures/expected-response.md). Early lack of "
            "change is when reviewing Bordin's goals and tasks with the client matters most.",
            tuple(
                InsightEvidence(
                    p.session or f"{defn.short} #{p.number}",
                    scores={
                        defn.short: p.score.total,
                        "expected": float(p.expected.expected or 0.0) if p.expected else 0.0,
                        "session_number": float(p.number),
                    },
                )
                for p in off
            ),
            "Review goals and tasks with the client: is this the right focus and approach for "
            "them, and what would they want to change (including a different therapist or "
            "service)?",
            "not_on_track_fit",
            caseload.client,
        )


def _ordinal(n: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``4th``, ``11th``."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
