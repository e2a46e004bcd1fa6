"""Transcript risk language as insights and as a per-session status for every caseload view.

The risk analyser (``risk.language``) flags wording for clinician review; it never assesses risk.
A session's status is one of three states, and the views must keep them apart:

* ``flagged`` — the analyser ran and flagged utterances (``summary.risk``), for clinician review;
* ``none_flagged`` — the analyser ran and flagged nothing (this is *not* "no risk");
* ``not_analysed`` — the analyser did not run, failed, or left no screening summary
  (``summary.risk_screening`` missing). This is never shown as "no risk".

:func:`risk_status` reads the summary alone; a screen that ran but read none of the client's
words (a language it does not read) is *not analysed* too, which the views and the
``risk_not_analysed`` rule learn from ``insights/risk_coverage.py`` (QA40 #1, QA43 #5).

Sources: clinical-reference.md §10 (C-SSRS wording, Posner et al. 2011) via the risk analyser;
the "for clinician review" framing is docs/analysers/risk.md.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from alliancelens.domain.labels import plain_label
from alliancelens.insights.model import (
    Caseload,
    Insight,
    InsightConfig,
    InsightEvidence,
    InsightKind,
    session_labels,
)

__all__ = [
    "BASIS_TEXT",
    "RiskStatus",
    "basis_text",
    "follow_up_states",
    "follow_up_text",
    "risk_language",
    "risk_status",
    "session_not_analysed",
]

RiskState = Literal["flagged", "none_flagged", "not_analysed"]
_SEVERITY = {"high": 2, "moderate": 1, "medium": 1, "low": 0}


@dataclass(frozen=True, slots=True)
class RiskStatus:
    """One session's transcript-risk state, the flagged utterances and the highest severity."""

    session_id: str
    state: RiskState
    indexes: tuple[int, ...] = ()
    severity: str = ""
    kinds: tuple[str, ...] = ()
    #: (basis, utterance indexes) per basis the risk analyser gave its flags, in flag order.
    bases: tuple[tuple[str, tuple[int, ...]], ...] = ()

    @property
    def text(self) -> str:
        """A short line for a table cell or a list (never "no risk")."""
        if self.state == "not_analysed":
            return f"session {self.session_id}: risk language not analysed (this is not 'no risk')"
        if self.state == "none_flagged":
            return f"session {self.session_id}: no risk language flagged"
        where = ", ".join(str(i) for i in self.indexes)
        noun = "utterance" if len(self.indexes) == 1 else "utterances"
        severity = f" (highest severity: {self.severity})" if self.severity else ""
        return (
            f"risk language for clinician review at session {self.session_id}, "
            f"{noun} {where}{severity}"
        )


def risk_status(session_id: str, summary: Mapping[str, Any]) -> RiskStatus:
    """The risk state of a session from its ``summary`` (``codes_and_summary``)."""
    if not isinstance(summary.get("risk_screening"), Mapping):
        return RiskStatus(session_id, "not_analysed")
    flags = [f for f in summary.get("risk") or [] if isinstance(f, Mapping) and "index" in f]
    if not flags:
        return RiskStatus(session_id, "none_flagged")
    severities = [str(f.get("severity") or "") for f in flags]
    highest = max(severities, key=lambda s: _SEVERITY.get(s, -1))
    bases: dict[str, list[int]] = {}
    for f in flags:
        bases.setdefault(_basis(f), []).append(int(f["index"]))
    return RiskStatus(
        session_id,
        "flagged",
        tuple(sorted({int(f["index"]) for f in flags})),
        highest,
        tuple(dict.fromkeys(plain_label(str(f.get("kind", "risk"))) for f in flags)),
        tuple((basis, tuple(sorted(set(where)))) for basis, where in bases.items()),
    )


#: How each ``basis`` of a risk flag reads in an insight (docs/analysers/risk.md, "What the
#: output means"); the wording rules cite the C-SSRS categories (clinical-reference.md §10.1,
#: Posner et al. 2011), the trained model its own documentation (docs/models/risk.md).
BASIS_TEXT: dict[str, str] = {
    "wording": "the wording rules (C-SSRS categories, Posner et al. 2011, clinical-reference.md "
    "§10.1)",
    "answer_to_screening": "the client's answer to a screening question (C-SSRS categories, "
    "clinical-reference.md §10.1)",
    "disclosure_thread": "the dialogue after an earlier disclosure (a disclosure thread)",
    "thread_follow_up": "the client's answer to a follow-up inside a disclosure thread",
    "joined_disclosure": "a first-person, present-tense statement joining a disclosure made in "
    "the last few turns (group sessions)",
    "model": "the trained risk-language model alone, no wording rule (docs/models/risk.md)",
    "roles_guessed": "a screen run with guessed speaker roles",
}


def _basis(flag: Mapping[str, Any]) -> str:
    """The flag's ``basis``; a flag without one but with ``rule: "model"`` is a model flag."""
    basis = flag.get("basis")
    if isinstance(basis, str) and basis:
        return basis
    return "model" if flag.get("rule") == "model" else "unrecorded"


