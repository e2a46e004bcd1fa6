"""The therapist's follow-up of a flagged risk disclosure, and the safety planning inside it.

A progress note must record what the clinician did about possible risk language, not only that
it was flagged (QA 13 item 6). For each flag in ``summary.risk`` this module finds the therapist
turns that follow it up:

* what the analysis recorded: the next therapist turn when ``therapist_follow_up`` is true, and
  ``follow_up_indexes`` if a risk analyser version records them (a thread item's
  ``context_indexes`` name the therapist prompt the client answered, which need not explore
  the disclosure, so they are not used);
* then, reading the transcript from the disclosure on, every therapist turn that asks about or
  acknowledges it (the risk analyser's own follow-up vocabulary, ``_risk_context``, so the note
  and ``therapist_follow_up`` use one definition) or that plans for safety
  (:data:`SAFETY_PLANNING`). The run starts at the first therapist turn that is more than a
  backchannel, or not at all, and ends after :data:`MAX_GAP` therapist turns in a row that do
  neither.

Since QA 15 item 5 a therapist turn also follows a disclosure up when it asks for detail of the
disclosed behaviour (:data:`DETAIL_QUESTION`: the last time, medical care, the moment itself)
or asks a question that echoes the client's own words ("When did you last cut?" after "I started
cutting"); the first substantive turn after the disclosure also counts when it reflects or
acknowledges it (:data:`ACKNOWLEDGES`, or repeating the client's words), as risk.md's "explore
or acknowledge" reads it. A plain acknowledgement later in the run does not extend it.

Safety planning turns are the therapist turns of that run that match :data:`SAFETY_PLANNING`;
medical follow-up turns (:data:`MEDICAL_CARE`: arranging for a wound to be seen) are listed
apart. All are automated readings of the words; the note says so and cites every utterance.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from alliancelens.analysers._risk_context import (
    COMMON_WORDS,
    EXPLORES,
    FOLLOW_UP,
    RISK_FOLLOW_UP,
    SCREENING_TOPICS,
    THREAD_TOPICS,
)
from alliancelens.analysers._risk_text import normalise
from alliancelens.domain import Role, Utterance

__all__ = [
    "ACKNOWLEDGES",
    "BACKCHANNEL_WORDS",
    "DETAIL_QUESTION",
    "MAX_GAP",
    "MEDICAL_CARE",
    "SAFETY_PLANNING",
    "FollowUp",
    "follow_up_of",
    "relayed_client_turn",
    "risk_items",
    "screening_question",
    "why_left_out",
]

#: Therapist turns in a row that neither ask about the disclosure nor plan for safety before the
#: follow-up run is taken to have ended (one reflection or aside inside a risk enquiry is
#: ordinary; two in a row mark a change of topic). Our heuristic, not a clinical constant.
MAX_GAP: Final = 2
#: Therapist wording of safety planning: a plan for the hard moments, who to contact, crisis and
#: out-of-hours numbers, means safety (medication at home), telling someone, a check-in before
#: the next session, and the plan's steps asked one at a time (warning signs, what helps,
#: reasons for living, distraction).
#: clinical-reference.md §10.1 ("any yes should lead to clinician follow-up" [Posner2011]) and
#: §10.3 rule 5 (direct questioning, crisis lines and on-call cover are the clinical safety net).
#: [S] the wording is ours, listed in docs/notes.md.
#: A therapist turn this short ("Mm.", "Okay, go on.") before the follow-up does not end it.
BACKCHANNEL_WORDS: Final = 3
SAFETY_PLANNING: Final = re.compile(
    r"\b(?:safety plan|(?:a|short|the|our) plan (?:together|for)|plan for (?:those|the|when)|"
    r"keep (?:yourself|you) safe|stay(?:ing)? safe|crisis (?:line|number|team|service)|helpline|"
    r"hotline|out[- ]of[- ]hours|emergency|samaritans|who (?:could|would|can|might) you "
    r"(?:contact|call|ring|text|reach|turn to|talk to)|(?:contact|call|ring) (?:someone|us|me|"
    r"the practice)|check in with you|check-in|(?:call|ring|phone) you|lock (?:them|it) away|"
    r"(?:get rid of|remove) (?:them|the)|medication|hold onto|tell (?:your|someone|a friend|"
    # means safety: handing the means over or putting them out of reach (QA 15 item 16)
    r"somebody)|hand (?:it|them|the \w+) (?:in|over)|out of (?:reach|the house)|(?:give|leave) "
    r"(?:it|them|the \w+) (?:to|with|at) |(?:lock|locked) (?:up|away)|"
    r"reach out|"
    # the steps of a safety plan asked one by one (QA 22 item 9: warning signs, what helps,
    # reasons for living; Stanley-Brown safety planning, clinical-reference.md §10.3)
    r"(?:warning|early|first) signs?|getting worse|what (?:helps|has helped|could help|would "
    r"help|can you do) (?:you )?(?:in|when|with|at) (?:those|these|that|such|the hard|difficult|"
    r"times)|cop(?:e|ing) (?:with|strateg)|reasons? (?:for|to) (?:living|live|stay|keep going)|"
    r"distract)\b"
)

#: A question about the detail of the disclosed behaviour: the most recent time, the first time,
#: an injury and its care, the moment itself (QA 15 item 5: "When did you last cut?", "Did it
#: need medical attention?"). clinical-reference.md §10.1 ("any yes should lead to clinician
#: follow-up" [Posner2011]); [S] the wording is ours, listed in docs/notes.md.
DETAIL_QUESTION: Final = re.compile(
    r"\b(?:when did (?:you|it|that|this) (?:last|first)|when was (?:the|that) (?:last|first)|"
    r"last time|most recent|how recent|medical (?:care|attention|help)|stitch(?:es)?|wound|"
    r"injur(?:y|ies|ed)|doctor|nurse|\bgp\b|a&e|hospital|how (?:did|do) you (?:do|use|hurt|cut)|"
    r"what did you (?:use|do|take)|how many|how much did|(?:right|just) then|at that (?:point|"
    r"moment|time)|in that moment|going through your (?:mind|head))\b"
)
#: The first substantive therapist turn after a disclosure reflects or acknowledges it ("That
#: makes a lot of sense", "That's how big the hurt gets", "You want the pain to stop", "I hear
#: that"). risk.md follow-up: "explore or acknowledge"; [S] the wording is ours (docs/notes.md).
ACKNOWLEDGES: Final = re.compile(
    r"^(?:(?:okay|ok|mm|yeah|right|so)[,.]? )*(?:that (?:makes (?:a lot of |so much |total )?sense"
    r"|sounds|must)|that(?:'s| is) (?:a lot|really|so|how (?:big|bad|much|strong|hard|painful|"
    r"deep|angry))|it (?:sounds|"
    r"seems|feels) like|sounds like|you (?:want|wanted|wish|wished|feel|felt|were|are|'re)\b|"
    r"i (?:hear|can hear|can see|get) (?:that|you|how)|of course|no wonder|i'm (?:so |really )?"
    r"sorry)"
)
#: The therapist arranges medical care for an injury (QA 15 item 16: "Let's check the wound
#: after session with the nurse"). Only a sentence that is not a question counts: "Did it need
#: medical attention?" asks, it does not arrange. [S] the wording is ours (docs/notes.md).
MEDICAL_CARE: Final = re.compile(
    r"\b(?:(?:check|look at|dress|clean|see to|have a look at) (?:the|that|your|this) (?:wound|cut|"
    r"cuts|injury|injuries|burn|burns|arm|leg|thigh)|(?:the|a|our|practice|school) nurse|(?:see|"
    r"ring|call|book|contact) (?:a|the|your) (?:gp|doctor|nurse)|minor injuries|walk-in|a&e|"
    r"stitches|medical (?:attention|care|help))\b"
)
_QUESTION_END: Final = re.compile(r"[^.!?]*\?")
_WORD: Final = re.compile(r"[a-z']+")


def _words(text: str) -> frozenset[str]:
    """A word set written as one string."""
    return frozenset(text.split())


#: Words too common to show that a therapist turn echoes the client's (with COMMON_WORDS).
_SMALL: Final = _words(
    "a an and are but can did do for had has have he her him his how i if in is it its me my "
    "no not of on or she so the then to too us was we what who why will with you"
)


@dataclass(frozen=True, slots=True)
class FollowUp:
    """The therapist turns that followed up one flagged disclosure, and the safety planning."""

    index: int
    turns: tuple[int, ...]
    safety: tuple[int, ...]
    next_turn: bool | None
    medical: tuple[int, ...] = ()


def risk_items(summary: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """Flags and *possible* items of the risk screen (the items that carry context indexes)."""
    screening = summary.get("risk_screening") or {}
    items = [*(summary.get("risk") or []), *(screening.get("possible") or [])]
    return [item for item in items if isinstance(item, Mapping) and "index" in item]


def _asks(text: str) -> bool:
    """Whether a therapist turn asks about or acknowledges a disclosure (risk analyser wording)."""
    norm = normalise(text)
    topics = (*SCREENING_TOPICS, *THREAD_TOPICS)
    return bool(
        any(pattern.search(norm) for pattern, _, _ in topics)
        or EXPLORES.search(norm)
        or FOLLOW_UP.search(norm)
        or RISK_FOLLOW_UP.search(norm)
    )


def _root(word: str) -> str:
    """A rough word root: "cutting" -> "cut", "hurts" -> "hurt", "stopped" -> "stop"."""
    word = word.strip("'").removesuffix("'s")
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) > 3 and word[-1] == word[-2]:
        word = word[:-1]  # "cutt" -> "cut", "stopp" -> "stop"
    return word


def _roots(text: str) -> set[str]:
    """Content-word roots of a text (common and small words left out)."""
    words = _WORD.findall(normalise(text))
    return {_root(w) for w in words if w not in _SMALL and w not in COMMON_WORDS and len(w) >= 3}


def _explores(text: str, disclosure: str) -> bool:
    """A question about the detail of the disclosure, or one echoing the client's words."""
    norm = normalise(text)
    if DETAIL_QUESTION.search(norm) and "?" in norm:
        return True
    asked = " ".join(_QUESTION_END.findall(norm))
    return bool(asked and _roots(asked) & _roots(disclosure))


