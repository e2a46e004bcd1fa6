"""The rule registry and the function that runs every rule over a caseload.

A rule is a small function ``(caseload, config) -> Iterable[Insight]``; :data:`RULES` lists them
in the order their insights are reported. docs/insights.md documents each one with its source.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace

from alliancelens.insights.caseload_rules import (
    bond_against_srs,
    homework_withdrawal_pattern,
    low_reflection_to_question,
    not_on_track_fit,
)
from alliancelens.insights.measure_rules import (
    intake_above_cutoff,
    measure_alerts,
    session_measure_alerts,
)
from alliancelens.insights.model import (
    Caseload,
    Insight,
    InsightConfig,
    InsightKind,
    session_labels,
)
from alliancelens.insights.risk_coverage import risk_not_analysed
from alliancelens.insights.risk_rules import risk_language
from alliancelens.insights.session_rules import (
    advice_without_permission,
    feedback_not_elicited,
    repaired_rupture,
    therapist_own_problems,
    unresolved_rupture,
)
from alliancelens.insights.strength_rules import (
    complex_reflections,
    feedback_elicited,
    mi_adherent_responses,
    reflective_listening,
    risk_followed_up,
)

__all__ = [
    "CLIENT_RULES",
    "RULES",
    "SESSION_ONLY_RULES",
    "SESSION_RULES",
    "Rule",
    "group_repeated",
    "insights_for_caseload",
    "insights_for_caseloads",
    "kind_order",
]

Rule = Callable[[Caseload, InsightConfig], Iterable[Insight]]

#: Every rule, by id. Adding a rule = write the function, add it here, document it.
RULES: dict[str, Rule] = {
    "risk_language": risk_language,
    "risk_not_analysed": risk_not_analysed,
    "unresolved_rupture": unresolved_rupture,
    "homework_withdrawal_pattern": homework_withdrawal_pattern,
    "repaired_rupture": repaired_rupture,
    "low_reflection_to_question": low_reflection_to_question,
    "bond_against_srs": bond_against_srs,
    "not_on_track_fit": not_on_track_fit,
    "measure_alerts": measure_alerts,
    "session_measure_alerts": session_measure_alerts,
    "therapist_own_problems": therapist_own_problems,
    "advice_without_permission": advice_without_permission,
    "feedback_not_elicited": feedback_not_elicited,
    "intake_above_cutoff": intake_above_cutoff,
    # strengths (QA37 #4), each the mirror of a growth-area or alert rule above
    "risk_followed_up": risk_followed_up,
    "feedback_elicited": feedback_elicited,
    "reflective_listening": reflective_listening,
    "complex_reflections": complex_reflections,
    "mi_adherent_responses": mi_adherent_responses,
}

#: Rules that read a client's series (several sessions, or the measure forms' trajectories):
#: ``insights session:ID`` leaves them to ``insights client:ID`` (one session is no series; the
#: session page lists the alerts raised at its own forms).
CLIENT_RULES = frozenset(
    {
        "homework_withdrawal_pattern",
        "low_reflection_to_question",
        "bond_against_srs",
        "not_on_track_fit",
        "measure_alerts",
        "intake_above_cutoff",
    }
)
#: Rules about one session's own forms: ``insights session:ID`` only. Over a whole caseload
#: they would repeat :func:`measure_alerts` (the current alerts), so the default leaves them out.
SESSION_ONLY_RULES = frozenset({"session_measure_alerts"})
#: The rules ``insights session:ID`` runs, in :data:`RULES` order.
SESSION_RULES = tuple(name for name in RULES if name not in CLIENT_RULES)

_ORDER = {
    InsightKind.ALERT: 0,
    InsightKind.PROMPT: 1,
    InsightKind.GROWTH_AREA: 2,
    InsightKind.STRENGTH: 3,
}


def kind_order(kind: InsightKind) -> int:
    """Where a kind is listed: alerts first, then prompts, growth areas, strengths."""
    return _ORDER[kind]


#: Rules whose insights are never merged across sessions: each risk item is read on its own.
UNGROUPED = frozenset({"risk_language", "risk_not_analysed"})


#: Evidence that names a measure's form (``ORS #4``) rather than a session.
_FORM = re.compile(r".*#\d+")


def _name(session_id: str, labels: Mapping[str, str]) -> str:
    """A session as insight text names it: ``9``, ``session 2 of 3``, a form's label (``ORS #4``).

    Any other id (a file's ``# id:`` that is not in the caseload) is never printed.
    """
    if session_id.isdigit():
        return session_id
    if session_id in labels:
        return f"session {labels[session_id]}"
    return session_id if _FORM.fullmatch(session_id) else "another session"


def _where(session_id: str, labels: Mapping[str, str]) -> str:
    """``Session 7`` / ``Session 2 of 3`` at the start of one session's text in a group."""
    name = _name(session_id, labels)
    return f"Session {name}" if session_id.isdigit() else name[:1].upper() + name[1:]


def _merged(same: Sequence[Insight], labels: Mapping[str, str]) -> Insight:
    """One insight for a rule that fired in several sessions: every session's evidence kept."""
    first = same[0]
    if len(same) == 1:
        return first
    texts = dict.fromkeys(i.explanation for i in same)
    if len(texts) == 1:
        explanation = first.explanation
    else:  # the facts differ per session: keep each, labelled with its session
        explanation = " ".join(
            f"{_where(i.evidence[0].session_id, labels)}: {i.explanation}" for i in same
        )
    sessions = ", ".join(dict.fromkeys(_name(s, labels) for i in same for s in i.session_ids))
    return replace(
        first,
        explanation=f"{explanation} (Seen in {len(same)} sessions: {sessions}.)",
        evidence=tuple(e for i in same for e in i.evidence),
    )


def group_repeated(
    found: Sequence[Insight], labels: Mapping[str, str] | None = None
) -> list[Insight]:
    """Merge a rule's repeated insights about one client into one entry listing the sessions.

    QA35 #15: "Feedback not asked for at the end of the session" four times on one client is one
    pattern. Insights merge when kind, rule, client, title and suggestion agree; the merged one
    keeps every session's evidence (in order) and says in how many sessions it was seen; two
    insights about the same session (two episodes) stay apart. Risk rules (:data:`UNGROUPED`)
    are never merged. Order: where each group first appeared. ``labels``
    (:func:`~alliancelens.insights.model.session_labels`) names sessions read from files by
    position; without them such a session is "another session", never its id.
    """
    labels = labels or {}
    groups: list[list[Insight]] = []
    open_groups: dict[tuple[str, ...], list[list[Insight]]] = {}
    for insight in found:
        key = (insight.kind.value, insight.rule, insight.client, insight.title, insight.suggestion)
        sessions = set(insight.session_ids)
        candidates = [] if insight.rule in UNGROUPED else open_groups.setdefault(key, [])
        # two episodes of one session stay two entries: only other sessions join a group
        home = next(
            (g for g in candidates if not sessions & {s for i in g for s in i.session_ids}), None
        )
        if home is None:
            home = []
            groups.append(home)
            candidates.append(home)
        home.append(insight)
    return [_merged(same, labels) for same in groups]


def insights_for_caseload(
    caseload: Caseload,
    config: InsightConfig | None = None,
    *,
    rules: Sequence[str] | None = None,
) -> list[Insight]:
    """Run ``rules`` and order alerts first, strengths last.

    Default: every rule of :data:`RULES` but the session-only ones (:data:`SESSION_ONLY_RULES`).
    """
    config = config or InsightConfig()
    if rules is None:
        chosen = {n: r for n, r in RULES.items() if n not in SESSION_ONLY_RULES}
    else:
        chosen = {name: RULES[name] for name in rules}
    found = [insight for rule in chosen.values() for insight in rule(caseload, config)]
    grouped = group_repeated(found, session_labels(caseload))
    return sorted(grouped, key=lambda i: kind_order(i.kind))


def insights_for_caseloads(
    caseloads: Iterable[Caseload], config: InsightConfig | None = None
) -> list[Insight]:
    """Insights for every caseload, client by client."""
    return [i for caseload in caseloads for i in insights_for_caseload(caseload, config)]
