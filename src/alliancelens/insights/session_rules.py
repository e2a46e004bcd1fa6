"""Rules over one session's summary: ruptures, red flags and feedback at the end.

Each rule takes a :class:`~alliancelens.insights.model.Caseload` and the config and yields
insights for every session that shows the pattern. Sources are named in each docstring and in
docs/insights.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, Final

from alliancelens.domain import Role, Utterance
from alliancelens.domain.labels import plain_label
from alliancelens.insights.model import (
    Caseload,
    Insight,
    InsightConfig,
    InsightEvidence,
    InsightKind,
    SessionRecord,
)

__all__ = [
    "advice_without_permission",
    "feedback_asked",
    "feedback_not_elicited",
    "repaired_rupture",
    "therapist_own_problems",
    "unresolved_rupture",
]

# 3RS model: clinical-reference.md §5 [V: 3RS-2015]
_3RS = "the 3RS model of Eubanks, Muran & Safran 2015"


def _episodes(record: SessionRecord) -> list[Mapping[str, Any]]:
    found = record.family("ruptures")
    return [e for e in found if isinstance(e, Mapping)] if isinstance(found, list) else []


def _words(name: str) -> str:
    return plain_label(name)


def _who(record: SessionRecord, episode: Mapping[str, Any]) -> str:
    """The episode's client label, as " (Jordan)", when the session has several (QA qa30 #10).

    In a couple or family session each client has their own episodes (ruptures.md); the reader
    must see which one withdrew. One client: nothing added.
    """
    clients = {u.speaker for u in record.utterances if u.role is Role.CLIENT}
    if len(clients) < 2:
        return ""
    start = episode.get("start_index")
    speaker = next((u.speaker for u in record.utterances if u.index == start), None)
    return f" ({speaker})" if speaker else ""


def unresolved_rupture(
    caseload: Caseload,
    config: InsightConfig,  # noqa: ARG001 - every rule has the same signature
) -> Iterator[Insight]:
    """An unresolved withdrawal or confrontation episode (3RS, clinical-reference.md §5.1/5.5)."""
    for record in caseload.sessions:
        for episode in _episodes(record):
            if episode.get("resolved"):
                continue
            kind = str(episode.get("kind", "rupture"))
            markers = ", ".join(_words(m) for m in episode.get("markers", []))
            yield Insight(
                InsightKind.ALERT,
                f"Unresolved {kind} rupture{_who(record, episode)}",
                f"A {kind} rupture ({_REF[kind]}; markers: {markers}) starts "
                f"at utterance {episode.get('start_index')} and {_outcome(episode)}.",
                (
                    InsightEvidence(
                        record.session_id,
                        tuple(episode.get("evidence_indexes", ()))
                        or (int(episode.get("start_index", 0)),),
                        {"strength": float(episode.get("strength", 0))},
                    ),
                ),
                "Name what happened with the client next time (metacommunication): invite them "
                "to say how that part of the session felt, and acknowledge your own part in it.",
                "unresolved_rupture",
                caseload.client,
            )


def _outcome(episode: Mapping[str, Any]) -> str:
    """How an unresolved episode ended: a repair attempt that did not land, or none at all."""
    strategies = [str(s) for s in episode.get("resolution_strategies") or []]
    if not strategies:
        return "shows no sign of repair by the end of the episode (automated reading)"
    where = sorted({int(s["index"]) for s in episode.get("strategy_evidence") or []})
    tried = ", ".join(_words(s) for s in strategies)  # 3RS resolution strategies (§5.4)
    at = f" at utterance {', '.join(str(i) for i in where)}" if where else ""
    return (
        f"a repair was attempted ({tried}{at}), but no re-engagement by the client was detected "
        "automatically by the end of the episode"
    )


_REF = {
    "withdrawal": f"moving away from the therapist or the work, in {_3RS}",
    "confrontation": f"moving against the therapist or the work, in {_3RS}",
    "rupture": f"in {_3RS}",
}


def repaired_rupture(
    caseload: Caseload,
    config: InsightConfig,  # noqa: ARG001 - every rule has the same signature
) -> Iterator[Insight]:
    """A rupture repaired in the session, with the strategies that worked (3RS §5.4, §5.6)."""
    for record in caseload.sessions:
        for episode in _episodes(record):
            strategies = list(episode.get("resolution_strategies", []))
            if not episode.get("resolved") or not strategies:
                continue
            kind = str(episode.get("kind", "rupture"))
            used = ", ".join(_words(s) for s in strategies)
            indexes = [int(s["index"]) for s in episode.get("strategy_evidence", [])]
            resolution = episode.get("resolution_index")
            if isinstance(resolution, int):
                indexes.append(resolution)
            yield Insight(
                InsightKind.STRENGTH,
                f"{kind.capitalize()} rupture repaired{_who(record, episode)}",
                f"The {kind} rupture from utterance {episode.get('start_index')} was repaired "
                f"by utterance {resolution}, using 3RS resolution strategies: {used} "
                "(Eubanks, Muran & Safran 2015).",
                (InsightEvidence(record.session_id, tuple(indexes)),),
                f"Keep doing this: what worked here ({used}) is worth reaching for again when "
                "this client pulls away or pushes back.",
                "repaired_rupture",
                caseload.client,
            )


def _red_flags(record: SessionRecord, kind: str) -> list[Mapping[str, Any]]:
    found = record.family("red_flags")
    if not isinstance(found, list):
        return []
    return [f for f in found if isinstance(f, Mapping) and f.get("kind") == kind]


def therapist_own_problems(caseload: Caseload, config: InsightConfig) -> Iterator[Insight]:
    """Therapist's own problems above a share of their words (red_flags; MITI Persuade §6.1)."""
    for record in caseload.sessions:
        flags = _red_flags(record, "therapist_own_problems")
        if not flags:
            continue
        share = float(flags[0].get("share_of_therapist_words", 0.0))
        if share <= config.own_problems_share:
            continue
        turns = tuple(sorted({int(f["index"]) for f in flags if f.get("index") is not None}))
        count = f" ({len(turns)} turn{'' if len(turns) == 1 else 's'})" if turns else ""
        yield Insight(
            InsightKind.GROWTH_AREA,
            # QA37 #10: the fact, not a judgement ("take up the session")
            f"Therapist self-disclosure: {share:.0%} of therapist words{count}",
            f"{share:.0%} of the therapist's words are about their own life "
            f"(threshold {config.own_problems_share:.0%}, AllianceLens default). A brief "
            "disclosure handed straight back to the client can help; one that moves the focus "
            "to the therapist is listed as a red flag in docs/analysers/red_flags.md, and "
            "self-disclosure used to persuade is MITI-non-adherent (MITI 4.2.1 coding manual, "
            "Moyers, Manuel & Ernst).",
            (
                InsightEvidence(
                    record.session_id,
                    turns,
                    {"share_of_therapist_words": share},
                ),
            ),
            "Keep the focus on the client: if a disclosure seems useful, keep it brief, "
            'here-and-now, and hand the focus straight back ("...but what is it like for you?").',
            "therapist_own_problems",
            caseload.client,
        )