def basis_text(status: RiskStatus) -> str:
    """``"Flagged by the wording rules (…) at 37; by the trained model alone (…) at 47."``."""
    parts = []
    for basis, where in status.bases:
        what = BASIS_TEXT.get(basis, f"the risk analyser (basis '{basis}')")
        parts.append(f"by {what} at {', '.join(str(i) for i in where)}")
    return f"Flagged {'; '.join(parts)}." if parts else "Flagged by the risk analyser."


def risk_language(
    caseload: Caseload,
    config: InsightConfig,  # noqa: ARG001 - every rule has the same signature
) -> Iterator[Insight]:
    """Risk language flagged for clinician review (risk analyser; C-SSRS wording, §10.1)."""
    labels = session_labels(caseload)  # a file's `# id:` is never printed (often a name)
    for record in caseload.sessions:
        label = labels[record.session_id]
        yield from _third_party_danger(caseload, record.session_id, record.summary, label=label)
        status = risk_status(label, record.summary)  # its text names the session by label
        if status.state != "flagged":
            continue
        follow = follow_up_states(record.summary)
        missed = follow.get(False, ())
        scores = {"risk_flags": float(len(status.indexes))}
        if missed:
            scores["follow_up_not_detected"] = float(len(missed))
        yield Insight(
            InsightKind.ALERT,
            "Risk language for clinician review",
            f"{status.text[0].upper()}{status.text[1:]}: {', '.join(status.kinds)}. "
            f"{basis_text(status)}{follow_up_text(follow)} This is a prompt to read the passage, "
            "not a risk assessment.",
            (InsightEvidence(record.session_id, status.indexes, scores),),
            "Read the flagged passage in the session; if it is risk language, assess and record "
            "risk as your service requires, and check that the follow-up is documented."
            + (
                " No follow-up was detected in the next therapist turn: check whether it was "
                "explored later in the session, and if not, at the next contact."
                if missed
                else ""
            ),
            "risk_language",
            caseload.client,
        )


def follow_up_states(summary: Mapping[str, Any]) -> dict[bool, tuple[int, ...]]:
    """Flagged utterances by the risk screen's ``therapist_follow_up`` (True / False).

    The same field the session page's flag row shows ("Therapist follow-up: yes / not
    detected"); a flag without it (an older analysis) is in neither list.
    """
    found: dict[bool, set[int]] = {}
    for flag in summary.get("risk") or []:
        if isinstance(flag, Mapping) and "index" in flag:
            state = flag.get("therapist_follow_up")
            if isinstance(state, bool):
                found.setdefault(state, set()).add(int(flag["index"]))
    return {state: tuple(sorted(where)) for state, where in found.items()}


def follow_up_text(follow: Mapping[bool, tuple[int, ...]]) -> str:
    """`` Therapist follow-up (…): not detected for utterance 3.`` (QA37 #3), or ``""``."""
    parts = [
        f"{words} for utterance{'' if len(follow[state]) == 1 else 's'} "
        + ", ".join(str(i) for i in follow[state])
        for state, words in ((True, "detected"), (False, "not detected"))
        if follow.get(state)
    ]
    if not parts:
        return ""
    return (
        " Therapist follow-up (the risk screen's reading of the next therapist turn): "
        + "; ".join(parts)
        + "."
    )


def _third_party_danger(
    caseload: Caseload, session_id: str, summary: Mapping[str, Any], *, label: str
) -> Iterator[Insight]:
    """risk.language v23 (QA31 #4): a third-party report of danger, never "no risk language".

    clinical-reference.md §10.3 puts a third-party report of danger in tier 3 (immediate); it
    is not a flag about the client, so it does not change the session's risk state.
    """
    screening = summary.get("risk_screening")
    danger = screening.get("third_party_danger") if isinstance(screening, Mapping) else None
    where = tuple(
        sorted({int(e["index"]) for e in danger or [] if isinstance(e, Mapping) and "index" in e})
    )
    if not where:
        return
    yield Insight(
        InsightKind.ALERT,
        "Third-party danger for clinician review (safeguarding)",
        f"Session {label}, utterance(s) {', '.join(str(i) for i in where)}: the client "
        "reports a specific danger to or from someone else (a plan, means, a date or a threat). "
        "Not a risk flag about the client; clinical-reference.md §10.3 tier 3 (immediate).",
        (InsightEvidence(session_id, where, {"third_party_danger": float(len(where))}),),
        "Read the passage today and act on it as a safeguarding matter as your service requires; "
        "record what was done.",
        "risk_language",
        caseload.client,
    )


def session_not_analysed(client: str, session_id: str, reason: str) -> Insight:
    """A stored session with no analysis, as a prompt: its risk was *not analysed* (not "no risk").

    ``reason`` is the store's one-line reason (no analysis consent, or not run yet), naming the
    command that unblocks it.
    """
    return Insight(
        InsightKind.PROMPT,
        "Session not analysed",
        f"Session {session_id} has no stored analysis, so it is left out of these insights and "
        "its transcript was not screened for risk language (this is not 'no risk'). Reason: "
        f"{reason}",
        (InsightEvidence(session_id, scores={"analysed": 0.0}),),
        "Analyse the session once it may be analysed, or read its transcript yourself for risk "
        "language.",
        "session_not_analysed",
        client,
    )
