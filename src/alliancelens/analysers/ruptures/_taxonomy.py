"""Identifiers of rupture markers and resolution strategies (3RS; Safran & Muran).

The identifiers are exactly those of the labelled examples corpus
(``shared/data/ruptures-examples/README.md``), so detector output compares with labels. The
order of each tuple follows W1-W7, C1-C7 and R1-R10 of clinical-reference §5.2-5.4
[3RS-2015; S for W1-W6, U for W7, C1-C7 and R1-R10: confirm against the manual before any
clinical claim]. Link-to-patterns covers R7 and R8 together, as in the corpus.
"""

from __future__ import annotations

from enum import StrEnum
from types import MappingProxyType

__all__ = [
    "CONFRONTATION_MARKERS",
    "MARKER_CODES",
    "MARKER_KIND",
    "STRATEGIES",
    "STRATEGY_CODES",
    "WITHDRAWAL_MARKERS",
    "RuptureKind",
]


class RuptureKind(StrEnum):
    """Withdrawal moves away from the therapist or the work; confrontation moves against them.

    clinical-reference §5.1 [V: Safran & Muran marker types].
    """

    WITHDRAWAL = "withdrawal"
    CONFRONTATION = "confrontation"


#: Withdrawal marker subtypes W1-W7 (clinical-reference §5.2).
WITHDRAWAL_MARKERS: tuple[str, ...] = (
    "denial",  # W1
    "minimal_response",  # W2
    "abstract_communication",  # W3
    "avoidant_storytelling_or_topic_shift",  # W4
    "deferential_appeasing",  # W5
    "content_affect_split",  # W6: text carries it only through transcriber notes (§5.7)
    "self_criticism_or_hopelessness",  # W7
)

#: Confrontation marker subtypes C1-C7 (clinical-reference §5.3).
CONFRONTATION_MARKERS: tuple[str, ...] = (
    "complaint_about_therapist",  # C1
    "rejecting_intervention",  # C2
    "complaint_about_activities",  # C3
    "complaint_about_parameters",  # C4
    "complaint_about_progress",  # C5
    "defending_against_therapist",  # C6
    "controlling_or_pressuring",  # C7
)

#: Resolution strategies (clinical-reference §5.4), in R-number order.
STRATEGIES: tuple[str, ...] = (
    "clarify_misunderstanding",  # R1
    "change_tasks_or_goals",  # R2
    "illustrate_task_rationale",  # R3
    "invite_discussion_of_thoughts_feelings",  # R4
    "acknowledge_own_contribution",  # R5
    "disclose_internal_experience",  # R6
    "link_to_larger_patterns",  # R7 + R8
    "validate_defensive_posture",  # R9
    "redirect_refocus",  # R10
)

MARKER_CODES = MappingProxyType(
    {
        **{m: f"W{i}" for i, m in enumerate(WITHDRAWAL_MARKERS, start=1)},
        **{m: f"C{i}" for i, m in enumerate(CONFRONTATION_MARKERS, start=1)},
    }
)
MARKER_KIND = MappingProxyType(
    {
        **dict.fromkeys(WITHDRAWAL_MARKERS, RuptureKind.WITHDRAWAL),
        **dict.fromkeys(CONFRONTATION_MARKERS, RuptureKind.CONFRONTATION),
    }
)
STRATEGY_CODES = MappingProxyType(
    {
        "clarify_misunderstanding": "R1",
        "change_tasks_or_goals": "R2",
        "illustrate_task_rationale": "R3",
        "invite_discussion_of_thoughts_feelings": "R4",
        "acknowledge_own_contribution": "R5",
        "disclose_internal_experience": "R6",
        "link_to_larger_patterns": "R7/R8",
        "validate_defensive_posture": "R9",
        "redirect_refocus": "R10",
    }
)
