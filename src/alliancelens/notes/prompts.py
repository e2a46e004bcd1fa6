"""Reflection prompts for the therapist after a possible rupture or a low/falling SRS.

Prompts invite the therapist's own reflection — what was happening in the room, what they felt
(countertransference) — and never judge. Each carries the evidence that triggered it, like a
note sentence. Ruptures follow the 3RS withdrawal/confrontation split (clinical-reference.md §5,
[V: 3RS-2015]); SRS triggers are the measure alerts ``alliance_below_cutoff`` and
``alliance_drop`` of :mod:`alliancelens.measures.alerts` (cut-offs cited there, §1.5).
"""

from __future__ import annotations

import re

from alliancelens.analysers import AnalysisResult
from alliancelens.measures import MeasuresReport
from alliancelens.notes._measures import measure_alerts
from alliancelens.notes._transcript import RUPTURES, TranscriptFacts
from alliancelens.notes.model import Evidence, Sentence
from alliancelens.report import plain_label

__all__ = ["SRS_ALERTS", "reflection_prompts"]

#: Measure alerts that prompt reflection on the alliance.
SRS_ALERTS = frozenset({"alliance_below_cutoff", "alliance_drop"})
_ALERT_PREFIX = re.compile(r"^Measure alert \(\w+\): ")
_BY_KIND = {
    "withdrawal": (
        "the client may have moved away (withdrawal: {markers})",
        "What did you feel, and want to do, as the client pulled back — how much of that "
        "belonged to the client, and how much to you?",
    ),
    "confrontation": (
        "the client may have moved against you (confrontation: {markers})",
        "What did you feel when this came at you — did an urge to defend, explain or appease "
        "shape what you said next?",
    ),
}


def reflection_prompts(
    result: AnalysisResult, *, measures: MeasuresReport | None = None
) -> list[Sentence]:
    """Prompts for each possible rupture and each SRS alert of this session (may be none)."""
    facts = TranscriptFacts.of(result)
    prompts = _rupture_prompts(facts) if facts.ran(RUPTURES) else []
    for alert in measure_alerts(measures, result.session.id):
        if alert.evidence[0].details.get("alert") in SRS_ALERTS:
            prompts.append(
                Sentence(
                    f"{_ALERT_PREFIX.sub('', alert.text)} What might the "
                    "client have found hard to say to you directly this session, and what do "
                    "you notice in yourself as you read this rating?",
                    alert.evidence,
                )
            )
    return prompts


def _rupture_prompts(facts: TranscriptFacts) -> list[Sentence]:
    prompts = []
    for episode in facts.summary.get("ruptures", []):
        start, end = episode["start_index"], episode["end_index"]
        what, feel = _BY_KIND.get(
            episode["kind"], ("there may have been a strain ({markers})", "What did you feel?")
        )
        markers = ", ".join(plain_label(m) for m in episode["markers"])
        text = (
            f"Around utterances {start}–{end} {what.format(markers=markers)}. What was happening "
            f"in the room just before utterance {start}? {feel}"
        )
        if not episode["resolved"]:
            text += " It was not repaired in the session: how might you open it up next time?"
        evidence = (
            *(Evidence.utterance(i) for i in episode["evidence_indexes"]),
            Evidence("finding", {"analyser": RUPTURES, "start_index": start, "end_index": end}),
        )
        prompts.append(Sentence(text, evidence))
    return prompts
