"""Whether a stored risk screen read the client's words: "not analysed" when it screened none.

QA40 #1: a Spanish transcript read "No risk language detected by this analyser in 3 screened
utterance(s)" on the session page and "No risk language flagged in 1 analysed session" on the
caseload, although the analyser reads English only. The pages therefore never take "the risk
analyser ran and flagged nothing" as "screened" on its own: they read the counts the analyser
stores in its ``risk_screening.summary`` finding (``screened.utterances``, and
``screened.interpreter_renderings_not_screened``) against the session's own utterances.

* **Nothing screened** (``screened.utterances`` is 0, or missing / not a count): the screen is
  *not analysed*, with the reason — "language not supported" when the session has client
  utterances (the only client words the analyser lists as not screened are those in languages
  other than English), "no client utterances to screen" when it has none. Never "no risk".
* **Some client utterances not screened** (non-therapist utterances, less the interpreter turns
  the analyser leaves out on purpose, outnumber the screened ones): the screen stands, and the
  pages say how many lines were not screened and why, so the reader checks them.

The risk analyser's own count lives in ``analysers/_risk_screening.py``; the test that reads it
lives in ``insights/risk_coverage.py`` (QA43 #5), shared by these pages and the
``risk_not_analysed`` insight rule, so older stored analyses are judged by the same rule
everywhere.

QA42 #2: a screen whose speaker roles were guessed (the client's words may have been read as the
therapist's), or which lists lower-confidence *possible* items, is never summarised as "no risk
language flagged": :attr:`CaseloadRisk.review` says what is waiting, per session.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from alliancelens import services
from alliancelens.analysers import AnalysisResult
from alliancelens.domain import ROLES_GUESSED, Session
from alliancelens.errors import NotFoundError
from alliancelens.insights import RiskStatus
from alliancelens.insights.risk_coverage import (
    LANGUAGE_NOT_SUPPORTED,
    NO_CLIENT_UTTERANCES,
    NO_SCREENED_COUNT,
    ScreenCoverage,
    screened_risk,
)
from alliancelens.insights.risk_coverage import screen_coverage as _coverage
from alliancelens.report import codes_and_summary
from alliancelens.security.policy import Actor
from alliancelens.storage import Database

__all__ = [
    "LANGUAGE_NOT_SUPPORTED",
    "NO_CLIENT_UTTERANCES",
    "NO_SCREENED_COUNT",
    "CaseloadRisk",
    "ScreenCoverage",
    "caseload_risk",
    "result_coverage",
    "review_line",
    "screen_coverage",
]


def screen_coverage(screening: object, session: Session) -> ScreenCoverage:
    """How much of ``session``'s client speech the stored ``screening`` summary says was read.

    The test itself is ``insights.risk_coverage.screen_coverage``, shared with the
    ``risk_not_analysed`` insight rule (QA43 #5).
    """
    return _coverage(screening, session.utterances)


def result_coverage(result: AnalysisResult) -> ScreenCoverage | None:
    """The coverage of a stored analysis's risk screen; None when it has no screening summary."""
    summary = codes_and_summary(result)[1].get("risk_screening")
    return None if summary is None else screen_coverage(summary, result.session)


@dataclass(frozen=True, slots=True)
class CaseloadRisk:
    """A client's sessions' risk states for the caseload and client page.

    ``statuses`` as ``services.risk_overview`` gives them, except that a screen which read none
    of the client's words is ``not_analysed`` (its reason in ``reasons``, by session id as
    text); ``partial`` names sessions whose screen left some client utterances unread;
    ``review`` names sessions whose screen needs a look before it counts as clear: speaker roles
    guessed, or *possible* items waiting (QA42 #2).
    """

    statuses: tuple[RiskStatus, ...]
    reasons: dict[str, str]
    partial: dict[str, str]
    review: dict[str, str] = field(default_factory=dict)


def review_line(result: AnalysisResult) -> str | None:
    """What a stored screen needs before it counts as clear, or None (QA42 #2).

    Speaker roles that were guessed (the transcript named no therapist and nobody confirmed
    them: the client's words may have been read as the therapist's), and lower-confidence
    *possible* items waiting for review after the session.
    """
    screening = codes_and_summary(result)[1].get("risk_screening")
    if not isinstance(screening, Mapping):
        return None
    parts: list[str] = []
    guessed = screening.get("roles_guessed") or result.session.metadata.get(ROLES_GUESSED) == "yes"
    if guessed:
        parts.append("speaker roles were guessed, not confirmed: set them on the session page")
    possible = screening.get("possible")
    count = len(possible) if isinstance(possible, list | tuple) else 0
    if count:
        parts.append(f"{count} possible item{'' if count == 1 else 's'} waiting for review")
    return "; ".join(parts) or None


def _state(session_id: int, result: AnalysisResult) -> tuple[RiskStatus, str | None, str | None]:
    """One analysed session's status, its not-analysed reason and its partial-screen line.

    ``insights.risk_coverage.screened_risk``: the same test as the insight rule (QA43 #5).
    """
    found = screened_risk(str(session_id), codes_and_summary(result)[1], result.session.utterances)
    return found.status, found.reason, found.partial


def caseload_risk(database: Database, actor: Actor, *, client_id: int) -> CaseloadRisk:
    """Each stored session's transcript-risk state, screens that read nothing *not analysed*.

    The same sessions, order and access as ``services.risk_overview`` (sessions without a stored
    analysis are *not analysed*; a client without stored sessions gives no statuses). Raises
    ``AccessDeniedError`` when the actor may not view the client's analyses.
    """
    try:
        caseload = services.stored_caseload(database, actor, client_id=client_id)
    except NotFoundError:
        ids = [s.id for s in services.list_sessions(database, actor, client_id=client_id)]
        return CaseloadRisk(tuple(RiskStatus(str(i), "not_analysed") for i in ids), {}, {})
    statuses: list[RiskStatus] = []
    reasons: dict[str, str] = {}
    partial: dict[str, str] = {}
    review: dict[str, str] = {}
    for stored in caseload.results:
        status, reason, line = _state(stored.session_id, stored.result)
        statuses.append(status)
        if reason is not None:
            reasons[status.session_id] = reason
        if line is not None:
            partial[status.session_id] = line
        waiting = review_line(stored.result) if status.state != "not_analysed" else None
        if waiting is not None:
            review[status.session_id] = waiting
    statuses += [RiskStatus(str(i), "not_analysed") for i in caseload.unanalysed]
    return CaseloadRisk(tuple(statuses), reasons, partial, review)
