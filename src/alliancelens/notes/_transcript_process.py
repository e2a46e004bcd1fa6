"""Process sentences of a progress note: alliance estimate, rupture episodes, goals agreed.

Split out of :mod:`alliancelens.notes._transcript`; :class:`TranscriptFacts` calls these from its
methods of the same names. Each sentence carries its evidence, and an analyser that did not run
gives a *not analysed* sentence, never one implying that nothing was found.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from alliancelens.notes._transcript_text import ALLIANCE, RUPTURES, span
from alliancelens.notes.model import Evidence, Sentence
from alliancelens.report import plain_label

if TYPE_CHECKING:
    from alliancelens.notes._transcript import TranscriptFacts

__all__ = ["agreed", "alliance", "ruptures", "unresolved_ruptures"]


def _attempts(episode: Mapping[str, Any]) -> str:
    """The outcome of an episode with no detected repair, and the attempts inside or after it.

    QA35 #10: the ruptures output lists the strategies inside the span and (detector v9+,
    ``after_end``) the therapist's turns right after its last marker. Both are cited, each
    saying where it sits; a strategy anywhere else is not this episode's repair attempt.
    """
    start, end = int(episode["start_index"]), int(episode["end_index"])
    tried = []
    for item in episode.get("strategy_evidence", []):
        where = (
            "right after the episode"
            if item.get("after_end")
            else "within the episode"
            if start <= int(item["index"]) <= end
            else None
        )
        if where is not None:
            tried.append(f"{plain_label(item['strategy'])} at utterance {item['index']}, {where}")
    if not tried:
        return "no repair detected automatically"
    return f"repair attempted ({'; '.join(tried)}); no resolution detected automatically"


def alliance(facts: TranscriptFacts) -> list[Sentence]:
    """The transcript alliance estimate, labelled as an estimate and not the client's rating."""
    if not facts.ran(ALLIANCE):
        return [facts._not_analysed(ALLIANCE, "Transcript alliance estimate")]
    a = facts.summary.get("alliance", {})
    if a.get("index") is None:
        return []
    text = (
        f"Transcript-estimated alliance index {a['index']}/100 (goal {a['goal']['score']}, "
        f"task {a['task']['score']}, bond {a['bond']['score']}); an automated observer-style "
        "estimate, not the client's own rating."
    )
    evidence = (
        *(Evidence.utterance(i) for i in a.get("evidence_indexes", [])),
        Evidence("finding", {"analyser": ALLIANCE, "index": a["index"]}),
    )
    return [Sentence(text, evidence)]


def ruptures(facts: TranscriptFacts) -> list[Sentence]:
    """Each possible rupture episode, where it was and whether and how it was repaired."""
    if not facts.ran(RUPTURES):
        return [facts._not_analysed(RUPTURES, "Alliance ruptures")]
    sentences = []
    for episode in facts.summary.get("ruptures", []):
        start, end = episode["start_index"], episode["end_index"]
        if episode["resolved"]:
            how = ", ".join(plain_label(s) for s in episode["resolution_strategies"])
            outcome = (
                f"repaired by utterance {episode['resolution_index']} ({how})"
                if how
                else f"resolved by utterance {episode['resolution_index']} (no therapist "
                "repair strategy identified)"
            )
        else:
            # an automated estimate, never a fact: "not repaired" is not said (QA35 #1)
            outcome = _attempts(episode)
        text = (
            f"Possible {episode['kind']} rupture (automated estimate) {span(start, end)}; "
            f"{outcome}."
        )
        evidence = (
            *(Evidence.utterance(i) for i in episode["evidence_indexes"]),
            Evidence("finding", {"analyser": RUPTURES, "start_index": start, "end_index": end}),
        )
        sentences.append(Sentence(text, evidence))
    return sentences


def unresolved_ruptures(facts: TranscriptFacts) -> list[Sentence]:
    """A plan line for each rupture not repaired in the session."""
    if not facts.ran(RUPTURES):
        return []
    return [
        Sentence(
            f"Revisit the possible {e['kind']} episode "
            f"({span(e['start_index'], e['end_index'], brackets=True)}; no repair detected "
            "automatically) "
            f"{'with the client' if facts.member is None else 'in the next joint session'}.",
            (
                *(Evidence.utterance(i) for i in e["evidence_indexes"]),
                Evidence("finding", {"analyser": RUPTURES, "start_index": e["start_index"]}),
            ),
        )
        for e in facts.summary.get("ruptures", [])
        if not e["resolved"]
    ]


def agreed(facts: TranscriptFacts) -> list[Sentence]:
    """Goals the client stated and tasks the client accepted, quoted."""
    if not facts.ran(ALLIANCE):
        return []
    alliance = facts.summary.get("alliance", {})
    risky = facts.risk_indexes()  # an answer in the risk enquiry is not a goal (QA 15 #15)
    hits = sorted(
        {
            (e["index"], e["signal"])
            for part in ("goal", "task")
            for e in alliance.get(part, {}).get("evidence", [])
            if e["signal"] in {"goal_stated", "task_accepted"}
            and e["index"] not in risky
            and facts.own(e["index"])
        }
    )
    return [
        Sentence(
            f"{'Goal stated' if signal == 'goal_stated' else 'Task accepted'} by "
            f"{'the client' if facts._speaker(i) == 'Client' else facts._speaker(i)}"
            f" (utterance {i}): {facts._quoted(i)}",
            (
                Evidence.utterance(i),
                Evidence("finding", {"analyser": ALLIANCE, "signal": signal}),
            ),
        )
        for i, signal in hits
    ]
