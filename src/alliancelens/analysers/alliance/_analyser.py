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

from alliancelens.analysers._phrases import Phrase, PhraseIndex
from alliancelens.analysers.alliance._signals import (
    MARKER_WEIGHTS,
    REPAIR_WEIGHTS,
    SIGNALS,
    Signal,
)
from alliancelens.analysers.base import Analyser, FindingSet
from alliancelens.analysers.registry import register
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
_ASKS_ADVICE = Phrase(
    r"\bwhat (should|would|do|can) (i|you)\b|\bany (advice|tips|ideas)\b|\bwhat can i do\b"
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
    version = 4
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
        moves = [*_text_moves(session.utterances, set(marked)), *_rupture_moves(episodes)]
        value = self._summary(moves, ruptures=episodes if summaries else None)
        yield self.session_finding(
            "alliance.summary",
            value,
            utterance_indexes=value["evidence_indexes"],
            scores={"index": value["index"], **{s: value[s]["score"] for s in SUBSCALES}},
        )

    def _summary(
        self, moves: Sequence[Move], *, ruptures: list[dict[str, Any]] | None
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


def _text_moves(utterances: Sequence[Utterance], marked: set[int]) -> Iterator[Move]:
    previous_client = ""
    previous_role: Role | None = None
    for utterance in utterances:
        text = utterance.text.translate(_QUOTES).lower()
        if utterance.role is Role.CLIENT:
            if utterance.index not in marked:  # a rupture marker outweighs polite words
                # Disagreeing with a partner (couples) is not disagreeing with the therapist.
                skip = _NEGATIVE_CLIENT if previous_role is Role.CLIENT else set()
                if _REDIRECT.search(text):
                    skip = skip | {"feels_understood"}
                yield from _matches(utterance.index, text, Role.CLIENT, skip=skip)
            previous_client = text
        elif utterance.role is Role.THERAPIST:
            skip = _advice_exemptions(text, previous_client) | _asked_not_warned(text)
            yield from _matches(utterance.index, text, Role.THERAPIST, skip=skip)
        previous_role = utterance.role


def _advice_exemptions(text: str, previous_client: str) -> set[str]:
    """Advice is MI-consistent with permission or when the client asked for it (§6.1)."""
    asked = "?" in previous_client and _ASKS_ADVICE.search(previous_client) is not None
    permission = _signal("permission_asked").pattern.search(text) is not None
    return {"advice_without_permission"} if asked or permission else set()


def _asked_not_warned(text: str) -> set[str]:
    """A danger word inside a question explores the client's belief; it is no warning (v3).

    "Where did you learn that saying no was so dangerous?" asks about the client's view; the
    MITI warning is a statement about what the behaviour will do (§6.1 Persuade). Questions
    are sentences ending in "?" or, in unpunctuated speech-to-text, opening with a question
    word.
    """
    pattern = _signal("warning_lecture").pattern
    if pattern.search(text) is None:
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


def _rupture_moves(episodes: Sequence[Mapping[str, Any]]) -> Iterator[Move]:
    for episode in episodes:
        for item in episode["marker_evidence"]:
            marker = str(item["marker"])
            yield from _moves(int(item["index"]), f"rupture:{marker}", MARKER_WEIGHTS[marker])
        if episode["resolved"] and episode["resolution_index"] is not None:
            yield from _moves(int(episode["resolution_index"]), "rupture_repaired", REPAIR_WEIGHTS)