def _acknowledges(text: str, disclosure: str) -> bool:
    """A reflection or acknowledgement of the disclosure (first substantive turn only)."""
    norm = normalise(text)
    return bool(ACKNOWLEDGES.search(norm) or _roots(norm) & _roots(disclosure))


def _recorded(flag: Mapping[str, Any]) -> set[int]:
    """Follow-up turns the risk analyser recorded for a flag (``follow_up_indexes``, if any)."""
    return {i for i in flag.get("follow_up_indexes") or [] if isinstance(i, int)}


def _medical(text: str) -> bool:
    """Whether a statement (not a question) in the turn arranges medical care."""
    norm = normalise(text)
    return any(MEDICAL_CARE.search(s) for s in re.split(r"(?<=[.!?])\s+", norm) if "?" not in s)


def _run(utterances: Sequence[Utterance], after: int) -> tuple[list[int], list[int], list[int]]:
    """Therapist turns after ``after`` that follow it up, plan for safety, arrange medical care.

    The run must start at the first therapist turn longer than :data:`BACKCHANNEL_WORDS` words
    (as the analyser's ``therapist_follow_up`` reads the next turn), which may also just reflect
    or acknowledge the disclosure; once started, it ends after :data:`MAX_GAP` therapist turns
    in a row that neither ask, explore nor plan.
    """
    disclosure = utterances[after].text
    turns: list[int] = []
    safety: list[int] = []
    medical: list[int] = []
    misses = 0
    for u in utterances[after + 1 :]:
        if u.role is not Role.THERAPIST:
            continue
        plans = bool(SAFETY_PLANNING.search(normalise(u.text)))
        cares = _medical(u.text)
        first = not turns and len(u.text.split()) > BACKCHANNEL_WORDS
        if (
            plans
            or cares
            or _asks(u.text)
            or _explores(u.text, disclosure)
            or (first and _acknowledges(u.text, disclosure))
        ):
            turns.append(u.index)
            safety.extend([u.index] if plans else [])
            medical.extend([u.index] if cares else [])
            misses = 0
        elif not turns and len(u.text.split()) <= BACKCHANNEL_WORDS:
            continue
        else:
            misses += 1
            if not turns or misses >= MAX_GAP:
                break
    return turns, safety, medical


