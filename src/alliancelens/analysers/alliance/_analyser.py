"""The ``alliance.bordin`` analyser: goal, task and bond sub-scores with their evidence.

Method (``docs/analysers/alliance.md``): every sub-score starts at a neutral 50 ("no evidence",
like the WAI-O observer manual's start at the scale midpoint, clinical-reference §2.4
[V: Darchuk2000]). Signals found in the transcript (``_signals``) and the rupture episodes of
``ruptures.detector`` add positive weight P or negative weight N; the sub-score is
``50 + 50 * (P - N) / (P + N + prior_weight)``, so a few signals move it a little and many move it
towards 0 or 100. The overall ``index`` is the mean of the three (Goal and Task are not strongly
separate, §2.1 [S]; equal weights keep that visible). This is an estimate from a transcript, an
observer's-eye view: it is not the client's own rating (WAI-SR, SRS) and must not be shown as one
(§0.2 rule 3, §11 "Perspective").

The ``reflective_listening`` signal (``reflection`` before version 4) is a phrase signal of
reflective listening ("sounds like", "you felt", "part of you"), questions included ("You felt
let down?"): it is not the micro-skills coder's MITI reflection code, and the two can differ on
the same turn. Making it agree with the coder was measured and not kept (docs/analysers/
alliance.md, "Limits"); version 4 renamed it so the evidence no longer claims a reflection the
micro-skills table does not code (QA qa24 item 10).

Since version 3 a session without both a therapist and a client utterance gets no estimate
(no ``alliance.summary`` finding, so ``summary.alliance`` is absent and batch columns are
null): a neutral 50 there would read as a real mid-range alliance (QA qa19 item 10).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from alliancelens.analysers._feedback_phrases import asks_feedback
from alliancelens.analysers._phrases import Phrase, PhraseIndex
from alliancelens.analysers._red_flag_advice import unsolicited_advice
from alliancelens.analysers._roleplay import in_role_indexes
from alliancelens.analysers.alliance._signals import (
    ADVICE_WEIGHTS,
    INVITED_FEEDBACK_WEIGHTS,
    MARKER_WEIGHTS,
    REPAIR_WEIGHTS,
    SIGNALS,
    Signal,
)
from alliancelens.analysers.base import Analyser, FindingSet
from alliancelens.analysers.registry import register
from alliancelens.analysers.ruptures import owns_or_discloses
from alliancelens.domain import Finding, Role, Session, Utterance

__all__ = ["SUBSCALES", "BordinAlliance"]

#: Bordin's three parts of the working alliance (clinical-reference §2.1).
SUBSCALES = ("goal", "task", "bond")
#: What the numbers are, said with every result.
PERSPECTIVE = (
    "observer-style estimate from the transcript; not the client's own rating (WAI-SR/SRS)"
)
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'"})
#: Sentence boundaries (the "?" stays with its sentence) and question openings (version 3).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_QUESTION_START = re.compile(
    r"^\W*(so |and |but )?(where|what|why|how|when|who|which|did|do|does|is|are|was|were|could|"
    r"would|can|have|has)\b"
)
#: Version 4 (QA qa22 item 3): the client steering the session back to their own topic ("Thanks.
#: Anyway, about my partner."): the thanks there closes the therapist's turn politely and is
#: not the client feeling understood (WAI-SR 3, 7).
_REDIRECT = Phrase(
    r"\b(anyway|anyhow|anyways)\b|\bso,? (about|back to)\b|\b(getting|going|get|go|come|coming)"
    r" back to\b|\bcan we (get|go|come) back\b|\bwhat i (wanted|meant) to (say|talk about)\b"
)
#: Version 5 (QA28 #9): a bare thanks is feeling understood only after an attuned turn.
_THANKS = Phrase(r"\bthank you\b|\bthanks\b|\bcheers\b")
#: Therapist signals after which a client's thanks reads as feeling understood (version 5).
_ATTUNED = frozenset(
    {"reflective_listening", "empathy_validation", "affirmation", "metacommunication"}
)
#: A client turn this short after unsolicited advice is bare assent, not agreement on the task
#: (our own working value: "Yes, okay. That sounds good." is 5 words; 3RS W5, §5.2).
_BARE_ASSENT_WORDS = 12
#: A sentence giving advice is not a reflection, even with "when you feel" in it (version 5).
_ADVISES = Phrase(
    r"\byou (could|should|might|need to|have to|must|ought to)\b|\b(let's|try to|make sure)\b"
)


@dataclass(frozen=True, slots=True)
class Move:
    """One piece of evidence: utterance ``index`` moved ``subscale`` by ``weight``."""

    index: int
    signal: str
    subscale: str
    weight: float


@register
class BordinAlliance(Analyser):
    """Goal, task and bond sub-scores (0-100) and an overall index, each with its evidence."""

    name = "alliance.bordin"
    # 2: feedback_asked uses the shared _feedback_phrases definition
    # 3: no estimate without a therapist-client pair; warning_lecture not on a question; "I like
    #    it" not sustain talk (QA qa19 item 10, qa20 item 11)
    # 4: "reflective_listening" signal name; goal-agreement questions; "get on with it" is no
    #    goal; thanks while steering back is not feeling understood (QA qa22, qa24)
    # 5: turns in role are no evidence; advice shared with red flags; invited feedback is no
    #    rupture penalty; reflections per sentence; bare assent to unsolicited advice is no
    #    task agreement; bare thanks only after an attuned turn; metacommunication signal (QA28)
    version = 8
    requires = frozenset({"roles", "ruptures.summary"})
    produces = frozenset({"alliance.summary"})
    description = (
        "Working alliance estimate (Bordin): goal, task and bond sub-scores and an overall "
        "index, 0-100, with the utterances that moved each; not the client's own rating."
    )

    def __init__(self, *, prior_weight: float = 4.0) -> None:
        self.prior_weight = prior_weight

    def _analyse(self, session: Session, upstream: FindingSet) -> Iterable[Finding]:
        if not session.has_therapist_client_pair:
            return  # no therapist-client pair: no alliance to estimate (version 3, module doc)
        summaries = upstream.of_kind("ruptures.summary")
        episodes: list[dict[str, Any]] = list(summaries[0].value) if summaries else []
        marked = {
            int(item["index"]): str(item["marker"])
            for episode in episodes
            for item in episode["marker_evidence"]
        }
        asked = _feedback_asked(session.utterances)
        invited = _feedback_answers(session.utterances, asked)
        moves = [
            *_text_moves(session.utterances, set(marked), invited, asked),
            *_rupture_moves(episodes, invited),
        ]
        value = self._summary(moves, ruptures=episodes if summaries else None, invited=invited)
        yield self.session_finding(
            "alliance.summary",
            value,
            utterance_indexes=value["evidence_indexes"],
            scores={"index": value["index"], **{s: value[s]["score"] for s in SUBSCALES}},
        )

    def _summary(
        self,
        moves: Sequence[Move],
        *,
        ruptures: list[dict[str, Any]] | None,
        invited: set[int],
    ) -> dict[str, Any]:
        parts = {
            s: _subscale([m for m in moves if m.subscale == s], self.prior_weight)
            for s in SUBSCALES
        }
        index = round(sum(p["score"] for p in parts.values()) / len(parts), 1)
        return {
            "index": index,
            **parts,
            "ruptures": None
            if ruptures is None
            else {
                "episodes": len(ruptures),
                "resolved": sum(bool(e["resolved"]) for e in ruptures),
                # episodes starting at the answer to a feedback question (version 5)
                "invited_feedback": sum(int(e["start_index"]) in invited for e in ruptures),
            },
            "perspective": PERSPECTIVE,
            "evidence_indexes": sorted({m.index for m in moves}),
        }


def _subscale(moves: Sequence[Move], prior_weight: float) -> dict[str, Any]:
    positive = sum(m.weight for m in moves if m.weight > 0)
    negative = -sum(m.weight for m in moves if m.weight < 0)
    score = 50.0 + 50.0 * (positive - negative) / (positive + negative + prior_weight)
    ranked = sorted(moves, key=lambda m: (-abs(m.weight), m.index))
    return {
        "score": round(score, 1),
        "positive": round(positive, 2),
        "negative": round(negative, 2),
        "evidence": [{"index": m.index, "signal": m.signal, "weight": m.weight} for m in ranked],
    }


@dataclass(slots=True)
class _Turns:
    """What the turn being read is read against (version 5)."""

    previous_client: str = ""
    previous_role: Role | None = None
    advised: bool = False  # the last therapist turn was advice nobody asked for
    attuned: bool = False  # the last therapist turn reflected, validated, affirmed, metacomm.


def _text_moves(
    utterances: Sequence[Utterance], marked: set[int], invited: set[int], asked: set[int]
) -> Iterator[Move]:
    """Phrase-signal moves; turns spoken in role are no evidence (QA28 #3, ``_roleplay``)."""
    in_role = in_role_indexes(utterances)
    advice = unsolicited_advice(utterances)
    turns = _Turns()
    for utterance in utterances:
        if utterance.index in in_role:
            turns.previous_role = utterance.role
            continue
        text = utterance.text.translate(_QUOTES).lower()
        if utterance.role is Role.CLIENT:
            if utterance.index not in marked:  # a rupture marker outweighs polite words
                yield from _client_moves(utterance, text, turns, invited)
            turns.previous_client = text
        elif utterance.role is Role.THERAPIST:
            moves = list(
                _therapist_moves(
                    utterance.index,
                    text,
                    advised=utterance.index in advice,
                    asks=utterance.index in asked,
                )
            )
            yield from moves
            turns.advised = any(m.signal == "advice_without_permission" for m in moves)
            turns.attuned = any(m.signal in _ATTUNED for m in moves)
        turns.previous_role = utterance.role


def _client_moves(
    utterance: Utterance, text: str, turns: _Turns, invited: set[int]
) -> Iterator[Move]:
    # Disagreeing with a partner (couples) is not disagreeing with the therapist; criticism the
    # therapist asked for is invited feedback, not a loss of agreement (version 5, QA28 #4).
    negative = turns.previous_role is Role.CLIENT or utterance.index in invited
    skip = set(_NEGATIVE_CLIENT) if negative else set()
    if _REDIRECT.search(text):
        skip.add("feels_understood")
    if turns.advised and len(text.split()) <= _BARE_ASSENT_WORDS:
        skip.add("task_accepted")  # bare assent to unsolicited advice is appeasing (3RS W5)
    moves = list(_matches(utterance.index, text, Role.CLIENT, skip=skip))
    yield from moves
    thanked = turns.previous_role is Role.THERAPIST and turns.attuned
    if (
        thanked
        and "feels_understood" not in skip
        and _THANKS.search(text)
        and not any(m.signal == "feels_understood" for m in moves)
    ):
        yield from _moves(utterance.index, "feels_understood", _signal("feels_understood").weights)


def _therapist_moves(index: int, text: str, *, advised: bool, asks: bool) -> Iterator[Move]:
    skip = _asked_not_warned(text)
    if not asks:  # v7 (QA qa35 #9): the shared decision (``asks_feedback``), with its guard
        skip.add("feedback_asked")
    if not reflective_sentence(text):
        skip.add("reflective_listening")
    found = list(_matches(index, text, Role.THERAPIST, skip=skip))
    if not any(m.signal == "metacommunication" for m in found) and owns_or_discloses(text):
        found.extend(_moves(index, "metacommunication", _signal("metacommunication").weights))
    if advised:
        found.extend(_moves(index, "advice_without_permission", ADVICE_WEIGHTS))
    yield from found


def reflective_sentence(text: str) -> bool:
    """Whether a sentence of ``text`` reflects (``reflective_listening``, version 5).

    A sentence that opens with a question word ("What would you want to do?", "How do you
    feel now?") or gives advice ("you could ... when you feel overloaded") is not a reflection;
    a reflective question without a question word ("You felt let down?") still is.
    """
    pattern = _signal("reflective_listening").pattern
    for sentence in _SENTENCE_END.split(text.strip()):
        plain = sentence.strip()
        if not plain or _QUESTION_START.search(plain) or _ADVISES.search(plain):
            continue
        if pattern.found_in(plain):
            return True
    return False


def _asked_not_warned(text: str) -> set[str]:
    """A danger word inside a question explores the client's belief; it is no warning (v3).

    "Where did you learn that saying no was so dangerous?" asks about the client's view; the
    MITI warning is a statement about what the behaviour will do (§6.1 Persuade). Questions
    are sentences ending in "?" or, in unpunctuated speech-to-text, opening with a question
    word.
    """
    pattern = _signal("warning_lecture").pattern
    if not pattern.found_in(text):
        return set()
    statements = [s for s in _SENTENCE_END.split(text) if s.strip() and not _is_question(s)]
    return set() if any(pattern.search(s) for s in statements) else {"warning_lecture"}


def _is_question(sentence: str) -> bool:
    return sentence.rstrip().endswith("?") or _QUESTION_START.search(sentence) is not None


def _signal(signal_id: str) -> Signal:
    return next(s for s in SIGNALS if s.id == signal_id)


_NEGATIVE_CLIENT = {s.id for s in SIGNALS if s.role is Role.CLIENT and min(s.weights.values()) < 0}
_BY_ROLE = {
    role: PhraseIndex((s, s.pattern) for s in SIGNALS if s.role is role)
    for role in (Role.THERAPIST, Role.CLIENT)
}


def _matches(index: int, text: str, role: Role, *, skip: set[str]) -> Iterator[Move]:
    for signal in _BY_ROLE[role].matching(text):
        if signal.id not in skip:
            yield from _moves(index, signal.id, signal.weights)


def _moves(index: int, signal: str, weights: Mapping[str, float]) -> Iterator[Move]:
    for subscale, weight in weights.items():
        yield Move(index, signal, subscale, weight)


def _feedback_asked(utterances: Sequence[Utterance]) -> set[int]:
    """Therapist turns that ask for feedback (``asks_feedback``, decided once per turn)."""
    return {
        u.index
        for u in utterances
        if u.role is Role.THERAPIST and asks_feedback(u.text.translate(_QUOTES).lower())
    }


def _feedback_answers(utterances: Sequence[Utterance], feedback_asked: set[int]) -> set[int]:
    """Client turns answering the therapist's feedback question (version 5, QA28 #4)."""
    answers: set[int] = set()
    asked = False
    for utterance in utterances:
        if utterance.role is Role.THERAPIST:
            asked = utterance.index in feedback_asked
        elif utterance.role is Role.CLIENT:
            if asked:
                answers.add(utterance.index)
            asked = False
    return answers


def _rupture_moves(episodes: Sequence[Mapping[str, Any]], invited: set[int]) -> Iterator[Move]:
    """Marker penalties and repair credit; invited feedback carries no penalty (version 5)."""
    for episode in episodes:
        start = int(episode["start_index"])
        if start in invited:
            yield from _moves(start, "invited_feedback", INVITED_FEEDBACK_WEIGHTS)
        else:
            for item in episode["marker_evidence"]:
                marker = str(item["marker"])
                yield from _moves(int(item["index"]), f"rupture:{marker}", MARKER_WEIGHTS[marker])
        if episode["resolved"] and episode["resolution_index"] is not None:
            yield from _moves(int(episode["resolution_index"]), "rupture_repaired", REPAIR_WEIGHTS)
