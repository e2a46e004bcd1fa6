"""The records of the risk rule layer: hits, screens, flags, readings, model operating points.

Split out of :mod:`alliancelens.analysers._risk_flags` unchanged (2026-11-23), which re-exports
every name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final, NamedTuple

from alliancelens.analysers import _risk_lexicon as lex

__all__ = [
    "REVIEW_LABEL",
    "Cuts",
    "Flag",
    "Hit",
    "Reading",
    "Screen",
    "answer_kind",
    "max_severity",
]

#: Attached to every flag and to the screening statement (§0.2 rule 4, §10.2).
REVIEW_LABEL: Final = "for clinician review"


@dataclass(frozen=True, slots=True)
class Hit:
    """One surviving rule match in an utterance."""

    rule: lex.RiskRule
    matched: str
    severity: str
    #: Version 18: a negated match kept only because a contrast clause ("..., but I think about
    #: it") carries ideation; dropped when that clause has a hit of its own.
    lifted: bool = False


@dataclass(frozen=True, slots=True)
class Screen:
    """What screening one text found: surviving hits and set-aside matches with their reason."""

    hits: tuple[Hit, ...] = ()
    set_aside: tuple[tuple[str, str, str], ...] = ()  # (kind, reason, matched)
    denial: bool = False


def max_severity(*severities: str) -> str:
    return max(severities, key=lex.SEVERITY_ORDER.index)


def answer_kind(thread_kind: str, asked_kind: str | None) -> str:
    """The kind of an answer to a screening question asked inside a disclosure thread (v27).

    QA43 #2: "Are you having thoughts of killing yourself?" - "Sometimes at night." after a
    passive line is suicidal ideation (C-SSRS item 2), as it is without the earlier line: the
    answer takes the kind the question asks about, never a weaker one. Suicidal ideation is the
    stronger form of passive ideation (C-SSRS items 2 and 1), so a passive question inside a
    suicidal-ideation thread keeps the thread's kind. No screening question: the thread's kind.
    """
    if asked_kind is None or (asked_kind == lex.PASSIVE and thread_kind == lex.SI):
        return thread_kind
    return asked_kind


@dataclass
class Flag:
    index: int
    kind: str
    severity: str
    reason: str
    basis: str
    matched: str | None = None
    rule: str | None = None
    source: str | None = None
    context: list[int] = field(default_factory=list)
    follow_up: bool | None = None
    probability: float | None = None
    #: A *possible* model reading made a flag because the therapist's next turn asks about risk
    #: (version 8): its thread counts like a rule flag's.
    heard: bool = False
    #: Version 16: the reading had risk content to rest on; a thread opened by one that had none
    #: informs the model only and never makes a later line a flag.
    grounded: bool = True
    #: Version 18: an answer to a safety question ("Are you safe tonight?" - "No."): the "no" is
    #: the disclosure, so the model's reading of it as a denial never demotes it.
    safety: bool = False
    #: Version 27: the open thread's kind when a screening question's kind replaced it (QA43
    #: #2); an answer the model reads as a denial of that question keeps the thread's kind.
    thread_kind: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "kind": self.kind,
            "severity": self.severity,
            "reason": self.reason,
            "matched": self.matched,
            "rule": self.rule,
            "source": self.source,
            "basis": self.basis,
            "context_indexes": self.context,
            "therapist_follow_up": self.follow_up,
            "model_probability": self.probability,
            "review": REVIEW_LABEL,
        }


@dataclass(frozen=True, slots=True)
class Reading:
    """What the rules made of one client utterance: flag (if any), cues, set-aside matches."""

    flag: Flag | None
    cues: tuple[str, ...]
    set_aside: list[dict[str, Any]]
    masked: str
    screen: Screen = Screen()


class Cuts(NamedTuple):
    """Model operating points.

    ``flag`` and ``review`` apply to the calibrated probability, ``guard`` to the hard-negative
    head's P(risk).
    """

    flag: float
    review: float
    guard: float