def _therapist_utterances(record: SessionRecord) -> int:
    skills = record.family("skills")
    if isinstance(skills, Mapping):
        return int(skills.get("counts", {}).get("therapist_utterances", 0))
    return sum(1 for u in record.utterances if u.role is Role.THERAPIST)


def advice_without_permission(caseload: Caseload, config: InsightConfig) -> Iterator[Insight]:
    """Advice without permission above a share of therapist turns (MITI Persuade, §6.1)."""
    for record in caseload.sessions:
        flags = _red_flags(record, "unsolicited_advice")
        turns = _therapist_utterances(record)
        if not flags or turns == 0:
            continue
        share = len(flags) / turns
        if share <= config.advice_share:
            continue
        yield Insight(
            InsightKind.GROWTH_AREA,
            "Advice given without permission",
            f"{len(flags)} of {turns} therapist turns ({share:.0%}) give advice or directives "
            f"without the client asking or agreeing (threshold {config.advice_share:.0%}, "
            "AllianceLens default). MITI 4.2.1 codes persuasion without permission as "
            "MI-non-adherent; it also strains Bordin's task "
            "agreement.",
            (
                InsightEvidence(
                    record.session_id,
                    tuple(int(f["index"]) for f in flags),
                    {"advice_without_permission": float(len(flags)), "share": round(share, 4)},
                ),
            ),
            'Ask before advising ("Would it help if I shared an idea?"), offer options rather '
            "than one answer, and hand the choice back to the client.",
            "advice_without_permission",
            caseload.client,
        )


