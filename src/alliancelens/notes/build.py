"""Assemble SOAP, DAP and BIRP drafts from one analysed session and its measures.

Which facts go in which section (docs/notes.md has the same table):

========  =====================================================================================
SOAP      S: client-reported mood, change/sustain talk (MI-like sessions only) · O: measure
          scores, talk share, interventions, alliance estimate · A: risk, ruptures, measure
          alerts · P: agreed goals/tasks and plans, unrepaired ruptures, safety plan, risk review
DAP       D: client mood and talk (as S), measure scores, interventions, talk share ·
          A: risk, ruptures, alliance estimate, measure alerts · P: as SOAP
BIRP      B: client mood and talk (as S), measure scores, risk · I: interventions ·
          R: ruptures and repair, alliance estimate, measure alerts · P: as SOAP
========  =====================================================================================
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from alliancelens.analysers import AnalysisResult
from alliancelens.measures import MeasuresReport
from alliancelens.notes._client import subjective
from alliancelens.notes._measures import measure_alerts, measure_scores
from alliancelens.notes._plan import agreed_plan, plan_lines
from alliancelens.notes._risk import risk_review, risk_sentences
from alliancelens.notes._transcript import TALK, TranscriptFacts
from alliancelens.notes.model import (
    FORMATS,
    NOT_DISCUSSED,
    Evidence,
    Note,
    NoteFormat,
    Section,
    Sentence,
)

__all__ = ["SECTIONS", "UNDATED", "build_note", "neutral_title"]

#: The title of a note drafted from a file with no session date (QA 13: a bare "Session").
UNDATED = "Session, date not recorded"


@dataclass(frozen=True, slots=True)
class _Parts:
    """The sources of one note; each method is one block of sentences."""

    facts: TranscriptFacts
    measures: MeasuresReport | None
    session: str

    def quotes(self) -> list[Sentence]:
        return subjective(self.facts)

    def scores(self) -> list[Sentence]:
        return measure_scores(self.measures, self.session)

    def alerts(self) -> list[Sentence]:
        return measure_alerts(self.measures, self.session)

    def interventions(self) -> list[Sentence]:
        return self.facts.interventions()

    def talk(self) -> list[Sentence]:
        return self.facts.talk_share()

    def alliance(self) -> list[Sentence]:
        return self.facts.alliance()

    def ruptures(self) -> list[Sentence]:
        return self.facts.ruptures()

    def risk(self) -> list[Sentence]:
        return risk_sentences(self.facts)

    def plan(self) -> list[Sentence]:
        agreed = plan_lines(self.facts, self.facts.agreed(), agreed_plan(self.facts))
        return agreed + self.facts.unresolved_ruptures() + risk_review(self.facts)


_Part = Callable[[_Parts], list[Sentence]]
_P = _Parts

#: Section names and the parts that fill them, per format (risk is in every format).
SECTIONS: dict[NoteFormat, tuple[tuple[str, tuple[_Part, ...]], ...]] = {
    "soap": (
        ("Subjective", (_P.quotes,)),
        ("Objective", (_P.scores, _P.talk, _P.interventions, _P.alliance)),
        ("Assessment", (_P.risk, _P.ruptures, _P.alerts)),
        ("Plan", (_P.plan,)),
    ),
    "dap": (
        ("Data", (_P.quotes, _P.scores, _P.interventions, _P.talk)),
        ("Assessment", (_P.risk, _P.ruptures, _P.alliance, _P.alerts)),
        ("Plan", (_P.plan,)),
    ),
    "birp": (
        ("Behavior", (_P.quotes, _P.scores, _P.risk)),
        ("Intervention", (_P.interventions,)),
        ("Response", (_P.ruptures, _P.alliance, _P.alerts)),
        ("Plan", (_P.plan,)),
    ),
}


def neutral_title(result: AnalysisResult) -> str:
    """``Session of <date>`` (or ``Session, date not recorded``): never the file name."""
    date = result.session.date
    return f"Session of {date.isoformat()}" if date is not None else UNDATED


def build_note(
    result: AnalysisResult,
    format: NoteFormat,
    *,
    measures: MeasuresReport | None = None,
    title: str | None = None,
    member: str | None = None,
) -> Note:
    """The draft note for ``result`` in ``format``; measures of the same session id if given.

    ``title`` replaces the session id as the note's ``session`` label (title, JSON, PDF metadata);
    a note drafted from a file passes :func:`neutral_title`, because file names (Zoom or Teams
    exports) often hold the client's name. Measures are still matched by the session id.

    A session with several client speakers (couple, family, group) needs ``member``, the label
    of the client whose record the note is for: only their words and risk items appear, the
    rest of the session by utterance index only (:mod:`alliancelens.notes._scope`; raises
    :class:`~alliancelens.errors.UsageError` without it).
    """
    if format not in FORMATS:
        raise ValueError(f"unknown note format {format!r}; use one of {FORMATS}")
    sources = _Parts(TranscriptFacts.of(result, member), measures, result.session.id)
    sections = [
        Section.of(name, [sentence for part in parts for sentence in part(sources)])
        for name, parts in SECTIONS[format]
    ]
    if sources.facts.member is not None:
        scope = _member_scope(sources.facts)
        first = [s for s in sections[0].sentences if s.text != NOT_DISCUSSED]
        sections[0] = Section(sections[0].name, (scope, *first))
    return Note(format, title or sources.session, tuple(sections))


def _member_scope(facts: TranscriptFacts) -> Sentence:
    """The opening line of one client's note from a session with several clients."""
    return Sentence(
        f"Note for one of the {facts.clients()} clients in this session: only this client's "
        "words and risk items are quoted or listed; interventions, ruptures and the alliance "
        "estimate describe the whole session.",
        (Evidence("finding", {"analyser": TALK, "clients": facts.clients()}),),
    )
