"""Insight records and the caseload they are computed from (pure data, no I/O).

An :class:`Insight` is what a supervisor might say about a session or a run of sessions: a kind,
a title, an explanation naming the construct and its source, the evidence and a practice
suggestion. An insight without evidence is a bug, so the constructor refuses one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from alliancelens.domain import Role, Utterance
from alliancelens.measures import ClientReport, MeasureDefinition

__all__ = [
    "Caseload",
    "Insight",
    "InsightConfig",
    "InsightEvidence",
    "InsightKind",
    "SessionRecord",
    "session_labels",
]


class InsightKind(StrEnum):
    """What an insight is: something to keep, to work on, to act on, or to reflect on."""

    STRENGTH = "strength"
    GROWTH_AREA = "growth_area"
    ALERT = "alert"
    PROMPT = "prompt"


@dataclass(frozen=True, slots=True)
class InsightEvidence:
    """Where an insight comes from: a session, utterance indexes in it and/or score values."""

    session_id: str
    utterance_indexes: tuple[int, ...] = ()
    scores: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "utterance_indexes", tuple(sorted(set(self.utterance_indexes))))
        object.__setattr__(self, "scores", MappingProxyType(dict(self.scores)))
        if not self.session_id:
            raise ValueError("insight evidence needs a session id")
        if not self.utterance_indexes and not self.scores:
            raise ValueError("insight evidence needs utterance indexes or score values")

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form: ``session_id``, ``utterance_indexes``, ``scores``."""
        return {
            "session_id": self.session_id,
            "utterance_indexes": list(self.utterance_indexes),
            "scores": dict(self.scores),
        }


@dataclass(frozen=True, slots=True)
class Insight:
    """One supervision-like observation, traceable to its evidence (never empty)."""

    kind: InsightKind
    title: str
    explanation: str
    evidence: tuple[InsightEvidence, ...]
    suggestion: str
    rule: str
    client: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "evidence", tuple(self.evidence))
        if not self.evidence:
            raise ValueError(f"insight from rule {self.rule!r} has no evidence")
        if not (self.title and self.explanation and self.suggestion and self.rule):
            raise ValueError("an insight needs a title, explanation, suggestion and rule id")

    @property
    def session_ids(self) -> tuple[str, ...]:
        """The sessions the evidence points to, in order of first mention."""
        return tuple(dict.fromkeys(e.session_id for e in self.evidence))

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form used by ``alliancelens insights --json``."""
        return {
            "kind": self.kind.value,
            "title": self.title,
            "explanation": self.explanation,
            "evidence": [e.to_json() for e in self.evidence],
            "suggestion": self.suggestion,
            "rule": self.rule,
            "client": self.client,
        }


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """One analysed session: its id, therapist label, utterances and ``summary`` families.

    ``codes`` are the per-utterance codes (``report.codes_and_summary``), by utterance index;
    empty when the caller did not pass them (rules then cite scores instead of utterances).
    """

    session_id: str
    summary: Mapping[str, Any]
    utterances: tuple[Utterance, ...] = ()
    therapist: str = ""
    date: dt.date | None = None
    codes: Mapping[int, Mapping[str, Any]] = field(default_factory=dict)

    def family(self, name: str) -> Any:
        """``summary[name]``, or None when that analyser family did not run."""
        return self.summary.get(name)

    def coded(self, key: str, value: Any = True) -> tuple[int, ...]:
        """Therapist utterances whose code ``key`` equals ``value`` (``()`` without codes)."""
        therapist = {u.index for u in self.utterances if u.role is Role.THERAPIST}
        return tuple(
            sorted(i for i, c in self.codes.items() if i in therapist and c.get(key) == value)
        )


@dataclass(frozen=True, slots=True)
class Caseload:
    """One client's sessions in order (oldest first) and, when known, their measures report."""

    client: str
    sessions: tuple[SessionRecord, ...] = ()
    measures: ClientReport | None = None
    definitions: Mapping[str, MeasureDefinition] = field(default_factory=dict)
    #: Some of the client's forms are withheld from the viewer (a supervisor): ``measures``
    #: holds per-form results only, and rules that read a whole series stay quiet.
    partial_measures: bool = False


@dataclass(frozen=True, slots=True)
class InsightConfig:
    """Thresholds of the insight rules. Product defaults, documented in docs/insights.md.

    None of these is a published clinical cut-off (those come from the measure definitions and
    the MITI thresholds carried in ``summary.skills``); all are AllianceLens defaults, [S]-style
    configurable values (clinical-reference.md §0.2 rule 1).
    """

    #: Consecutive sessions with reflection-to-question below MITI "fair" before a growth area.
    low_rq_sessions: int = 3
    #: Sessions with withdrawal after homework review before the pattern is named.
    homework_withdrawal_sessions: int = 2
    #: How many utterances before (and after) a withdrawal start a homework review may sit.
    homework_window_before: int = 4
    homework_window_after: int = 2
    #: Change in transcript bond score (0–100) between sessions that counts as a fall or rise.
    bond_change: float = 15.0
    #: Not-on-track outcome sessions that prompt the fit conversation (inclusive range).
    fit_sessions: tuple[int, int] = (4, 6)
    #: Share of therapist words spent on the therapist's own problems above which it is named.
    own_problems_share: float = 0.05
    #: Advice without permission per therapist utterance above which it is named.
    advice_share: float = 0.10
    #: Feedback asked in the last this share of the session's utterances counts as session end.
    session_end_share: float = 0.2
    #: MI-adherent therapist turns (affirm, seek collaboration, emphasise autonomy; MITI 4.2.1,
    #: clinical-reference.md §6.1, which sets no threshold) for the ``mi_adherent_responses``
    #: strength.
    mi_adherent_min: int = 2


def session_labels(caseload: Caseload) -> dict[str, str]:
    """What follows "session" when insight text names each of the caseload's sessions.

    A stored session keeps its number (``9``: "session 9"). A session read from a file has the
    file's ``# id:`` header (or JSON ``id``) as its id, often a name and a date, so it is named
    by its place among the client's sessions, oldest first (``2 of 3``: "session 2 of 3"), as
    reader warnings name sessions by position (docs/formats.md), never by that id.
    """
    total = len(caseload.sessions)
    return {
        r.session_id: r.session_id if r.session_id.isdigit() else f"{n} of {total}"
        for n, r in enumerate(caseload.sessions, start=1)
    }
