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

The risk analyser's own count lives in ``analysers/_risk_screening.py``; this module only reads
what it stored, so older stored analyses are judged by the same rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from alliancelens import services
from alliancelens.analysers import AnalysisResult
from alliancelens.domain import Role, Session
from alliancelens.errors import NotFoundError
from alliancelens.insights import RiskStatus, risk_status
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
    "screen_coverage",
]

#: Why nothing was screened when the session has client utterances the analyser did not read.
LANGUAGE_NOT_SUPPORTED: Final = "language not supported"
#: Why nothing was screened when nobody but the therapist speaks (or only interpreter renderings).
NO_CLIENT_UTTERANCES: Final = "no client utterances to screen"
#: A stored screening summary without a usable count (never read as "screened").
NO_SCREENED_COUNT: Final = "the stored screening summary does not say how many utterances were read"
#: Why some client utterances were left out, when the analyser gives no other reason.
_GENERIC_UNSCREENED: Final = "not screened by the analyser"


@dataclass(frozen=True, slots=True)
class ScreenCoverage:
    """What a stored risk screen read of the client's words.

    ``missing`` is the *not analysed* reason when it read none of them (None otherwise);
    ``unscreened`` counts client utterances it did not read although it read others, and
    ``unscreened_reason`` says why.
    """

    missing: str | None
    unscreened: int = 0
    unscreened_reason: str = ""


def _count(value: object) -> int | None:
    """A stored count (a non-negative whole number; floats from JSON included), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and value >= 0:
        return value
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return int(value)
    return None


def _screened(screening: Mapping[str, Any]) -> tuple[int | None, int]:
    """(utterances screened, interpreter renderings left out) as stored by the analyser."""
    screened = screening.get("screened")
    if isinstance(screened, Mapping):
        renderings = _count(screened.get("interpreter_renderings_not_screened")) or 0
        return _count(screened.get("utterances")), renderings
    return _count(screened), 0


def _reason(screening: Mapping[str, Any]) -> str:
    """Why client utterances were not read: the analyser names only other languages today."""
    listed = screening.get("not_screened")
    entries = [str(e) for e in listed] if isinstance(listed, list | tuple) else []
    return LANGUAGE_NOT_SUPPORTED if any("language" in e for e in entries) else _GENERIC_UNSCREENED


def screen_coverage(screening: object, session: Session) -> ScreenCoverage:
    """How much of ``session``'s client speech the stored ``screening`` summary says was read."""
    if not isinstance(screening, Mapping):
        return ScreenCoverage(NO_SCREENED_COUNT)
    screened, renderings = _screened(screening)
    if screened is None:
        return ScreenCoverage(NO_SCREENED_COUNT)
    others = sum(u.role is not Role.THERAPIST for u in session.utterances) - renderings
    if screened == 0:
        return ScreenCoverage(_reason(screening) if others > 0 else NO_CLIENT_UTTERANCES)
    left_out = max(0, others - screened)
    return ScreenCoverage(None, left_out, _reason(screening) if left_out else "")


def result_coverage(result: AnalysisResult) -> ScreenCoverage | None:
    """The coverage of a stored analysis's risk screen; None when it has no screening summary."""
    summary = codes_and_summary(result)[1].get("risk_screening")
    return None if summary is None else screen_coverage(summary, result.session)


@dataclass(frozen=True, slots=True)
class CaseloadRisk:
    """A client's sessions' risk states for the caseload and client page.

    ``statuses`` as ``services.risk_overview`` gives them, except that a screen which read none
    of the client's words is ``not_analysed`` (its reason in ``reasons``, by session id as
    text); ``partial`` names sessions whose screen left some client utterances unread.
    """

    statuses: tuple[RiskStatus, ...]
    reasons: dict[str, str]
    partial: dict[str, str]


def _state(session_id: int, result: AnalysisResult) -> tuple[RiskStatus, str | None, str | None]:
    """One analysed session's status, its not-analysed reason, and its partial-screen line."""
    status = risk_status(str(session_id), codes_and_summary(result)[1])
    coverage = result_coverage(result)
    if status.state == "not_analysed" or coverage is None:
        return status, None, None
    if coverage.missing is not None and status.state == "none_flagged":
        return RiskStatus(str(session_id), "not_analysed"), coverage.missing, None
    if coverage.unscreened:
        noun = "utterance" if coverage.unscreened == 1 else "utterances"
        line = f"{coverage.unscreened} client {noun} not screened ({coverage.unscreened_reason})"
        return status, None, line
    return status, None, None


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
    for stored in caseload.results:
        status, reason, line = _state(stored.session_id, stored.result)
        statuses.append(status)
        if reason is not None:
            reasons[status.session_id] = reason
        if line is not None:
            partial[status.session_id] = line
    statuses += [RiskStatus(str(i), "not_analysed") for i in caseload.unanalysed]
    return CaseloadRisk(tuple(statuses), reasons, partial)