def follow_up_of(flag: Mapping[str, Any], utterances: Sequence[Utterance]) -> FollowUp:
    """The follow-up of one ``summary.risk`` item, from the analysis and the transcript."""
    index = int(flag["index"])
    recorded = _recorded(flag)
    next_turn = flag.get("therapist_follow_up")
    if next_turn is True:
        first = next((u.index for u in utterances[index + 1 :] if u.role is Role.THERAPIST), None)
        recorded.update([first] if first is not None else [])
    turns, safety, medical = _run(utterances, index)
    return FollowUp(
        index,
        tuple(sorted(recorded.union(turns))),
        tuple(safety),
        next_turn if isinstance(next_turn, bool) else None,
        tuple(medical),
    )


def screening_question(utterances: Sequence[Utterance], index: int) -> int | None:
    """The therapist turn just before ``index`` if it asks a risk screening question, else None.

    Uses the risk analyser's screening topics (C-SSRS screener wording, clinical-reference.md
    §10.1 [Posner2011]), so the note calls a turn a screening question exactly when the risk
    screen reads it as one.
    """
    before = next((u for u in reversed(utterances[:index]) if u.role is Role.THERAPIST), None)
    if before is None or before.index < index - 2:
        return None
    norm = normalise(before.text)
    return before.index if any(p.search(norm) for p, _, _ in SCREENING_TOPICS) else None


