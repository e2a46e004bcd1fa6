"""Whether a stored risk screen read the client's words: "not analysed" when it screened none.

QA40 #1: a Spanish transcript read "No risk language detected by this analyser in 3 screened
utterance(s)", although the analyser reads English only. "The risk analyser ran and flagged
nothing" is therefore never taken as "screened" on its own: every view reads the counts the
analyser stores in its ``risk_screening`` summary (``screened.utterances`` and
``screened.interpreter_renderings_not_screened``) against the session's own utterances.

* **Nothing screened** (``screened.utterances`` is 0, or missing / not a count): the screen is
  *not analysed*, with the reason — "language not supported" when the session has client
  utterances (the only client words the analyser lists as not screened are those in languages
  other than English), "no client utterances to screen" when it has none. Never "no risk".
* **Some client utterances not screened** (non-therapist utterances, less the interpreter turns
  the analyser leaves out on purpose, outnumber the screened ones): the screen stands, and the
  views say how many lines were not screened and why, so the reader checks them.

One test for every view (QA43 #5): the dashboard's caseload and client page
(``web/_risk_screen.py``) and the insight rule ``risk_not_analysed`` both call
:func:`screened_risk`. The analyser's own count lives in ``analysers/_risk_screening.py``; this
module only reads what it stored, so older stored analyses are judged by the same rule.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from alliancelens.domain import Role, Utterance
from alliancelens.insights.model import (
    Caseload,
    Insight,
    InsightConfig,
    InsightEvidence,
    InsightKind,
    session_labels,
)
from alliancelens.insights.risk_rules import RiskStatus, risk_status

__all__ = [
    "LANGUAGE_NOT_SUPPORTED",
    "NO_CLIENT_UTTERANCES",
    "NO_SCREENED_COUNT",
    "ScreenCoverage",
    "ScreenedRisk",
    "risk_not_analysed",
    "screen_coverage",
    "screened_risk",
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


def screen_coverage(screening: object, utterances: Sequence[Utterance]) -> ScreenCoverage:
    """How much of the session's client speech the stored ``screening`` summary says was read.

    ``utterances`` are the session's own (``session.utterances``).
    """
    if not isinstance(screening, Mapping):
        return ScreenCoverage(NO_SCREENED_COUNT)
    screened, renderings = _screened(screening)
    if screened is None:
        return ScreenCoverage(NO_SCREENED_COUNT)
    others = sum(u.role is not Role.THERAPIST for u in utterances) - renderings
    if screened == 0:
        return ScreenCoverage(_reason(screening) if others > 0 else NO_CLIENT_UTTERANCES)
    left_out = max(0, others - screened)
    return ScreenCoverage(None, left_out, _reason(screening) if left_out else "")


@dataclass(frozen=True, slots=True)
class ScreenedRisk:
    """A session's risk state as every view shows it.

    ``status`` is :func:`risk_status`, except that a screen which read none of the client's words
    is ``not_analysed``, with ``reason`` saying why; ``partial`` is the line for a screen that
    left some client utterances unread ("2 client utterances not screened (language not
    supported)"), else None, and ``unscreened`` counts those utterances.
    """

    status: RiskStatus
    reason: str | None = None
    partial: str | None = None
    unscreened: int = 0


def screened_risk(
    session_id: str, summary: Mapping[str, Any], utterances: Sequence[Utterance]
) -> ScreenedRisk:
    """One analysed session's risk state, its not-analysed reason and its partial-screen line.

    ``summary`` is the session's ``codes_and_summary`` summary, ``utterances`` its own.
    """
    status = risk_status(session_id, summary)
    screening = summary.get("risk_screening")
    if status.state == "not_analysed" or screening is None:
        return ScreenedRisk(status)
    coverage = screen_coverage(screening, utterances)
    if coverage.missing is not None and status.state == "none_flagged":
        return ScreenedRisk(RiskStatus(session_id, "not_analysed"), coverage.missing)
    if coverage.unscreened:
        noun = "utterance" if coverage.unscreened == 1 else "utterances"
        line = f"{coverage.unscreened} client {noun} not screened ({coverage.unscreened_reason})"
        return ScreenedRisk(status, partial=line, unscreened=coverage.unscreened)
    return ScreenedRisk(status)


def _unread(summary: Mapping[str, Any]) -> tuple[int, ...]:
    """The client utterances the screen lists as not read (another language), by index."""
    screening = summary.get("risk_screening")
    listed = screening.get("not_english_indexes") if isinstance(screening, Mapping) else None
    found = (_count(i) for i in listed) if isinstance(listed, list | tuple) else ()
    return tuple(sorted({i for i in found if i is not None}))


def _not_analysed(
    client: str, session_id: str, reason: str | None, unread: tuple[int, ...], *, label: str
) -> Insight:
    """The *not analysed* prompt: the analyser did not run, or its screen read nothing."""
    if reason is None:
        explanation = (
            f"The risk analyser did not run or failed on session {label}, so its "
            "transcript was not screened for risk language."
        )
    else:
        explanation = (
            f"The risk screen of session {label} read none of the client's utterances "
            f"({reason}), so its transcript was not screened for risk language."
        )
    if reason == LANGUAGE_NOT_SUPPORTED:
        suggestion = (
            "Read the client's lines yourself, or with an interpreter, for risk language: the "
            "screen reads English only."
        )
    else:
        suggestion = (
            "Re-run the analysis of this session, or read the transcript yourself for risk "
            "language."
        )
    return Insight(
        InsightKind.PROMPT,
        "Risk language not analysed",
        f"{explanation} Not analysed is not 'no risk' (docs/analysers/risk.md).",
        (InsightEvidence(session_id, unread, {"risk_analysed": 0.0}),),
        suggestion,
        "risk_not_analysed",
        client,
    )


def _partly_screened(
    client: str,
    session_id: str,
    partial: str,
    unscreened: int,
    unread: tuple[int, ...],
    *,
    label: str,
) -> Insight:
    """The *partly screened* prompt: the screen left some client utterances unread."""
    return Insight(
        InsightKind.PROMPT,
        "Risk language partly screened",
        f"Session {label}: {partial}. The risk screen read the session's other client "
        "utterances only, so what it flagged, or did not flag, says nothing about these lines "
        "(this is not 'no risk').",
        (
            InsightEvidence(
                session_id, unread, {"client_utterances_not_screened": float(unscreened)}
            ),
        ),
        "Read those lines yourself, or with an interpreter, for risk language.",
        "risk_not_analysed",
        client,
    )


def risk_not_analysed(
    caseload: Caseload,
    config: InsightConfig,  # noqa: ARG001 - every rule has the same signature
) -> Iterator[Insight]:
    """Risk not analysed or partly screened: never "no risk" (§10, risk.md; QA43 #5).

    The same test as the dashboard's caseload (:func:`screened_risk`): no screening summary, or
    a screen that read none of the client's words, is *not analysed*; a screen that left some
    client utterances unread is *partly screened*.
    """
    labels = session_labels(caseload)  # a file's `# id:` is never printed (often a name)
    for record in caseload.sessions:
        found = screened_risk(record.session_id, record.summary, record.utterances)
        unread = _unread(record.summary)
        label = labels[record.session_id]
        if found.status.state == "not_analysed":
            yield _not_analysed(
                caseload.client, record.session_id, found.reason, unread, label=label
            )
        elif found.partial is not None:
            yield _partly_screened(
                caseload.client,
                record.session_id,
                found.partial,
                found.unscreened,
                unread,
                label=label,
            )