#: A bare question about the session itself ("How was today?", "How did the session go?") that
#: the relational analyser's feedback cues (which want "for you") miss (QA20 item 11); the cues
#: it does find arrive as ``feedback_elicitation.indexes`` (insights read findings, never
#: analyser code). Our own wording; PCOMS/SRS spirit, clinical-reference §1.1 [Duncan2003].
#: "for you" / "for each of you" may close the question (qa24 item 3).
_ASKS_HOW_IT_WENT: Final = re.compile(
    r"\bhow (?:was|has|is|did|does) (?:today|today's session|"
    r"(?:this|the|our) session|(?:this|our) (?:hour|time|meeting) today|our work today)"
    r"(?: (?:been|go|going|feel|feeling|land|seem))?(?: (?:so far|overall|then|today))?"
    r"(?:,? (?:for (?:you|each of you|both of you|you both|you two|all of you)|"
    # QA37 #8: "How was today compared to last time?" asks about this session too
    r"compared (?:to|with) (?:last (?:time|week|session)|(?:the|our) last (?:one|session)|"
    r"before))){0,2}\s*\?"
)


def _asks_how_it_went(utterance: Utterance) -> bool:
    """True when a therapist utterance asks how the session went in the bare form."""
    text = utterance.text.lower().replace("\u2019", "'")
    return utterance.role is Role.THERAPIST and _ASKS_HOW_IT_WENT.search(text) is not None


def feedback_asked(record: SessionRecord, config: InsightConfig) -> tuple[set[int], int] | None:
    """Therapist turns that ask how the session went, and where the session's end begins.

    The relational analyser's ``feedback_elicitation`` indexes plus the rule's own re-reading of
    every therapist turn (:data:`_ASKS_HOW_IT_WENT`); ``None`` when the relational analyser did
    not run or the session has no utterances (not analysed is not "never asked").
    """
    relational = record.family("relational")
    if not isinstance(relational, Mapping) or not record.utterances:
        return None
    indexes = [u.index for u in record.utterances]
    end_from = indexes[int(len(indexes) * (1 - config.session_end_share))]
    asked = {int(i) for i in relational.get("feedback_elicitation", {}).get("indexes", [])}
    asked.update(u.index for u in record.utterances if _asks_how_it_went(u))
    return asked, end_from


def _alliance_form_linked(caseload: Caseload, session_id: str) -> bool:
    """True when a client-rated alliance form (the SRS) is linked to ``session_id``.

    In PCOMS the SRS given at the end of the session *is* the request for feedback
    (clinical-reference.md §1.1 [Duncan2003]); with children it is often introduced in the
    child's own words, which no phrase list can catch (QA 32 #6). A caregiver's form is not the
    client's feedback.
    """
    report = caseload.measures
    for trajectory in report.trajectories if report else ():
        defn = caseload.definitions.get(trajectory.measure)
        if defn is None or defn.construct != "alliance" or trajectory.completed_by != "client":
            continue
        if any(p.session == session_id for p in trajectory.points):
            return True
    return False


def feedback_not_elicited(caseload: Caseload, config: InsightConfig) -> Iterator[Insight]:
    """No feedback asked near the end of the session (PCOMS/FIT, clinical-reference.md §1.1).

    An utterance that asks how the session went is never cited as evidence of not asking, even
    when the relational cues missed it: the rule re-reads the closing turns itself. A session
    with a client-rated SRS (any alliance measure) linked to it had feedback asked: no insight.
    """
    for record in caseload.sessions:
        found = feedback_asked(record, config)
        if found is None:
            continue  # not analysed is not "never elicited"
        asked, end_from = found
        if _alliance_form_linked(caseload, record.session_id):
            continue  # the SRS was given: that is the feedback asked (PCOMS)
        if any(i >= end_from for i in asked):
            continue
        closing = [
            u.index for u in record.utterances if u.index >= end_from and u.role is Role.THERAPIST
        ]
        if not closing:
            continue
        yield Insight(
            InsightKind.GROWTH_AREA,
            "Feedback not asked for at the end of the session",
            "No therapist utterance in the last "
            f"{config.session_end_share:.0%} of the session (the turns cited, all read) asks the "
            "client how the session went. Feedback-informed treatment (PCOMS: SRS at the end of "
            "every session, Duncan et al. 2003) rests on asking while there is still time to "
            "respond.",
            (
                InsightEvidence(
                    record.session_id,
                    tuple(closing),
                    {"feedback_elicitation_at_end": 0.0, "feedback_elicitation": len(asked)},
                ),
            ),
            'Leave a few minutes at the end to ask "How was today for you? What would you '
            'want different next time?", or give the SRS, and respond to the answer.',
            "feedback_not_elicited",
            caseload.client,
        )