def relayed_client_turn(utterances: Sequence[Utterance], index: int) -> int | None:
    """The client turn an interpreter's turn at ``index`` relays (QA 15 item 15), else None.

    A risk item on an interpreter's "she says ..." covers the client's own words just before it
    (only non-client, non-therapist turns in between).
    """
    if utterances[index].role in (Role.CLIENT, Role.THERAPIST):
        return None
    for u in reversed(utterances[:index]):
        if u.role is Role.CLIENT:
            return u.index
        if u.role is Role.THERAPIST:
            return None
    return None


def why_left_out(summary: Mapping[str, Any], left_out: Sequence[int]) -> str:
    """Why client utterances are kept out of the change/sustain count, by what each one is.

    QA 22 item 11: "in the risk screen or the risk follow-up (31, 49)" read as if both were risk
    items, when both were only lower-confidence *possible* readings. Each group is named apart:
    flags for review, possible readings (often ordinary talk), answers to the risk follow-up.
    """
    screening = summary.get("risk_screening") or {}
    flags = {int(i["index"]) for i in summary.get("risk") or [] if "index" in i}
    possible = {int(i["index"]) for i in screening.get("possible") or [] if "index" in i}
    groups = (
        ("flagged by the risk screen for review", [i for i in left_out if i in flags]),
        (
            "listed by the risk screen as lower-confidence possible readings (often ordinary talk)",
            [i for i in left_out if i in possible and i not in flags],
        ),
        (
            "set aside by the risk screen or answering the therapist's risk follow-up",
            [i for i in left_out if i not in flags and i not in possible],
        ),
    )
    named = "; ".join(f"{label}: {', '.join(map(str, hits))}" for label, hits in groups if hits)
    return f"({named}), which are never read as change talk"
