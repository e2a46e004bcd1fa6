"""The therapist's follow-up of a flagged risk disclosure, and the safety planning inside it.

A progress note must record what the clinician did about possible risk language, not only that
it was flagged (QA 13 item 6). For each flag in ``summary.risk`` this module finds the therapist
turns that follow it up:

* what the analysis recorded: the next therapist turn when ``therapist_follow_up`` is true, and
  ``follow_up_indexes`` if a risk analyser version records them (a thread item's
  ``context_indexes`` name the therapist prompt the client answered, which need not explore
  the disclosure, so they are not used);
* then, reading the transcript from the disclosure on, every therapist turn that asks about or
  acknowledges it (the risk analyser's own follow-up vocabulary, ``_risk_context``, so the note
  and ``therapist_follow_up`` use one definition) or that plans for safety
  (:data:`SAFETY_PLANNING`). The run starts at the first therapist turn that is more than a
  backchannel, or not at all, and ends after :data:`MAX_GAP` therapist turns in a row that do
  neither.

Safety planning turns are the therapist turns of that run that match :data:`SAFETY_PLANNING`.
Both are automated readings of the words; the note says so and cites every utterance.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from alliancelens.analysers._risk_context import (
    EXPLORES,
    FOLLOW_UP,
    RISK_FOLLOW_UP,
    SCREENING_TOPICS,
    THREAD_TOPICS,
)
from alliancelens.analysers._risk_text import normalise
from alliancelens.domain import Role, Utterance

__all__ = [
    "BACKCHANNEL_WORDS",
    "MAX_GAP",
    "SAFETY_PLANNING",
    "FollowUp",
    "follow_up_of",
    "risk_items",
    "screening_question",
]

#: Therapist turns in a row that neither ask about the disclosure nor plan for safety before the
#: follow-up run is taken to have ended (one reflection or aside inside a risk enquiry is
#: ordinary; two in a row mark a change of topic). Our heuristic, not a clinical constant.
MAX_GAP: Final = 2
#: Therapist wording of safety planning: a plan for the hard moments, who to contact, crisis and
#: out-of-hours numbers, means safety (medication at home), telling someone, a check-in before
#: the next session.
#: clinical-reference.md §10.1 ("any yes should lead to clinician follow-up" [Posner2011]) and
#: §10.3 rule 5 (direct questioning, crisis lines and on-call cover are the clinical safety net).
#: [S] the wording is ours, listed in docs/notes.md.
#: A therapist turn this short ("Mm.", "Okay, go on.") before the follow-up does not end it.
BACKCHANNEL_WORDS: Final = 3
SAFETY_PLANNING: Final = re.compile(
    r"\b(?:safety plan|(?:a|short|the|our) plan (?:together|for)|plan for (?:those|the|when)|"
    r"keep (?:yourself|you) safe|stay(?:ing)? safe|crisis (?:line|number|team|service)|helpline|"
    r"hotline|out[- ]of[- ]hours|emergency|samaritans|who (?:could|would|can|might) you "
    r"(?:contact|call|ring|text|reach|turn to|talk to)|(?:contact|call|ring) (?:someone|us|me|"
    r"the practice)|check in with you|check-in|(?:call|ring|phone) you|lock (?:them|it) away|"
    r"(?:get rid of|remove) (?:them|the)|medication|hold onto|tell (?:your|someone|a friend|"
    r"somebody)|"
    r"reach out)\b"
)


@dataclass(frozen=True, slots=True)
class FollowUp:
    """The therapist turns that followed up one flagged disclosure, and the safety planning."""

    index: int
    turns: tuple[int, ...]
    safety: tuple[int, ...]
    next_turn: bool | None


def risk_items(summary: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """Flags and *possible* items of the risk screen (the items that carry context indexes)."""
    screening = summary.get("risk_screening") or {}
    items = [*(summary.get("risk") or []), *(screening.get("possible") or [])]
    return [item for item in items if isinstance(item, Mapping) and "index" in item]


def _asks(text: str) -> bool:
    """Whether a therapist turn asks about or acknowledges a disclosure (risk analyser wording)."""
    norm = normalise(text)
    topics = (*SCREENING_TOPICS, *THREAD_TOPICS)
    return bool(
        any(pattern.search(norm) for pattern, _, _ in topics)
        or EXPLORES.search(norm)
        or FOLLOW_UP.search(norm)
        or RISK_FOLLOW_UP.search(norm)
    )


def _recorded(flag: Mapping[str, Any]) -> set[int]:
    """Follow-up turns the risk analyser recorded for a flag (``follow_up_indexes``, if any)."""
    return {i for i in flag.get("follow_up_indexes") or [] if isinstance(i, int)}


def _run(utterances: Sequence[Utterance], after: int) -> tuple[list[int], list[int]]:
    """Therapist turns after ``after`` that follow it up, and those that plan for safety.

    The run must start at the first therapist turn longer than :data:`BACKCHANNEL_WORDS` words
    (as the analyser's ``therapist_follow_up`` reads the next turn); once started, it ends
    after :data:`MAX_GAP` therapist turns in a row that neither ask nor plan.
    """
    turns: list[int] = []
    safety: list[int] = []
    misses = 0
    for u in utterances[after + 1 :]:
        if u.role is not Role.THERAPIST:
            continue
        plans = bool(SAFETY_PLANNING.search(normalise(u.text)))
        if plans or _asks(u.text):
            turns.append(u.index)
            safety.extend([u.index] if plans else [])
            misses = 0
        elif not turns and len(u.text.split()) <= BACKCHANNEL_WORDS:
            continue
        else:
            misses += 1
            if not turns or misses >= MAX_GAP:
                break
    return turns, safety


def follow_up_of(flag: Mapping[str, Any], utterances: Sequence[Utterance]) -> FollowUp:
    """The follow-up of one ``summary.risk`` item, from the analysis and the transcript."""
    index = int(flag["index"])
    recorded = _recorded(flag)
    next_turn = flag.get("therapist_follow_up")
    if next_turn is True:
        first = next((u.index for u in utterances[index + 1 :] if u.role is Role.THERAPIST), None)
        recorded.update([first] if first is not None else [])
    turns, safety = _run(utterances, index)
    return FollowUp(
        index,
        tuple(sorted(recorded.union(turns))),
        tuple(safety),
        next_turn if isinstance(next_turn, bool) else None,
    )


def screening_question(utterances: Sequence[Utterance], index: int) -> int | None:
    """The therapist turn just before ``index`` if it asks a risk screening question, else None.

    Uses the risk analyser's screening topics (C-SSRS screener wording, clinical-reference.md
    §10.1 [Posner2011]), so the note calls a turn a screening question exactly when the risk
    screen reads it as one.
    """
    before = next((u for u in reversed(utterances[:index]) if u.role is Role.THERAPIST), None)
    if before is None or before.index < index - 2:
        return None
    norm = normalise(before.text)
    return before.index if any(p.search(norm) for p, _, _ in SCREENING_TOPICS) else None
