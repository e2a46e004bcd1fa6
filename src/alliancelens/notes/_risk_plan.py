"""The safety plan in a progress note: each planning turn quoted with the client's replies.

Split out of :mod:`alliancelens.notes._risk` (the risk sentences). The therapist's planning and
medical follow-up turns are found by :mod:`alliancelens.notes._followup`; this module quotes them
with the client's reply and, after a refusal, the client's last word (QA 15 item 16).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from alliancelens.analysers._risk_text import normalise
from alliancelens.domain import Role, Utterance
from alliancelens.notes._followup import MEDICAL_CARE, SAFETY_PLANNING, FollowUp
from alliancelens.notes._transcript import RISK, TranscriptFacts, indexes, quote
from alliancelens.notes.model import Evidence, Sentence

__all__ = ["DECLINES", "OUTCOME_TURNS", "safety_plan", "safety_summary", "safety_turns"]


def safety_turns(found: list[FollowUp]) -> list[int]:
    """The therapist's safety-planning turns across every flag's follow-up, in order."""
    return sorted({i for f in found for i in f.safety})


def safety_summary(found: list[FollowUp]) -> list[Sentence]:
    """One sentence naming the safety-planning turns (none when there were none)."""
    turns = safety_turns(found)
    if not turns:
        return []
    return [
        Sentence(
            f"Safety planning by the therapist at utterance(s) {indexes(turns)} (automated "
            "reading of the therapist's words; the plan items are quoted under the plan).",
            (
                *(Evidence.utterance(i) for i in turns),
                Evidence("finding", {"analyser": RISK, "safety_planning": turns}),
            ),
        )
    ]


#: A reply that declines or hesitates ("I don't want to", "Not yet", "I'm not sure"): the talk
#: that follows decides the outcome, so the client's last word on it is quoted too (QA 15 item
#: 16). [S] the wording is ours (docs/notes.md).
DECLINES: Final = re.compile(
    r"^(?:(?:um|erm|uh|well|oh|honestly|hmm)[,.!]?\s+)*(?:no\b|nope\b|nah\b|not (?:yet|really|"
    r"now|sure))|\b(?:i )?(?:don't|do not|won't|can't|cannot|wouldn't|couldn't) (?:want|"
    r"think|do|promise|see)|\bi'?m not (?:sure|ready|doing)|\bi'?d rather not\b"
)


#: Client turns, the hesitant reply included, within which the outcome of a proposal is read.
#: Our heuristic, not a clinical constant (docs/notes.md).
OUTCOME_TURNS: Final = 3
#: A short check on what was just proposed ("How does that sound?", "Is that okay?").
_CHECKS_IT: Final = re.compile(r"^(?:\S+ ){0,4}(?:that|this|it)\b[^.!?]*\?$")


def _ends_on(text: str, about: re.Pattern[str]) -> bool:
    """Whether the client answers the plan: the turn's last sentence states it or checks it."""
    parts = [p for p in re.split(r"(?<=[.!?])\s+", normalise(text)) if p.strip()]
    if not parts:
        return False
    last = parts[-1]
    return bool(about.search(last) or (len(parts) > 1 and _CHECKS_IT.search(last)))


def _replies(utterances: Sequence[Utterance], at: int, stops: set[int]) -> list[int]:
    """The client's reply to the turn ``at`` and, after a refusal, the client's last word.

    When the reply declines (:data:`DECLINES`), the talk that follows decides the outcome: the
    client's last turn among the next :data:`OUTCOME_TURNS` client turns is quoted too, stopping
    at the next planning or medical turn (``stops``). QA 15 item 16: "I don't want to" was
    quoted, the later "I'll give them to my flatmate too" was not.
    """
    first = next((u for u in utterances[at + 1 : at + 2] if u.role is Role.CLIENT), None)
    if first is None or not first.text.strip():
        return []
    if not DECLINES.search(normalise(first.text)):
        return [first.index]
    said = [first.index]
    for u in utterances[first.index + 1 :]:
        if u.index in stops or len(said) >= OUTCOME_TURNS:
            break
        if u.role is Role.CLIENT and u.text.strip():
            said.append(u.index)
    return [first.index] if said[-1] == first.index else [first.index, said[-1]]


def _discussed(
    facts: TranscriptFacts,
    found: list[FollowUp],
    label: str,
    turns: list[int],
    about: re.Pattern[str],
) -> list[Sentence]:
    """A plan line per turn: the therapist's words, the client's reply and last word on it."""
    utterances = facts.result.session.utterances
    stops = set(safety_turns(found)) | {i for f in found for i in f.medical}
    sentences = []
    for i in turns:
        ends_on_it = _ends_on(utterances[i].text, about)
        replies = [j for j in _replies(utterances, i, stops) if facts.own(j)] if ends_on_it else []
        said = "".join(
            f'; {who} (utterance {j}): "{quote(utterances[j].text)}"'
            for who, j in zip(("client's reply", "later, the client"), replies, strict=False)
        )
        sentences.append(
            Sentence(
                f'{label} — therapist (utterance {i}): "{quote(utterances[i].text)}"{said}.',
                (
                    *(Evidence.utterance(j) for j in (i, *replies)),
                    Evidence("finding", {"analyser": RISK, "plan": label, "index": i}),
                ),
            )
        )
    return sentences


def safety_plan(facts: TranscriptFacts, found: list[FollowUp]) -> list[Sentence]:
    """Plan lines: each safety-planning and medical follow-up turn, with the client's replies."""
    medical = sorted({i for f in found for i in f.medical} - set(safety_turns(found)))
    sentences = _discussed(
        facts, found, "Safety planning discussed", safety_turns(found), SAFETY_PLANNING
    )
    sentences += _discussed(facts, found, "Medical follow-up of an injury", medical, MEDICAL_CARE)
    if safety_turns(found):
        sentences.append(
            Sentence(
                "Record the safety plan agreed in the session in your own words (the lines above "
                "quote the transcript; the automated reading may miss or misplace items).",
                (
                    *(Evidence.utterance(i) for i in safety_turns(found)),
                    Evidence("finding", {"analyser": RISK, "safety_planning": safety_turns(found)}),
                ),
            )
        )
    return sentences
